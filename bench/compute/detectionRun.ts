/**
 * One run of bench:compute's detection part: a fleet (fleet.ts) through consecutive epochs at one
 * sample rate, judged by the compute kind as the epoch pipeline runs it — challenges from the
 * market's events, `verify`, the epoch judgement, `settlement`, `carry` — with every lease the kind
 * faults closed on the market before the next epoch (its LeaseFaulted event), as recordVerdicts does.
 *
 * The epoch judgement is `judgeEpoch` with the oracles' own re-execution (`reexecuteTask`), which is
 * exactly what `compute.verifyEpoch` runs; called directly so the runner can be wrapped to count the
 * fuel the oracles spent re-executing sampled tasks (detectionRun.test.ts checks the verdicts are
 * compute.verifyEpoch's). Reports: the kind's simulator for every role but colluders, whose reports
 * the bench crafts (colluders.ts).
 */
import { type Challenge, type KindEvent, type KindReport, type RejectedReport, issueChallenges, seededRandom } from '@pinion/kinds'
import { type ComputeCarried, type ComputeParams, type ComputePayload, DEFAULT_COMPUTE_PARAMS, FAULT_CODES, compute, decodeComputePayload } from '@pinion/kinds/compute'
import { type Hex, keccak256, numberToHex } from 'viem'
import { type TaskRunner, judgeEpoch } from '../../packages/kinds/compute/judge.ts'
import { reexecuteTask } from '../../packages/kinds/compute/reexecute.ts'
import { colluderReports } from './colluders.ts'
import { FIRST_EPOCH, type FleetSize, type Role, buildFleet, epochOf, faultEvent } from './fleet.ts'

/** What became of one lease over the run. */
export type LeaseTally = {
  leaseId: bigint
  role: Role
  /** The kind's reason for the fault that closed the lease (settlement), or null. */
  fault: string | null
  /** Reveals its provider made, and how many the kind accepted. */
  reveals: number
  accepted: number
  /** Its rejected reports by reason. */
  rejected: Record<string, number>
}

export type RunTally = {
  seed: number
  ratePpm: number
  leases: LeaseTally[]
  /** Re-executions the oracles ran (each oracle runs them all) and their fuel. */
  reexecutions: number
  reexecutedFuel: bigint
  /** Fuel of the honest providers' accepted reveals (honest and partner leases): the useful work. */
  usefulFuel: bigint
  /** Of which re-executed (sampled, and found right): what an all-honest fleet would have cost the oracles. */
  usefulReexecutedFuel: bigint
}

export type RunOptions = {
  seed: number
  ratePpm: number
  fleet: FleetSize
  tasks: number
  epochs: number
  params?: ComputeParams
  /** Judge each epoch with compute.verifyEpoch itself (re-execution fuel is then not counted): for the test that the two agree. */
  viaKind?: boolean
}

const HONEST_ROLES: readonly Role[] = ['honest', 'partner']
const FAULT_NAMES = new Map(Object.entries(FAULT_CODES).map(([name, code]) => [String(code), name]))

export function runDetection(options: RunOptions): RunTally {
  const { seed, ratePpm } = options
  const params: ComputeParams = { ...(options.params ?? DEFAULT_COMPUTE_PARAMS), sampleRatePpm: ratePpm }
  const fleet = buildFleet(options.fleet, seed, options.tasks)
  const byDevice = new Map(fleet.leases.map((l) => [l.deviceId, l]))
  const colluders = new Set(fleet.leases.filter((l) => l.role === 'colluder').map((l) => l.deviceId))
  const simulated = fleet.leases.filter((l) => l.role !== 'colluder').map((l) => ({ deviceId: l.deviceId, behaviour: l.role === 'partner' ? 'honest' : l.role, location: null }))
  const tallies = new Map(fleet.leases.map((l) => [l.leaseId, { leaseId: l.leaseId, role: l.role, fault: null, reveals: 0, accepted: 0, rejected: {} } as LeaseTally]))

  let reexecutions = 0
  let reexecutedFuel = 0n
  const counting: TaskRunner = (task) => {
    const run = reexecuteTask(task)
    reexecutions += 1
    reexecutedFuel += run.fuelUsed
    return run
  }
  let usefulFuel = 0n
  let usefulReexecutedFuel = 0n

  const events: KindEvent[] = [...fleet.events]
  let carried: ComputeCarried | null = null
  let sequence = 0n
  for (let n = FIRST_EPOCH; n < FIRST_EPOCH + BigInt(options.epochs); n++) {
    const epoch = epochOf(seed, n)
    const { state, stake } = compute.chain!.fold(events, epoch, params)
    const challenges: Challenge[] = issueChallenges(compute, { epoch, devices: fleet.devices, stake, params, chain: state })
    const inputs = { challenges, revenue: new Map(), stake: new Map(), operatorStake: new Map() }
    const random = seededRandom(seed * 1_000 + Number(n))
    const made = [...colluderReports(challenges, colluders, fleet.jobs, epoch, FIRST_EPOCH), ...compute.simulate({ epoch, devices: simulated, params, challenges, random })]
    const reports: KindReport<ComputePayload>[] = made.map((r) => {
      sequence += 1n
      return {
        reportId: keccak256(numberToHex(sequence, { size: 32 })),
        deviceId: r.deviceId,
        sequence,
        timestampMs: r.timestampMs,
        payloadType: r.payloadType,
        payload: decodeComputePayload(r.payloadType, r.payload),
      }
    })

    const verdicts = new Map<Hex, string | null>()
    for (const report of reports) {
      const verdict = compute.verify(report, { epoch, device: fleet.devices.get(report.deviceId)!, params, carried, inputs })
      verdicts.set(report.reportId, verdict.valid ? null : verdict.reason)
    }
    const ctx = { epoch, devices: fleet.devices, params, carried, inputs }
    const passed = reports.filter((r) => verdicts.get(r.reportId) === null)
    const rejections = options.viaKind === true ? compute.verifyEpoch!(passed, ctx, []) : judgeEpoch(passed, ctx, counting).rejections
    for (const [id, reason] of rejections) verdicts.set(id, reason)
    const accepted = reports.filter((r) => verdicts.get(r.reportId) === null)
    const rejected = reports.flatMap((report) => {
      const reason = verdicts.get(report.reportId)
      return reason === null || reason === undefined ? [] : [{ report, reason }]
    })
    const records = compute.settlement!.records({ epoch, params, carried, challenges, accepted, rejected })
    const rejectedReports: RejectedReport[] = rejected.map(({ report, reason }) => ({ deviceId: report.deviceId, reason, report }))
    const next = compute.carry!(carried, accepted, ctx, rejectedReports)

    for (const report of reports) {
      const payload = report.payload
      if (payload.type === 'module-chunk') continue
      const tally = tallies.get(payload.leaseId)!
      const reason = verdicts.get(report.reportId)!
      if (payload.type === 'task-reveal') {
        tally.reveals += 1
        if (reason === null) tally.accepted += 1
      }
      if (reason !== null) tally.rejected[reason] = (tally.rejected[reason] ?? 0) + 1
    }
    // Useful work: honest providers' accepted reveals; of it, what the oracles re-executed (carry's
    // `verified`: sampled and found right).
    const verified = new Set(next.revealed.filter((r) => r.epoch === n && r.verified).map((r) => `${r.deviceId}:${r.specHash}:${r.task}`))
    for (const report of accepted) {
      const payload = report.payload
      if (payload.type !== 'task-reveal' || !HONEST_ROLES.includes(byDevice.get(report.deviceId)!.role)) continue
      usefulFuel += payload.fuelUsed
      if (verified.has(`${report.deviceId}:${byDevice.get(report.deviceId)!.specHash}:${payload.task}`)) usefulReexecutedFuel += payload.fuelUsed
    }
    for (const record of records) {
      if (record.fault === '0') continue
      const leaseId = BigInt(record.leaseId as string)
      const tally = tallies.get(leaseId)!
      if (tally.fault === null) tally.fault = FAULT_NAMES.get(record.fault as string) ?? `fault ${record.fault}`
      events.push(faultEvent(leaseId, n, Number(record.fault), 1_000_000n + BigInt(events.length)))
    }
    carried = next
  }
  return { seed, ratePpm, leases: [...tallies.values()], reexecutions, reexecutedFuel, usefulFuel, usefulReexecutedFuel }
}
