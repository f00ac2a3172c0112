import { type Hex, concat, hexToBytes, numberToHex, sha256 } from 'viem'
import { answeredBefore } from '../src/firstAnswers.ts'
import type { KindReport, ScoreContext } from '../src/kind.ts'
import { EMPTY_COMPUTE_CARRIED, type ComputeCarried, type OpenCommitment } from './carried.ts'
import { isSampled, resultCommitment } from './commitment.ts'
import { leaseIndex } from './duty.ts'
import { type JobManifest, decodeManifest } from './manifest.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload, ModuleChunkReport, TaskCommitReport, TaskRevealReport } from './payload.ts'
import type { ComputeReason } from './reasons.ts'
import { usageSigner } from './usage.ts'

/** One deterministic run of a task, as the oracles re-execute it (runtime/). */
export type TaskRunner = (task: { module: Uint8Array; moduleHash: Hex; input: Uint8Array; fuel: bigint; memoryPages: number; seed: Uint8Array }) => {
  resultHash: Hex
  exitCode: number
  fuelUsed: bigint
}

/** A reveal that passed every check up to its re-execution, with what holding it against others needs. */
type CheckedReveal = { report: KindReport<TaskRevealReport>; specHash: Hex; redundancy: number; commitmentEpoch: bigint; sampled: boolean }

/** The kind's judgement of an epoch's reports that passed `verify`. */
export type EpochJudgement = {
  /** Report id → the reason it is rejected. */
  rejections: Map<Hex, ComputeReason>
}

/** The seed of a task's run, the same for every provider and oracle: sha256(specHash ‖ uint32 task). */
export function taskSeed(specHash: Hex, task: number): Uint8Array {
  return hexToBytes(sha256(concat([specHash, numberToHex(task, { size: 4 })])))
}

/**
 * Judges the epoch's commitments and reveals against each other, the leases' jobs and what earlier
 * epochs left (carried.ts), in the order they were made (timestamp, then sequence, then id):
 * - a commitment needs its lease's job (relayed this epoch or before), a task of that job, and no
 *   earlier commitment to the task;
 * - a reveal needs a commitment from an earlier epoch that it opens, the job's input for the task,
 *   fuel within the job's limit, and no earlier reveal of the task;
 * - a reveal whose commitment was drawn for the sample (isSampled, from the entropy of the epoch after
 *   the commitment's) is re-executed from the module its provider published this epoch: another
 *   result, or less fuel than claimed, is a fault;
 * - then it needs the customer's counter-signature of its usage (without it, it opened its
 *   commitment but earns nothing), to agree with its k-of-n job's reference, and not to be a result
 *   another provider revealed for the same job's task by the epoch of this commitment (a copy).
 * Module chunks and jobs are never rejected here: they are evidence, and only the reveal that needs
 * them can be wrong.
 */
export function judgeEpoch(reports: readonly KindReport<ComputePayload>[], ctx: ScoreContext<ComputeParams, ComputeCarried>, run: TaskRunner): EpochJudgement {
  const carried = ctx.carried ?? EMPTY_COMPUTE_CARRIED
  const leases = leaseIndex(ctx.inputs.challenges)
  const epoch = ctx.epoch.epoch
  const ordered = [...reports].sort((a, b) => (answeredBefore(a, b) ? -1 : answeredBefore(b, a) ? 1 : 0))

  const manifests = new Map<bigint, JobManifest>()
  for (const record of carried.leases) if (record.manifest !== null) manifests.set(record.leaseId, decodeManifest(hexToBytes(record.manifest)))
  const chunks = new Map<string, ModuleChunkReport[]>()
  for (const report of ordered) {
    const payload = report.payload
    if (payload.type === 'job' && !manifests.has(payload.leaseId)) manifests.set(payload.leaseId, decodeManifest(payload.manifest))
    if (payload.type === 'module-chunk') {
      const key = `${report.deviceId}:${payload.module}`
      const list = chunks.get(key) ?? []
      if (list[payload.index] === undefined && (list.length === 0 || list.find((c) => c !== undefined)?.count === payload.count)) list[payload.index] = payload
      chunks.set(key, list)
    }
  }
  const modules = new Map<string, Uint8Array | null>()
  /** The module `hash` as `deviceId` published it this epoch: every chunk, hashing to it; else null. */
  const moduleOf = (deviceId: Hex, hash: Hex): Uint8Array | null => {
    const key = `${deviceId}:${hash}`
    if (modules.has(key)) return modules.get(key)!
    const list = chunks.get(key) ?? []
    const count = list.find((c) => c !== undefined)?.count ?? 0
    let bytes: Uint8Array | null = null
    if (count > 0 && list.length === count && list.every((c) => c !== undefined)) {
      const whole = concat(list.map((c) => c.data))
      if (sha256(whole) === hash) bytes = whole
    }
    modules.set(key, bytes)
    return bytes
  }

  const open = new Map<string, OpenCommitment>(carried.commitments.map((c) => [`${c.leaseId}:${c.task}`, c]))
  const committed = new Set<string>()
  const revealedNow = new Set<string>()
  for (const record of carried.leases) {
    for (const task of record.committed) committed.add(`${record.leaseId}:${task}`)
    for (const task of record.revealed) revealedNow.add(`${record.leaseId}:${task}`)
  }

  const rejections = new Map<Hex, ComputeReason>()
  const revealedHere: { specHash: Hex; task: number; resultHash: Hex; verified: boolean }[] = []
  // First pass, in order: commitments, and each reveal up to its re-execution.
  const checked: CheckedReveal[] = []
  for (const report of ordered) {
    const payload = report.payload
    if (payload.type === 'task-commit') {
      const reason = judgeCommit(report as KindReport<TaskCommitReport>)
      if (reason !== null) rejections.set(report.reportId, reason)
    }
    if (payload.type === 'task-reveal') {
      const outcome = checkReveal(report as KindReport<TaskRevealReport>)
      if (typeof outcome === 'string') rejections.set(report.reportId, outcome)
      else checked.push(outcome)
    }
  }
  // The results the oracles re-executed this epoch and found right: the reference of their tasks on
  // k-of-n jobs, for reveals before them in the epoch as much as after.
  const verifiedHere = checked.filter((c) => c.sampled).map((c) => ({ specHash: c.specHash, task: c.report.payload.task, resultHash: c.report.payload.resultHash }))
  // Second pass, in order: each reveal against its job's other providers, then the copy rule.
  for (const reveal of checked) {
    const reason = holdReveal(reveal)
    if (reason !== null) rejections.set(reveal.report.reportId, reason)
  }
  return { rejections }

  function judgeCommit(report: KindReport<TaskCommitReport>): ComputeReason | null {
    const { leaseId, task } = report.payload
    const manifest = manifests.get(leaseId)
    if (manifest === undefined) return 'NO_JOB'
    if (task >= manifest.tasks.length) return 'TASK_OUT_OF_RANGE'
    const key = `${leaseId}:${task}`
    if (committed.has(key)) return 'DUPLICATE_COMMIT'
    committed.add(key)
    return null
  }

  /** A reveal's checks up to its re-execution: the reason it fails, or what the second pass needs. */
  function checkReveal(report: KindReport<TaskRevealReport>): ComputeReason | CheckedReveal {
    const reveal = report.payload
    const lease = leases.get(reveal.leaseId)!
    const manifest = manifests.get(reveal.leaseId)
    if (manifest === undefined) return 'NO_JOB'
    if (reveal.task >= manifest.tasks.length) return 'TASK_OUT_OF_RANGE'
    const key = `${reveal.leaseId}:${reveal.task}`
    if (revealedNow.has(key)) return 'DUPLICATE_REVEAL'
    const commitment = open.get(key)
    if (commitment === undefined || commitment.epoch >= epoch) return 'REVEAL_WITHOUT_COMMITMENT'
    revealedNow.add(key)
    if (resultCommitment(reveal.resultHash, report.deviceId, reveal.salt) !== commitment.commitment) return 'REVEAL_MISMATCH'
    if (sha256(reveal.input) !== manifest.tasks[reveal.task]) return 'INPUT_MISMATCH'
    if (reveal.fuelUsed > manifest.fuelPerTask) return 'USAGE_OVERCLAIMED'
    const sampled = commitment.sampled ?? isSampled(ctx.epoch.entropy, commitment.commitment, ctx.params.sampleRatePpm)
    if (sampled) {
      const module = moduleOf(report.deviceId, manifest.module)
      if (module === null) return 'MODULE_MISSING'
      const actual = run({
        module,
        moduleHash: manifest.module,
        input: reveal.input,
        fuel: manifest.fuelPerTask,
        memoryPages: manifest.memoryPages,
        seed: taskSeed(lease.duty.specHash, reveal.task),
      })
      if (actual.resultHash !== reveal.resultHash || actual.exitCode !== reveal.exitCode) return 'RESULT_MISMATCH'
      if (reveal.fuelUsed > actual.fuelUsed) return 'USAGE_OVERCLAIMED'
    }
    // After the sample: a provider whose customer will not counter-sign still reveals (and so is no
    // REVEAL_MISSING), and an unsigned reveal escapes no re-execution.
    const usage = { leaseId: reveal.leaseId, specHash: lease.duty.specHash, task: reveal.task, resultHash: reveal.resultHash, fuelUsed: reveal.fuelUsed }
    if (usageSigner(usage, reveal.usageSignature) !== lease.duty.customer) return 'USAGE_NOT_COUNTERSIGNED'
    return { report, specHash: lease.duty.specHash, redundancy: manifest.redundancy, commitmentEpoch: commitment.epoch, sampled }
  }

  /**
   * A checked reveal held against the job's other providers — unless the oracles re-executed it, which
   * makes it the reference itself — and then the copy rule.
   */
  function holdReveal({ report, specHash, redundancy, commitmentEpoch, sampled }: CheckedReveal): ComputeReason | null {
    const { task, resultHash } = report.payload
    if (!sampled) {
      const reference = referenceResult(specHash, task, redundancy)
      if (reference !== null && reference !== resultHash) return 'REDUNDANCY_MINORITY'
    }
    const copied = carried.revealed.some(
      (r) => r.specHash === specHash && r.task === task && r.resultHash === resultHash && r.deviceId !== report.deviceId && r.epoch <= commitmentEpoch,
    )
    if (copied) return 'COMMITTED_AFTER_REVEAL'
    revealedHere.push({ specHash, task, resultHash, verified: sampled })
    return null
  }

  /**
   * What a reveal of a k-of-n job's task is held against, once there is something to hold it
   * against: a result of the task the oracles re-executed and found right (before or in this
   * epoch), else the result a strict majority of the job's k providers already revealed; null for a
   * job run once, or while neither exists (the first revealers of a task can only be caught by the
   * sample).
   */
  function referenceResult(specHash: Hex, task: number, redundancy: number): Hex | null {
    if (redundancy < 2) return null
    const verified = [...carried.revealed.filter((r) => r.verified), ...verifiedHere].find((r) => r.specHash === specHash && r.task === task)
    if (verified !== undefined) return verified.resultHash
    const known = [...carried.revealed, ...revealedHere].filter((r) => r.specHash === specHash && r.task === task)
    const votes = new Map<Hex, number>()
    for (const r of known) votes.set(r.resultHash, (votes.get(r.resultHash) ?? 0) + 1)
    for (const [resultHash, count] of votes) if (count > redundancy / 2) return resultHash
    return null
  }
}
