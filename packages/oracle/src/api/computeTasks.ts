import { qualifiedName } from '@pinion/kinds'
import { type ComputeCarried, type ComputePayload, TASK_COMMIT_PAYLOAD_TYPE, TASK_REVEAL_PAYLOAD_TYPE, compute } from '@pinion/kinds/compute'
import { decodeReportBody, openSignedReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { Db } from '../store/db.ts'
import { COMPUTE, type MarketLease } from './computeMarket.ts'

/** One of a provider's commit or reveal reports on a task, with the verdict this oracle stored for it. */
export type TaskReport = { epoch: bigint; reportId: Hex; timestampMs: bigint; valid: boolean; reason: string | null }
/** A reveal: the result and the fuel it claimed besides. */
type RevealReport = TaskReport & { exitCode: number; fuelUsed: bigint; resultHash: Hex }

/**
 * Where a task's verification stands:
 * - committed: a commitment accepted, its result not revealed (yet);
 * - accepted: its reveal accepted, and it was not drawn for re-execution;
 * - agreed: drawn, re-executed by every oracle, and the result agreed;
 * - rejected: the kind refused its reveal (or its only commitment): the reason says why.
 */
type TaskVerification = 'committed' | 'accepted' | 'agreed' | 'rejected'

export type LeaseTask = {
  task: number
  commits: TaskReport[]
  reveals: RevealReport[]
  /** Whether the oracles drew it for re-execution; null when not known (not revealed, or not drawn yet). */
  drawn: boolean | null
  verification: TaskVerification
  /** The reason of the report that decided a rejection; null otherwise. */
  reason: string | null
}

/** Reasons a reveal gets only when its task was drawn for re-execution (judge.ts). */
const DRAWN_REASONS: ReadonlySet<string> = new Set(['RESULT_MISMATCH', 'MODULE_MISSING'].map((r) => qualifiedName(COMPUTE, r)))

type StoredTaskReport = { payload: ComputePayload & { leaseId: bigint; task: number }; report: TaskReport }

/**
 * A lease's tasks, by task index: every commit and reveal its provider sent for it with this
 * oracle's verdicts (verdicts joined with reports, each report's lease and task read from its own
 * signed bytes), and whether the task was drawn for re-execution, as the kind carried it from epoch
 * to epoch (epochs.carried): a commitment's `sampled` once drawn, or a revealed result's `verified`
 * (drawn, re-executed and agreed). Tasks nobody reported on are left out.
 */
export async function leaseTasks(db: Db, lease: MarketLease): Promise<LeaseTask[]> {
  const stored = await taskReports(db, lease)
  const byTask = new Map<number, LeaseTask>()
  const taskOf = (task: number) => {
    let row = byTask.get(task)
    if (row === undefined) byTask.set(task, (row = { task, commits: [], reveals: [], drawn: null, verification: 'committed', reason: null }))
    return row
  }
  for (const { payload, report } of stored) {
    const row = taskOf(payload.task)
    if (payload.type === TASK_COMMIT_PAYLOAD_TYPE) row.commits.push(report)
    else if (payload.type === TASK_REVEAL_PAYLOAD_TYPE) row.reveals.push({ ...report, exitCode: payload.exitCode, fuelUsed: payload.fuelUsed, resultHash: payload.resultHash })
  }
  const first = stored.reduce<bigint | null>((min, s) => (min === null || s.report.epoch < min ? s.report.epoch : min), null)
  const carried = first === null ? [] : await carriedSince(db, first)
  for (const { epoch, state } of carried) {
    for (const c of state.commitments) if (c.leaseId === lease.leaseId && c.sampled !== null && byTask.has(c.task)) byTask.get(c.task)!.drawn = c.sampled
    for (const r of state.revealed) {
      // A result revealed in this epoch by this lease's device for its job: an accepted reveal's record.
      if (r.epoch !== epoch || r.specHash !== lease.specHash || r.deviceId !== lease.deviceId) continue
      const row = byTask.get(r.task)
      if (row?.reveals.some((v) => v.valid && v.epoch === epoch)) row.drawn = r.verified
    }
  }
  for (const row of byTask.values()) {
    const order = (a: TaskReport, b: TaskReport) =>
      a.epoch !== b.epoch ? (a.epoch < b.epoch ? -1 : 1) : a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0
    row.commits.sort(order)
    row.reveals.sort(order)
    const accepted = row.reveals.find((r) => r.valid)
    const refused = row.reveals.find((r) => !r.valid)
    if (accepted !== undefined) row.verification = row.drawn === true ? 'agreed' : 'accepted'
    else if (refused !== undefined) {
      row.verification = 'rejected'
      row.reason = refused.reason
      if (refused.reason !== null && DRAWN_REASONS.has(refused.reason)) row.drawn = true
    } else if (!row.commits.some((c) => c.valid)) {
      row.verification = 'rejected'
      row.reason = row.commits[0]?.reason ?? null
    }
  }
  return [...byTask.values()].sort((a, b) => a.task - b.task)
}

/** The commit and reveal reports of `lease`'s device that this oracle judged, with their verdicts, those of `lease` only. */
async function taskReports(db: Db, lease: MarketLease): Promise<StoredTaskReport[]> {
  const { rows } = await db.query<{ epoch: unknown; report_id: Hex; valid: boolean; reason: string | null; timestamp_ms: unknown; signed: Uint8Array }>(
    `select v.epoch, v.report_id, v.valid, v.reason, r.timestamp_ms, r.signed
       from verdicts v join reports r on r.report_id = v.report_id
      where v.device_id = $1 and r.kind = $2 and r.payload_type in ($3, $4)`,
    [lease.deviceId, COMPUTE, TASK_COMMIT_PAYLOAD_TYPE, TASK_REVEAL_PAYLOAD_TYPE],
  )
  const reports: StoredTaskReport[] = []
  for (const row of rows) {
    const payload = payloadOf(row.signed)
    if (payload === undefined || payload.leaseId !== lease.leaseId) continue
    reports.push({
      payload,
      report: { epoch: BigInt(String(row.epoch)), reportId: row.report_id, timestampMs: BigInt(String(row.timestamp_ms)), valid: row.valid, reason: row.reason },
    })
  }
  return reports
}

/** A stored compute report's commit or reveal, read from its signed bytes; undefined when they do not decode as one (refused before the kind saw it). */
function payloadOf(signed: Uint8Array): (ComputePayload & { leaseId: bigint; task: number }) | undefined {
  try {
    const body = decodeReportBody(openSignedReport(signed).body)
    const payload = compute.decodePayload(body.payloadType, body.payload)
    return payload.type === TASK_COMMIT_PAYLOAD_TYPE || payload.type === TASK_REVEAL_PAYLOAD_TYPE ? payload : undefined
  } catch {
    return undefined
  }
}

/** The compute kind's carried state after each computed epoch from `from` on, in epoch order. */
async function carriedSince(db: Db, from: bigint): Promise<{ epoch: bigint; state: ComputeCarried }[]> {
  const { rows } = await db.query<{ epoch: unknown; carried: unknown }>('select epoch, carried from epochs where epoch >= $1 order by epoch', [from.toString()])
  const states: { epoch: bigint; state: ComputeCarried }[] = []
  for (const row of rows) {
    const state = computeCarriedOf(row.carried)
    if (state !== null) states.push({ epoch: BigInt(String(row.epoch)), state })
  }
  return states
}

/** The compute kind's part of an epoch's stored carried state (every kind's, by name), validated; null when it has none. */
export function computeCarriedOf(stored: unknown): ComputeCarried | null {
  const all = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Record<string, unknown> | null
  const own = all !== null && typeof all === 'object' && Object.hasOwn(all, COMPUTE) ? all[COMPUTE] : undefined
  return own === undefined || own === null ? null : (compute.parseCarried!(own) as ComputeCarried)
}
