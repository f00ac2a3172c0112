import { type Hex, keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindReport } from '../src/kind.ts'
import type { ComputeCarried } from './carried.ts'
import { isSampled, resultCommitment } from './commitment.ts'
import { CUSTOMER_KEY, type JudgedEpoch, device, deviceId, epochWindow, judge, leaseEvents, sha256Job } from './fixtures.ts'
import { taskSeed } from './judge.ts'
import { encodeManifest } from './manifest.ts'
import { DEFAULT_COMPUTE_PARAMS } from './params.ts'
import type { ComputePayload, TaskRevealReport } from './payload.ts'
import { MODULE_CHUNK_BYTES } from './rules.ts'
import { runTask } from './runtime/runTask.ts'
import { FAULT_CODES } from './settlement.ts'
import { holdJob } from './simulate.ts'
import { signUsageWithKey } from './usage.ts'

// Every reason of the kind, each with the report that earns it beside the one that does not: lease 1
// (device 1) and lease 2 (device 2) run the same 3-task sha256 job, started before epoch 20; every
// reveal is re-executed unless a test says otherwise.
const job = sha256Job(3, 7)
const specHash = holdJob(job)
const devices = [device(1), device(2), device(3)]
const started = epochWindow(20n).startMs - 5_000n
const ALL = { ...DEFAULT_COMPUTE_PARAMS, sampleRatePpm: 1_000_000 }
const NONE = { ...DEFAULT_COMPUTE_PARAMS, sampleRatePpm: 0 }
const SALT = keccak256(stringToBytes('salt'))
const honest = (task: number) =>
  runTask({ module: job.module, input: job.inputs[task]!, fuel: job.parsed.fuelPerTask, memoryPages: job.parsed.memoryPages, seed: taskSeed(specHash, task) })

let sequence = 0n
function report(device: number, payload: ComputePayload, timestampMs = epochWindow(20n).startMs + 1_000n): KindReport<ComputePayload> {
  sequence += 1n
  return { reportId: keccak256(stringToBytes(`report ${sequence}`)), deviceId: deviceId(device), sequence, timestampMs, payloadType: payload.type, payload }
}
const at = (epoch: bigint) => epochWindow(epoch).startMs + 1_000n
const jobReport = (device: number, lease: bigint, epoch: bigint, manifest = job.manifest) => report(device, { type: 'job', leaseId: lease, manifest }, at(epoch))
const commit = (device: number, lease: bigint, task: number, epoch: bigint, resultHash = honest(task).resultHash) =>
  report(device, { type: 'task-commit', leaseId: lease, task, commitment: resultCommitment(resultHash, deviceId(device), SALT) }, at(epoch))
const chunks = (device: number, epoch: bigint, module = job.module) => {
  const count = Math.ceil(module.length / MODULE_CHUNK_BYTES)
  return Array.from({ length: count }, (_, index) =>
    report(
      device,
      { type: 'module-chunk', module: job.parsed.module, index, count, data: module.subarray(index * MODULE_CHUNK_BYTES, (index + 1) * MODULE_CHUNK_BYTES) },
      at(epoch),
    ),
  )
}
function reveal(device: number, lease: bigint, task: number, epoch: bigint, overrides: Partial<TaskRevealReport> = {}) {
  const run = honest(task)
  const payload: TaskRevealReport = {
    type: 'task-reveal',
    leaseId: lease,
    task,
    input: job.inputs[task]!,
    exitCode: run.exitCode,
    fuelUsed: run.fuelUsed,
    resultHash: run.resultHash,
    salt: SALT,
    usageSignature: '0x',
    ...overrides,
  }
  const usage = { leaseId: lease, specHash, task, resultHash: payload.resultHash, fuelUsed: payload.fuelUsed }
  return report(device, { ...payload, usageSignature: overrides.usageSignature ?? signUsageWithKey(CUSTOMER_KEY, usage) }, at(epoch) + 2_000n)
}

const leases = (redundancy = 1) => leaseEvents([1, 2].map((n) => ({ leaseId: BigInt(n), device: n, specHash: redundancy === 1 ? specHash : redundantSpec, startedAtMs: started })))
const redundantJob = { ...job, parsed: { ...job.parsed, redundancy: 3 } }
redundantJob.manifest = encodeManifest(redundantJob.parsed)
const redundantSpec = holdJob(redundantJob)

/** Epoch 20 with `first`, then epoch 21 with `second`, carried between them; the verdicts of `second`'s reports. */
function twoEpochs(
  first: KindReport<ComputePayload>[],
  second: KindReport<ComputePayload>[],
  params = ALL,
  events = leases(),
): { one: JudgedEpoch; two: JudgedEpoch; reasons: (string | null)[] } {
  const one = judge(20n, devices, events, first, null, params)
  const two = judge(21n, devices, events, second, one.carried, params)
  return { one, two, reasons: second.map((r) => two.verdicts.get(r.reportId)!) }
}
const verdictsOf = (epoch: JudgedEpoch, reports: KindReport<ComputePayload>[]) => reports.map((r) => epoch.verdicts.get(r.reportId))

describe('the compute kind judges each report by its rule', () => {
  it('UNKNOWN_LEASE: a lease not running this epoch; NOT_YOUR_LEASE: a lease another device won', () => {
    const epoch = judge(20n, devices, leases(), [], null, ALL)
    const reports = [jobReport(1, 1n, 20n), jobReport(1, 3n, 20n), jobReport(2, 1n, 20n), report(3, { type: 'task-commit', leaseId: 9n, task: 0, commitment: SALT })]
    const judged = judge(20n, devices, leases(), reports, null, ALL)
    expect(epoch.challenges).toHaveLength(2)
    expect(verdictsOf(judged, reports)).toEqual([null, 'UNKNOWN_LEASE', 'NOT_YOUR_LEASE', 'UNKNOWN_LEASE'])
  })

  it('UNKNOWN_LEASE: a lease whose duration was over when the epoch began', () => {
    const short = leaseEvents([{ leaseId: 1n, device: 1, specHash, startedAtMs: started, durationSeconds: 4n }])
    const reports = [jobReport(1, 1n, 20n)]
    expect(verdictsOf(judge(20n, devices, short, reports, null, ALL), reports)).toEqual(['UNKNOWN_LEASE'])
  })

  it("SPEC_MISMATCH: a manifest that is not the order's, or no manifest", () => {
    const other = encodeManifest({ ...job.parsed, fuelPerTask: job.parsed.fuelPerTask + 1n })
    const reports = [jobReport(1, 1n, 20n), jobReport(1, 1n, 20n, other), jobReport(2, 2n, 20n, stringToBytes('{}'))]
    expect(verdictsOf(judge(20n, devices, leases(), reports, null, ALL), reports)).toEqual([null, 'SPEC_MISMATCH', 'SPEC_MISMATCH'])
  })

  it('NO_JOB: a commitment before any manifest of its lease reached the oracles; TASK_OUT_OF_RANGE: a task past the job', () => {
    const reports = [commit(1, 1n, 0, 20n), jobReport(2, 2n, 20n), commit(2, 2n, 0, 20n), commit(2, 2n, 3, 20n, SALT)]
    expect(verdictsOf(judge(20n, devices, leases(), reports, null, ALL), reports)).toEqual(['NO_JOB', null, null, 'TASK_OUT_OF_RANGE'])
  })

  it('DUPLICATE_COMMIT: a second commitment to a task, in the same epoch or a later one', () => {
    const first = [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), commit(1, 1n, 0, 20n)]
    const { one, reasons } = twoEpochs(first, [commit(1, 1n, 0, 21n), commit(1, 1n, 1, 21n)])
    expect(verdictsOf(one, first)).toEqual([null, null, 'DUPLICATE_COMMIT'])
    expect(reasons).toEqual(['DUPLICATE_COMMIT', null])
  })

  it("REVEAL_WITHOUT_COMMITMENT: a reveal in its commitment's epoch, or of a task never committed to", () => {
    const same = [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), reveal(1, 1n, 0, 20n)]
    expect(verdictsOf(judge(20n, devices, leases(), same, null, ALL), same)).toEqual([null, null, 'REVEAL_WITHOUT_COMMITMENT'])
    const { reasons } = twoEpochs([jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n)], [...chunks(1, 21n), reveal(1, 1n, 1, 21n), reveal(1, 1n, 0, 21n)])
    expect(reasons.slice(-2)).toEqual(['REVEAL_WITHOUT_COMMITMENT', null])
  })

  it('REVEAL_MISMATCH: a result that does not open the commitment; DUPLICATE_REVEAL: a task revealed twice', () => {
    const { reasons, two } = twoEpochs(
      [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), commit(1, 1n, 1, 20n)],
      [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { salt: keccak256(stringToBytes('other salt')) }), reveal(1, 1n, 1, 21n), reveal(1, 1n, 1, 21n)],
    )
    expect(reasons.slice(-3)).toEqual(['REVEAL_MISMATCH', null, 'DUPLICATE_REVEAL'])
    expect(two.settlement).toEqual([
      { leaseId: '1', fault: '2' },
      { leaseId: '2', fault: '0' },
    ])
  })

  it("INPUT_MISMATCH: an input that is not the job's for that task", () => {
    const { reasons } = twoEpochs(
      [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), commit(1, 1n, 1, 20n)],
      [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { input: job.inputs[1]! }), reveal(1, 1n, 1, 21n)],
    )
    expect(reasons.slice(-2)).toEqual(['INPUT_MISMATCH', null])
  })

  it("USAGE_OVERCLAIMED: fuel past the job's limit, or past what the oracles' run used", () => {
    const run = honest(0)
    const over = run.fuelUsed + 1n
    const { reasons } = twoEpochs(
      [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), commit(1, 1n, 1, 20n), commit(1, 1n, 2, 20n)],
      [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { fuelUsed: over }), reveal(1, 1n, 1, 21n, { fuelUsed: job.parsed.fuelPerTask + 1n }), reveal(1, 1n, 2, 21n)],
    )
    expect(reasons.slice(-3)).toEqual(['USAGE_OVERCLAIMED', 'USAGE_OVERCLAIMED', null])
  })

  it("USAGE_NOT_COUNTERSIGNED: usage the lease's customer did not sign", () => {
    const stranger = keccak256(stringToBytes('not the customer'))
    const run = honest(0)
    const signature = signUsageWithKey(stranger, { leaseId: 1n, specHash, task: 0, resultHash: run.resultHash, fuelUsed: run.fuelUsed })
    const { reasons, two } = twoEpochs(
      [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), commit(1, 1n, 1, 20n)],
      [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { usageSignature: signature }), reveal(1, 1n, 1, 21n)],
    )
    expect(reasons.slice(-2)).toEqual(['USAGE_NOT_COUNTERSIGNED', null])
    // The unsigned reveal opened its commitment: no REVEAL_MISSING fault when its last epoch passes.
    expect(two.carried.commitments).toEqual([])
    const later = judge(22n, devices, leases(), [], two.carried, { ...ALL, revealEpochs: 2 })
    expect(later.settlement[0]).toEqual({ leaseId: '1', fault: '0' })
    // An unsigned reveal of a wrong result is still re-executed, and faults.
    const wrong = keccak256(stringToBytes('made up, unsigned'))
    const lazy = twoEpochs(
      [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n, wrong)],
      [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { resultHash: wrong, usageSignature: `0x${'00'.repeat(65)}` })],
    )
    expect(lazy.reasons.at(-1)).toBe('RESULT_MISMATCH')
  })

  it('MODULE_MISSING: a sampled reveal whose provider did not publish the module this epoch, or published bytes that are not it', () => {
    const corrupt = job.module.slice()
    corrupt[100]! ^= 1
    const first = [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), jobReport(2, 2n, 20n), commit(2, 2n, 0, 20n)]
    const { reasons } = twoEpochs(first, [reveal(1, 1n, 0, 21n), ...chunks(2, 21n, corrupt), reveal(2, 2n, 0, 21n)])
    expect([reasons[0], reasons.at(-1)]).toEqual(['MODULE_MISSING', 'MODULE_MISSING'])
    const unsampled = twoEpochs(first, [reveal(1, 1n, 0, 21n)], NONE)
    expect(unsampled.reasons).toEqual([null])
  })

  it('RESULT_MISMATCH: a sampled result the re-execution does not give; unsampled, it passes', () => {
    const wrong = keccak256(stringToBytes('made up'))
    const first = [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n, wrong), commit(1, 1n, 1, 20n)]
    const second = () => [...chunks(1, 21n), reveal(1, 1n, 0, 21n, { resultHash: wrong }), reveal(1, 1n, 1, 21n)]
    const sampled = twoEpochs(first, second())
    expect(sampled.reasons.slice(-2)).toEqual(['RESULT_MISMATCH', null])
    expect(sampled.two.settlement[0]).toEqual({ leaseId: '1', fault: '1' })
    expect(twoEpochs(first, second(), NONE).reasons.slice(-2)).toEqual([null, null])
  })

  it('COMMITTED_AFTER_REVEAL: a result committed to in the epoch another provider revealed it, or later', () => {
    const first = [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), jobReport(2, 2n, 20n), commit(2, 2n, 1, 20n)]
    const { two } = twoEpochs(first, [...chunks(1, 21n), reveal(1, 1n, 0, 21n), commit(2, 2n, 0, 21n)])
    const three = judge(22n, devices, leases(), [...chunks(2, 22n), reveal(2, 2n, 0, 22n), reveal(2, 2n, 1, 22n)], two.carried, ALL)
    expect([...three.verdicts.values()].slice(-2)).toEqual(['COMMITTED_AFTER_REVEAL', null])
    expect(three.settlement).toEqual([
      { leaseId: '1', fault: '0' },
      { leaseId: '2', fault: '0' },
    ])
  })

  it('REDUNDANCY_MINORITY: on a k-of-n job, a result against one the oracles verified, or against a majority', () => {
    const events = leaseEvents([1, 2, 3].map((n) => ({ leaseId: BigInt(n), device: n, specHash: redundantSpec, startedAtMs: started })))
    const wrong = keccak256(stringToBytes('colluded'))
    const jobOf = (n: number, epoch: bigint) => report(n, { type: 'job', leaseId: BigInt(n), manifest: redundantJob.manifest }, at(epoch))
    const revealOn = (n: number, task: number, epoch: bigint, resultHash?: Hex) => {
      const run = honest(task)
      const payload = { leaseId: BigInt(n), specHash: redundantSpec, task, resultHash: resultHash ?? run.resultHash, fuelUsed: run.fuelUsed }
      return report(
        n,
        {
          type: 'task-reveal',
          leaseId: BigInt(n),
          task,
          input: job.inputs[task]!,
          exitCode: run.exitCode,
          fuelUsed: run.fuelUsed,
          resultHash: payload.resultHash,
          salt: SALT,
          usageSignature: signUsageWithKey(CUSTOMER_KEY, payload),
        },
        at(epoch) + BigInt(n) * 1_000n,
      )
    }
    const commitOn = (n: number, task: number, epoch: bigint, resultHash?: Hex) =>
      report(n, { type: 'task-commit', leaseId: BigInt(n), task, commitment: resultCommitment(resultHash ?? honest(task).resultHash, deviceId(n), SALT) }, at(epoch))
    // Unsampled: two colluders reveal the same wrong result first and make the majority; the honest third is the minority.
    const first = [1, 2, 3].flatMap((n) => [jobOf(n, 20n), commitOn(n, 0, 20n, n === 3 ? undefined : wrong)])
    const one = judge(20n, devices, events, first, null, NONE)
    const second = [revealOn(1, 0, 21n, wrong), revealOn(2, 0, 21n, wrong), revealOn(3, 0, 21n)]
    const two = judge(21n, devices, events, second, one.carried, NONE)
    expect(verdictsOf(two, second)).toEqual([null, null, 'REDUNDANCY_MINORITY'])
    // A colluder revealing later, unsampled, is held against the honest result the oracles re-executed.
    const a = judge(20n, devices, events, [...[1, 2, 3].map((n) => jobOf(n, 20n)), commitOn(3, 0, 20n)], null, ALL)
    const honestReveal = [...chunks(3, 21n), revealOn(3, 0, 21n)]
    const b = judge(21n, devices, events, [...honestReveal, commitOn(1, 0, 21n, wrong)], a.carried, ALL)
    expect(b.verdicts.get(honestReveal.at(-1)!.reportId)).toBeNull()
    const late = [revealOn(1, 0, 22n, wrong)]
    expect(verdictsOf(judge(22n, devices, events, late, b.carried, NONE), late)).toEqual(['REDUNDANCY_MINORITY'])
    // Two colluders reveal first, undrawn; the honest third's reveal, later in the same epoch, is drawn
    // and agrees with the oracles' run: it is the reference, and the colluders are the minority.
    const HALF = { ...DEFAULT_COMPUTE_PARAMS, sampleRatePpm: 500_000 }
    const entropy = epochWindow(21n).entropy
    const saltFor = (n: number, resultHash: Hex, drawn: boolean): Hex => {
      for (let i = 0; ; i++) {
        const salt = keccak256(stringToBytes(`salt ${i}`))
        if (isSampled(entropy, resultCommitment(resultHash, deviceId(n), salt), HALF.sampleRatePpm) === drawn) return salt
      }
    }
    const resultOf = (n: number) => (n === 3 ? honest(0).resultHash : wrong)
    const salts = [1, 2, 3].map((n) => saltFor(n, resultOf(n), n === 3))
    const committed = [1, 2, 3].flatMap((n) => [
      jobOf(n, 20n),
      report(n, { type: 'task-commit', leaseId: BigInt(n), task: 0, commitment: resultCommitment(resultOf(n), deviceId(n), salts[n - 1]!) }, at(20n)),
    ])
    const c = judge(20n, devices, events, committed, null, HALF)
    const reveals = [1, 2, 3].map((n) => {
      const run = honest(0)
      const usage = { leaseId: BigInt(n), specHash: redundantSpec, task: 0, resultHash: resultOf(n), fuelUsed: run.fuelUsed }
      return report(
        n,
        {
          type: 'task-reveal',
          leaseId: BigInt(n),
          task: 0,
          input: job.inputs[0]!,
          exitCode: run.exitCode,
          fuelUsed: run.fuelUsed,
          resultHash: resultOf(n),
          salt: salts[n - 1]!,
          usageSignature: signUsageWithKey(CUSTOMER_KEY, usage),
        },
        at(21n) + BigInt(n) * 1_000n,
      )
    })
    const d = judge(21n, devices, events, [...chunks(3, 21n), ...reveals], c.carried, HALF)
    expect(verdictsOf(d, reveals)).toEqual(['REDUNDANCY_MINORITY', 'REDUNDANCY_MINORITY', null])
    expect(d.settlement.map((r) => r.fault)).toEqual([String(FAULT_CODES.REDUNDANCY_MINORITY), String(FAULT_CODES.REDUNDANCY_MINORITY), '0'])
  })
})

describe('lease outcomes', () => {
  it('REVEAL_MISSING: a commitment not revealed by its last epoch faults the lease then, and only then', () => {
    const params = { ...ALL, revealEpochs: 2 }
    let carried: ComputeCarried | null = null
    const faults: string[] = []
    for (const [n, reports] of [
      [20n, [jobReport(1, 1n, 20n), commit(1, 1n, 0, 20n), jobReport(2, 2n, 20n), commit(2, 2n, 0, 20n)]],
      [21n, []],
      [22n, [...chunks(2, 22n), reveal(2, 2n, 0, 22n)]],
      [23n, []],
    ] as const) {
      const epoch = judge(n, devices, leases(), [...reports], carried, params)
      faults.push(epoch.settlement.map((r) => r.fault).join())
      carried = epoch.carried
    }
    expect(faults).toEqual(['0,0', '0,0', '8,0', '0,0'])
  })
})
