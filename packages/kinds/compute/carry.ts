import { type Hex, bytesToHex } from 'viem'
import { type BetaReputation, STORJ_AUDIT_REPUTATION, recordOutcomes } from '../src/betaReputation.ts'
import { answeredBefore } from '../src/firstAnswers.ts'
import type { KindReport, RejectedReport, ScoreContext } from '../src/kind.ts'
import { type ComputeCarried, EMPTY_COMPUTE_CARRIED, type LeaseRecord, type OpenCommitment, type RevealedResult, reputationOf } from './carried.ts'
import { isSampled } from './commitment.ts'
import { leaseIndex } from './duty.ts'
import { leaseOutcomes } from './outcomes.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload } from './payload.ts'
import { type ComputeReason, FAULT_REASONS } from './reasons.ts'

/**
 * Rejections that use up a task's commitment: the result was judged (a fault), can never earn (a
 * possible copy), or was revealed and re-executed if drawn but its customer would not sign it.
 */
const CONSUMING: readonly string[] = [...FAULT_REASONS, 'COMMITTED_AFTER_REVEAL' satisfies ComputeReason, 'USAGE_NOT_COUNTERSIGNED' satisfies ComputeReason]

/**
 * The compute kind's state after the epoch (carried.ts):
 * - each lease active this epoch keeps its record (first epoch, job manifest once relayed, tasks
 *   committed and revealed); leases no longer active are dropped, with all they left;
 * - commitments: the epoch's new ones join; those revealed (or judged) leave; those whose last epoch
 *   to be revealed was this one leave (leaseOutcomes made them REVEAL_MISSING); those of the previous
 *   epoch get their sample drawn from this epoch's entropy, which nobody knew when they were made;
 * - revealed results of active leases' jobs, for the copy rule;
 * - reputations: each re-executed task that agreed is a success, each fault of a lease (a report's,
 *   REVEAL_MISSING, NO_SHOW) a failure of its provider; successes first, then failures.
 */
export function carryCompute(
  previous: ComputeCarried | null,
  reports: readonly KindReport<ComputePayload>[],
  ctx: ScoreContext<ComputeParams, ComputeCarried>,
  rejected: readonly RejectedReport[] = [],
): ComputeCarried {
  const carried = previous ?? EMPTY_COMPUTE_CARRIED
  const epoch = ctx.epoch.epoch
  const leases = leaseIndex(ctx.inputs.challenges)
  const ordered = [...reports].sort((a, b) => (answeredBefore(a, b) ? -1 : answeredBefore(b, a) ? 1 : 0))

  const records = new Map<bigint, LeaseRecord>()
  for (const [leaseId] of leases) {
    const kept = carried.leases.find((r) => r.leaseId === leaseId)
    records.set(
      leaseId,
      kept === undefined ? { leaseId, since: epoch, manifest: null, committed: [], revealed: [] } : { ...kept, committed: [...kept.committed], revealed: [...kept.revealed] },
    )
  }
  const open = new Map<string, OpenCommitment>()
  for (const c of carried.commitments) if (records.has(c.leaseId)) open.set(`${c.leaseId}:${c.task}`, c)

  const successes = new Map<Hex, number>()
  const failures = new Map<Hex, number>()
  const count = (tally: Map<Hex, number>, deviceId: Hex) => tally.set(deviceId, (tally.get(deviceId) ?? 0) + 1)
  const revealed: RevealedResult[] = []
  for (const report of ordered) {
    const payload = report.payload
    if (payload.type === 'module-chunk') continue
    const record = records.get(payload.leaseId)
    if (record === undefined) continue
    if (payload.type === 'job' && record.manifest === null) record.manifest = bytesToHex(payload.manifest)
    if (payload.type === 'task-commit') {
      record.committed.push(payload.task)
      open.set(`${payload.leaseId}:${payload.task}`, {
        leaseId: payload.leaseId,
        task: payload.task,
        deviceId: report.deviceId,
        commitment: payload.commitment,
        epoch,
        sampled: null,
      })
    }
    if (payload.type === 'task-reveal') {
      const key = `${payload.leaseId}:${payload.task}`
      const commitment = open.get(key)
      const verified = commitment !== undefined && (commitment.sampled ?? isSampled(ctx.epoch.entropy, commitment.commitment, ctx.params.sampleRatePpm))
      if (verified) count(successes, report.deviceId)
      open.delete(key)
      record.revealed.push(payload.task)
      revealed.push({ specHash: leases.get(payload.leaseId)!.duty.specHash, task: payload.task, resultHash: payload.resultHash, deviceId: report.deviceId, epoch, verified })
    }
  }
  const judged = rejected.flatMap((r) => (r.report === undefined ? [] : [{ report: r.report as KindReport<ComputePayload>, reason: r.reason }]))
  for (const rejection of judged) {
    const payload = rejection.report.payload
    if (payload.type !== 'task-reveal' || !CONSUMING.includes(rejection.reason)) continue
    const record = records.get(payload.leaseId)
    if (record === undefined) continue
    open.delete(`${payload.leaseId}:${payload.task}`)
    if (!record.revealed.includes(payload.task)) record.revealed.push(payload.task)
  }
  const outcomes = leaseOutcomes({
    epoch: ctx.epoch,
    params: ctx.params,
    carried: previous,
    challenges: ctx.inputs.challenges,
    accepted: reports,
    rejected: judged,
  })
  for (const outcome of outcomes) if (outcome.fault !== null) count(failures, outcome.deviceId)

  const commitments: OpenCommitment[] = []
  for (const c of open.values()) {
    if (c.epoch + BigInt(ctx.params.revealEpochs) <= epoch) continue
    const drawn = c.sampled === null && c.epoch === epoch - 1n ? isSampled(ctx.epoch.entropy, c.commitment, ctx.params.sampleRatePpm) : c.sampled
    commitments.push({ ...c, sampled: drawn })
  }
  const activeSpecs = new Set([...leases.values()].map((l) => l.duty.specHash))
  const results = [...carried.revealed.filter((r) => activeSpecs.has(r.specHash)), ...revealed]

  const next = new Map<Hex, BetaReputation>(Object.entries(carried.reputations) as [Hex, BetaReputation][])
  for (const deviceId of new Set([...successes.keys(), ...failures.keys()])) {
    let reputation = reputationOf(previous, deviceId)
    const passed = successes.get(deviceId) ?? 0
    const failed = failures.get(deviceId) ?? 0
    if (passed > 0) reputation = recordOutcomes(reputation, STORJ_AUDIT_REPUTATION, true, passed)
    if (failed > 0) reputation = recordOutcomes(reputation, STORJ_AUDIT_REPUTATION, false, failed)
    next.set(deviceId, reputation)
  }
  const reputations: Record<Hex, BetaReputation> = {}
  for (const deviceId of [...next.keys()].sort()) reputations[deviceId] = next.get(deviceId)!

  const byLeaseTask = (a: { leaseId: bigint; task: number }, b: { leaseId: bigint; task: number }) => (a.leaseId < b.leaseId ? -1 : a.leaseId > b.leaseId ? 1 : a.task - b.task)
  return {
    commitments: commitments.sort(byLeaseTask),
    leases: [...records.values()]
      .map((r) => ({ ...r, committed: [...r.committed].sort((a, b) => a - b), revealed: [...r.revealed].sort((a, b) => a - b) }))
      .sort((a, b) => (a.leaseId < b.leaseId ? -1 : 1)),
    revealed: results.sort((a, b) =>
      a.specHash !== b.specHash
        ? a.specHash < b.specHash
          ? -1
          : 1
        : a.task !== b.task
          ? a.task - b.task
          : a.deviceId < b.deviceId
            ? -1
            : a.deviceId > b.deviceId
              ? 1
              : Number(a.epoch - b.epoch),
    ),
    reputations,
  }
}
