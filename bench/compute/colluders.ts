/**
 * Colluding providers, which the compute kind's simulator does not model (simulate.ts has honest,
 * lazy, overclaimer, copier and no-show): the bench crafts their reports. Two providers of a
 * redundancy-3 job agree on a made-up result for every task, commit to it on the schedule an honest
 * provider keeps (TASKS_PER_EPOCH tasks an epoch from the lease's first, each revealed the epoch
 * after), claim the honest run's fuel, and reveal early in the epoch, before their honest partner
 * does, so that by the partner's reveal the two of them are the job's majority (judge.ts:
 * REDUNDANCY_MINORITY). They publish the module, as an honest provider does, so a sampled reveal is
 * re-executed (RESULT_MISMATCH) rather than MODULE_MISSING: a fault either way.
 */
import type { Challenge, EpochWindow, SimulatedReport } from '@pinion/kinds'
import { type ComputePayload, MODULE_CHUNK_BYTES, RUN_LEASE_CHALLENGE_TYPE, encodeComputePayload, resultCommitment, taskSeed } from '@pinion/kinds/compute'
import { runTask } from '@pinion/kinds/compute/runtime'
import { type Hex, encodePacked, keccak256 } from 'viem'
import { decodeLeaseDuty } from '../../packages/kinds/compute/duty.ts'
import type { BenchJob } from './fleet.ts'

/** simulate.ts's TASKS_PER_EPOCH (not exported): tasks a provider commits to per lease per epoch. */
export const TASKS_PER_EPOCH = 4

/** The result the colluders of a job agree on for a task: the same for both, never the task's real one. */
function colludedResult(specHash: Hex, task: number): Hex {
  return keccak256(encodePacked(['string', 'bytes32', 'uint32'], ['pinion/bench/compute/colluded', specHash, task]))
}

const honestFuel = new Map<string, bigint>()
function fuelOf(job: BenchJob, task: number): bigint {
  const key = `${job.specHash}:${task}`
  let fuel = honestFuel.get(key)
  if (fuel === undefined) {
    fuel = runTask({ module: job.module, input: job.inputs[task]!, fuel: job.parsed.fuelPerTask, memoryPages: job.parsed.memoryPages, seed: taskSeed(job.specHash, task) }).fuelUsed
    honestFuel.set(key, fuel)
  }
  return fuel
}

/**
 * The reports of the colluders' leases among `challenges` (the leases running this epoch) for epoch
 * `epoch`, each lease's first epoch being `firstEpoch`. Timestamps sit in the first 10 % of the
 * epoch; the simulator's honest providers report in 10–90 %.
 */
export function colluderReports(
  challenges: readonly Challenge[],
  colluders: ReadonlySet<Hex>,
  jobs: ReadonlyMap<Hex, BenchJob>,
  epoch: EpochWindow,
  firstEpoch: bigint,
): SimulatedReport[] {
  const reports: SimulatedReport[] = []
  const span = epoch.endMs - epoch.startMs
  for (const challenge of challenges) {
    if (challenge.kind !== 'compute' || challenge.challengeType !== RUN_LEASE_CHALLENGE_TYPE || !colluders.has(challenge.deviceId)) continue
    const duty = decodeLeaseDuty(challenge.payload)
    const job = jobs.get(duty.specHash)!
    const deviceId = challenge.deviceId
    let tick = 0n
    const report = (payload: ComputePayload) => {
      tick += 1n
      reports.push({ deviceId, timestampMs: epoch.startMs + (span * tick) / 1_000n, payloadType: payload.type, payload: encodeComputePayload(payload) })
    }
    const salt = (task: number) => keccak256(encodePacked(['string', 'bytes32', 'uint256', 'uint32'], ['pinion/bench/compute/colluder-salt', deviceId, duty.leaseId, task]))
    report({ type: 'job', leaseId: duty.leaseId, manifest: job.manifest })
    let revealed = false
    for (let task = 0; task < job.parsed.tasks.length; task++) {
      const committedIn = firstEpoch + BigInt(Math.floor(task / TASKS_PER_EPOCH))
      const resultHash = colludedResult(job.specHash, task)
      if (committedIn === epoch.epoch) report({ type: 'task-commit', leaseId: duty.leaseId, task, commitment: resultCommitment(resultHash, deviceId, salt(task)) })
      if (committedIn + 1n === epoch.epoch) {
        const fuelUsed = fuelOf(job, task)
        const usage = { leaseId: duty.leaseId, specHash: job.specHash, task, resultHash, fuelUsed }
        report({
          type: 'task-reveal',
          leaseId: duty.leaseId,
          task,
          input: job.inputs[task]!,
          exitCode: 0,
          fuelUsed,
          resultHash,
          salt: salt(task),
          usageSignature: job.acceptUsage(usage),
        })
        revealed = true
      }
    }
    if (revealed) {
      const count = Math.ceil(job.module.length / MODULE_CHUNK_BYTES)
      for (let index = 0; index < count; index++) {
        report({ type: 'module-chunk', module: job.parsed.module, index, count, data: job.module.subarray(index * MODULE_CHUNK_BYTES, (index + 1) * MODULE_CHUNK_BYTES) })
      }
    }
  }
  return reports
}
