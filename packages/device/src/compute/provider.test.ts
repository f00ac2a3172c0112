import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_COMPUTE_PARAMS, type TaskRevealReport, compute, holdJob, signUsageWithKey, taskSeed } from '@pinion/kinds/compute'
import { runTask } from '@pinion/kinds/compute/runtime'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, describe, expect, it } from 'vitest'
// The compute kind's own test fixtures: its pipeline over consecutive epochs, as its judge.test.ts runs it.
import { CUSTOMER_KEY, computeReport, device, deviceId, epochWindow, judge, leaseEvents, sha256Job } from '../../../kinds/compute/fixtures.ts'
import { seededRandom } from '../../../kinds/src/seededRandom.ts'
import { openJobStore } from './jobStore.ts'
import { type ScheduledReport, scheduleProviderReports, sendProviderReports } from './provider.ts'

// Lease 1 (device 1) runs a 3-task sha256 job, started before epoch 20. The node's store holds the job
// and its honest runs; the schedule's reports go through the kind's pipeline, every reveal re-executed.
const job = sha256Job(3, 11)
const specHash = holdJob(job)
const provider = deviceId(1)
const devices = [device(1)]
const events = leaseEvents([{ leaseId: 1n, device: 1, specHash, startedAtMs: epochWindow(20n).startMs - 5_000n }])
const ALL = { ...DEFAULT_COMPUTE_PARAMS, sampleRatePpm: 1_000_000 }
const run = (task: number) =>
  runTask({ module: job.module, input: job.inputs[task]!, fuel: job.parsed.fuelPerTask, memoryPages: job.parsed.memoryPages, seed: taskSeed(specHash, task) })
const at = (n: bigint) => ({ epoch: n, startMs: epochWindow(n).startMs, endMs: epochWindow(n).endMs })
const asKindReports = (reports: readonly ScheduledReport[]) =>
  reports.map((r) => computeReport({ deviceId: provider, timestampMs: r.timestampMs, payloadType: r.payloadType, payload: r.bytes }))
const typesOf = (reports: readonly { payloadType: string }[]) => {
  const counts: Record<string, number> = {}
  for (const r of reports) counts[r.payloadType] = (counts[r.payloadType] ?? 0) + 1
  return counts
}
/** A device agent that only collects what it is given. */
const collecting = () => {
  const sent: { payloadType: string; timestampMs: bigint | undefined }[] = []
  return { sent, agent: { report: async (payloadType: string, _payload: Uint8Array, timestampMs?: bigint) => BigInt(sent.push({ payloadType, timestampMs })) } }
}

describe("a compute provider's reporting schedule", () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-provider-schedule-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const store = openJobStore(dir)
  store.putJob({ leaseId: 1n, customer: privateKeyToAddress(CUSTOMER_KEY), specHash, manifestBytes: job.manifest, module: job.module, inputs: job.inputs })
  for (let task = 0; task < 3; task++) store.recordResult(1n, task, run(task))
  const countersign = (task: number) =>
    store.recordUsageSignature(1n, task, signUsageWithKey(CUSTOMER_KEY, { leaseId: 1n, specHash, task, resultHash: run(task).resultHash, fuelUsed: run(task).fuelUsed }))
  const simulated = (n: bigint, challenges: ReturnType<typeof judge>['challenges']) =>
    compute.simulate!({ epoch: epochWindow(n), devices: [{ deviceId: provider, behaviour: 'honest', location: null }], params: ALL, challenges, random: seededRandom(Number(n)) })

  it("sends what the kind accepts over three epochs, as simulate.ts's honest provider does, and nothing twice", async () => {
    // Epoch 20: the job and a commitment to each result, as the simulated honest provider sends.
    const nowMs = epochWindow(20n).startMs + 1_000n
    const first = scheduleProviderReports(store, { deviceId: provider, epoch: at(20n), nowMs })
    const one = judge(20n, devices, events, asKindReports(first), null, ALL)
    expect([...one.verdicts.values()].every((v) => v === null)).toBe(true)
    expect(typesOf(first)).toEqual(typesOf(simulated(20n, one.challenges)))
    expect(typesOf(first)).toEqual({ job: 1, 'task-commit': 3 })
    const { agent, sent } = collecting()
    await sendProviderReports(store, agent, { deviceId: provider, epoch: at(20n), nowMs })
    expect(sent.map((s) => s.timestampMs)).toEqual(first.map(() => nowMs))
    expect(scheduleProviderReports(store, { deviceId: provider, epoch: at(20n), nowMs: nowMs + 5_000n })).toEqual([])
    // Salts are the store's random ones: three different, none the simulation's public derivation.
    expect(new Set(store.lease(1n)!.tasks.map((t) => t.salt)).size).toBe(3)

    // Epoch 21: the customer counter-signed tasks 0 and 1; their reveals go with the module's chunks. Task 2 waits.
    countersign(0)
    countersign(1)
    const second = scheduleProviderReports(store, { deviceId: provider, epoch: at(21n), nowMs: epochWindow(21n).startMs + 2_000n })
    const two = judge(21n, devices, events, asKindReports(second), one.carried, ALL)
    expect([...two.verdicts.values()].every((v) => v === null)).toBe(true)
    const chunks = Math.ceil(job.module.length / 3_072)
    expect(typesOf(second)).toEqual({ job: 1, 'module-chunk': chunks, 'task-reveal': 2 })
    expect(two.shares.find((s) => s.deviceId === provider)!.inputs).toMatchObject({ tasksAccepted: 2, tasksReexecuted: 2 })
    // The reveals carry what the simulated honest provider's do, but for the salt and the signature.
    const fields = ({ leaseId, task, input, exitCode, fuelUsed, resultHash }: TaskRevealReport) => ({
      leaseId,
      task,
      input: Buffer.from(input).toString('hex'),
      exitCode,
      fuelUsed,
      resultHash,
    })
    const simulatedReveals = simulated(21n, two.challenges)
      .map(computeReport)
      .filter((r) => r.payload.type === 'task-reveal' && r.payload.task < 2)
      .sort((a, b) => (a.payload as TaskRevealReport).task - (b.payload as TaskRevealReport).task)
    expect(second.filter((r) => r.payload.type === 'task-reveal').map((r) => fields(r.payload as TaskRevealReport))).toEqual(
      simulatedReveals.map((r) => fields(r.payload as TaskRevealReport)),
    )
    await sendProviderReports(store, collecting().agent, { deviceId: provider, epoch: at(21n), nowMs: epochWindow(21n).startMs + 2_000n })

    // Epoch 22: task 2 counter-signed late; its reveal needs the module published again this epoch.
    countersign(2)
    const third = scheduleProviderReports(store, { deviceId: provider, epoch: at(22n), nowMs: epochWindow(22n).endMs + 60_000n })
    expect(third.every((r) => r.timestampMs === epochWindow(22n).endMs - 1n)).toBe(true)
    const three = judge(22n, devices, events, asKindReports(third), two.carried, ALL)
    expect([...three.verdicts.values()].every((v) => v === null)).toBe(true)
    expect(typesOf(third)).toEqual({ job: 1, 'module-chunk': chunks, 'task-reveal': 1 })
    expect(three.settlement).toEqual([{ leaseId: '1', fault: '0' }])
  })

  it('leaves out leases the caller does not name as active, and tasks with no result', () => {
    const other = openJobStore(join(dir, 'other'))
    other.putJob({ leaseId: 2n, customer: privateKeyToAddress(CUSTOMER_KEY), specHash, manifestBytes: job.manifest, module: job.module, inputs: job.inputs })
    other.recordFailure(2n, 0, { code: 'WALL_TIME_EXCEEDED', message: 'too slow' })
    expect(scheduleProviderReports(other, { deviceId: provider, epoch: at(20n), nowMs: 0n, leaseIds: [] })).toEqual([])
    expect(typesOf(scheduleProviderReports(other, { deviceId: provider, epoch: at(20n), nowMs: 0n }))).toEqual({ job: 1 })
  })
})
