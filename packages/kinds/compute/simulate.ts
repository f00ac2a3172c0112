import { type Hex, keccak256, encodePacked, sha256 } from 'viem'
import type { EpochWindow, SimulateInput, SimulatedDevice, SimulatedReport } from '../src/kind.ts'
import { resultCommitment } from './commitment.ts'
import { type LeaseDuty, RUN_LEASE_CHALLENGE_TYPE, decodeLeaseDuty } from './duty.ts'
import { taskSeed } from './judge.ts'
import { type JobManifest, decodeManifest } from './manifest.ts'
import type { ComputeParams } from './params.ts'
import { type ComputePayload, encodeComputePayload } from './payload.ts'
import { MODULE_CHUNK_BYTES } from './rules.ts'
import { runTask } from './runtime/runTask.ts'
import type { TaskUsage } from './usage.ts'

/**
 * How simulated compute providers behave, given the leases the oracle served them this epoch
 * (run-lease challenges). Each epoch a provider relays its lease's job, commits to the results of up
 * to TASKS_PER_EPOCH tasks it ran, and reveals the results it committed to in an earlier epoch — with
 * the customer's counter-signature and, when it reveals anything, the job's module, so any sampled
 * reveal can be re-executed:
 * - honest: runs each task with the compute runtime and reports what the run gave.
 * - lazy (adversarial): runs nothing and reports a made-up result with plausible fuel: every
 *   sampled task is RESULT_MISMATCH, the lease faults and its collateral burns. At sample rate p,
 *   n lazy tasks escape with probability (1 − p)^n.
 * - overclaimer (adversarial): runs each task honestly and claims half as much fuel again:
 *   USAGE_OVERCLAIMED on the first sampled task (the oracles' run used less), or at once past the job's limit.
 * - copier (adversarial): runs nothing, and commits to the results another provider of the same job
 *   already revealed: COMMITTED_AFTER_REVEAL, never paid.
 * - no-show: wins leases and never runs anything: NO_SHOW once the lease has gone noShowEpochs
 *   epochs without a commitment.
 * Simulated providers know the jobs made known to holdJob, by specHash.
 */
export const COMPUTE_BEHAVIOURS = ['honest', 'lazy', 'overclaimer', 'copier', 'no-show'] as const
export type ComputeBehaviour = (typeof COMPUTE_BEHAVIOURS)[number]

/** Tasks a simulated provider commits to per lease per epoch. */
const TASKS_PER_EPOCH = 4

/** A job as the simulated providers get it from its customer: manifest, module, inputs, and the customer's acceptance of usage. */
export type HeldJob = {
  manifest: Uint8Array
  module: Uint8Array
  inputs: readonly Uint8Array[]
  /** The customer's counter-signature of a task's usage (synchronous: the simulation signs as it goes). */
  acceptUsage(usage: TaskUsage): Hex
}

type KnownJob = HeldJob & { parsed: JobManifest; specHash: Hex }
type TaskResult = { resultHash: Hex; exitCode: number; fuelUsed: bigint; output: Uint8Array }

// The simulated providers' view of the world: jobs by specHash, and each task's honest run (runs are
// deterministic, so this is a cache, not state: a simulation is a function of its inputs).
const jobs = new Map<Hex, KnownJob>()
const honestRuns = new Map<string, TaskResult>()

/**
 * Makes a job known to the simulated providers (a simulation-only seam: a real provider receives the
 * job from its customer, packages/device's compute agent) and returns its specHash.
 */
export function holdJob(job: HeldJob): Hex {
  const specHash = sha256(job.manifest)
  jobs.set(specHash, { ...job, parsed: decodeManifest(job.manifest), specHash })
  return specHash
}

/** The output of task `task` of the job `specHash` as an honest provider delivers it to the customer; null for a job nobody holds. */
export function simulatedOutput(specHash: Hex, task: number): Uint8Array | null {
  const job = jobs.get(specHash)
  return job === undefined ? null : honestRun(job, task).output
}

function honestRun(job: KnownJob, task: number): TaskResult {
  const key = `${job.specHash}:${task}`
  let run = honestRuns.get(key)
  if (run === undefined) {
    const result = runTask({ module: job.module, input: job.inputs[task]!, fuel: job.parsed.fuelPerTask, memoryPages: job.parsed.memoryPages, seed: taskSeed(job.specHash, task) })
    run = { resultHash: result.resultHash, exitCode: result.exitCode, fuelUsed: result.fuelUsed, output: result.output }
    honestRuns.set(key, run)
  }
  return run
}

/** The first epoch a lease started at `startedAtMs` is served in: the first to begin after it (its entropy block holds the start). */
function firstEpochOf(startedAtMs: bigint, epoch: EpochWindow): bigint {
  const length = epoch.endMs - epoch.startMs
  if (startedAtMs >= epoch.startMs) return epoch.epoch + 1n + (startedAtMs - epoch.startMs) / length
  return epoch.epoch - (epoch.startMs - startedAtMs - 1n) / length
}

/** A lease as a simulated provider sees it: its duty, its job, the first epoch its provider ran it in, its provider's behaviour. */
type SimulatedLease = { deviceId: Hex; duty: LeaseDuty; job: KnownJob; first: bigint; behaviour: ComputeBehaviour }

/**
 * The epoch in which a provider of the lease commits to task `task`; null for never. Honest-looking
 * providers commit TASKS_PER_EPOCH tasks an epoch from the lease's first; a copier commits to a task
 * in the epoch an honest lease of the same job revealed it (one after that lease committed to it).
 * Every result is revealed the epoch after its commitment.
 */
function commitEpochOf(lease: SimulatedLease, task: number, all: readonly SimulatedLease[]): bigint | null {
  if (lease.behaviour === 'no-show') return null
  if (lease.behaviour !== 'copier') return lease.first + BigInt(Math.floor(task / TASKS_PER_EPOCH))
  const source = all.find((other) => other.behaviour === 'honest' && other.job.specHash === lease.job.specHash && other.duty.leaseId !== lease.duty.leaseId)
  if (source === undefined) return null
  const revealed = source.first + BigInt(Math.floor(task / TASKS_PER_EPOCH)) + 1n
  return revealed > lease.first ? revealed : lease.first
}

/** Reports for each provider by its behaviour, provider by provider, each one's in time order. Deterministic given its input. */
export function simulateCompute(input: SimulateInput<ComputeParams>): SimulatedReport[] {
  const behaviours = new Map(input.devices.map((d) => [d.deviceId, d.behaviour as ComputeBehaviour]))
  const leases: SimulatedLease[] = []
  for (const challenge of input.challenges ?? []) {
    if (challenge.kind !== 'compute' || challenge.challengeType !== RUN_LEASE_CHALLENGE_TYPE) continue
    const duty = decodeLeaseDuty(challenge.payload)
    const job = jobs.get(duty.specHash)
    const behaviour = behaviours.get(challenge.deviceId)
    if (job === undefined || behaviour === undefined) continue
    // A lease that started before the fleet ran is run from the fleet's first epoch.
    const first = firstEpochOf(duty.startedAtMs, input.epoch)
    leases.push({ deviceId: challenge.deviceId, duty, job, first: input.since !== undefined && input.since > first ? input.since : first, behaviour })
  }
  const reports: SimulatedReport[] = []
  for (const device of input.devices) {
    const own: SimulatedReport[] = []
    for (const lease of leases) if (lease.deviceId === device.deviceId) own.push(...leaseReports(device, lease, leases, input))
    own.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
    reports.push(...own)
  }
  return reports
}

function leaseReports(device: SimulatedDevice, lease: SimulatedLease, all: readonly SimulatedLease[], input: SimulateInput<ComputeParams>): SimulatedReport[] {
  const { epoch, random } = input
  const { duty, job } = lease
  if (lease.behaviour === 'no-show') return []
  const span = epoch.endMs - epoch.startMs
  const at = (from: number, to: number) => epoch.startMs + (span * BigInt(Math.floor((from + random() * (to - from)) * 1000))) / 1000n
  const reports: SimulatedReport[] = []
  const report = (timestampMs: bigint, payload: ComputePayload) =>
    reports.push({ deviceId: device.deviceId, timestampMs, payloadType: payload.type, payload: encodeComputePayload(payload) })
  const salt = (task: number) => keccak256(encodePacked(['string', 'bytes32', 'uint256', 'uint32'], ['pinion/compute/simulated-salt', device.deviceId, duty.leaseId, task]))

  report(at(0, 0.05), { type: 'job', leaseId: duty.leaseId, manifest: job.manifest })
  let revealed = false
  for (let task = 0; task < job.parsed.tasks.length; task++) {
    const committedIn = commitEpochOf(lease, task, all)
    if (committedIn === null) continue
    if (committedIn === epoch.epoch) {
      const result = resultOf(lease, task)
      report(at(0.1, 0.9), { type: 'task-commit', leaseId: duty.leaseId, task, commitment: resultCommitment(result.resultHash, device.deviceId, salt(task)) })
    }
    if (committedIn + 1n === epoch.epoch) {
      const result = resultOf(lease, task)
      const usage = { leaseId: duty.leaseId, specHash: duty.specHash, task, resultHash: result.resultHash, fuelUsed: result.fuelUsed }
      revealed = true
      report(at(0.1, 0.9), {
        type: 'task-reveal',
        leaseId: duty.leaseId,
        task,
        input: job.inputs[task]!,
        exitCode: result.exitCode,
        fuelUsed: result.fuelUsed,
        resultHash: result.resultHash,
        salt: salt(task),
        usageSignature: job.acceptUsage(usage),
      })
    }
  }
  if (revealed) {
    const count = Math.ceil(job.module.length / MODULE_CHUNK_BYTES)
    for (let index = 0; index < count; index++) {
      const data = job.module.subarray(index * MODULE_CHUNK_BYTES, (index + 1) * MODULE_CHUNK_BYTES)
      report(at(0, 0.05), { type: 'module-chunk', module: job.parsed.module, index, count, data })
    }
  }
  return reports
}

/** What a provider of the lease's behaviour commits to for `task`. */
function resultOf(lease: SimulatedLease, task: number): TaskResult {
  const honest = honestRun(lease.job, task)
  switch (lease.behaviour) {
    case 'lazy':
      return {
        resultHash: keccak256(encodePacked(['string', 'uint256', 'uint32'], ['made up', lease.duty.leaseId, task])),
        exitCode: 0,
        fuelUsed: honest.fuelUsed,
        output: new Uint8Array(),
      }
    case 'overclaimer':
      return { ...honest, fuelUsed: honest.fuelUsed + honest.fuelUsed / 2n }
    default:
      // The copier's result is the honest lease's it copies (commitEpochOf); the rest run honestly.
      return honest
  }
}
