import type { Hex } from 'viem'
import { OracleError } from '../errors.ts'
import type { IngestResult, PublishVerdicts } from '../ingest/pipeline.ts'
import type { Db } from '../store/db.ts'
import { type ReportRow, lastSequences, reportKey, storedReportIds } from '../store/reports.ts'
import type { ReportStream } from './reportStream.ts'
import { shardOf } from './shards.ts'

export type PublishDeps = {
  stream: ReportStream
  /** The oracle's PostgreSQL: read only, to answer resubmissions and old replays without publishing them. */
  db: Db
  /** The ingest's clock (unix ms). */
  clock: () => number
  /** When the epoch holding a report's timestamp seals: its end + lateness + seal margin (rounds.ts sealAtMs). */
  sealAtOf: (timestampMs: bigint) => bigint
  /** What a refusal for an unreachable stream tells the device to wait (default 1 s). */
  retryAfterMs?: number
}

const DEFAULT_RETRY_AFTER_MS = 1_000

/**
 * The ingest node's last stage (pipeline.ts `publish`): reports that passed every stateless check
 * (envelope, device, signature, network, time window, rate) go to the report stream, on their
 * device's shard, with the report id as message id, and are acknowledged only once JetStream's
 * PubAck says they are stored (replicated, when the stream has replicas).
 *
 * What an ingest node cannot decide alone is a report's place in its device's order: another node
 * may be publishing the same device's next report right now. So the stored table is read only to
 * answer what is already settled (a resubmission of a stored report is `duplicate`; a sequence at
 * or below the stored last that is not stored is a replay, refused; another body under a stored
 * sequence is published as evidence and answered as equivocation), and everything else is decided
 * by the shard's writer in stream order (shardWriter.ts), deterministically, however often it
 * replays the stream. A device that waits for each ack before it sends the next (the device SDK's
 * outbox) has its reports in the stream in its own order.
 *
 * Lateness: a report is acknowledged only when its PubAck arrives before its epoch's sealing time
 * by this node's clock; later, the leader may already have sealed past it (streamSeal.ts), so the
 * device is told PINION_ERR_STALE_TIMESTAMP as the single-process oracle would.
 *
 * Any publish that fails (NATS unreachable, no stream leader, a timeout) refuses the whole call with
 * PINION_ERR_STREAM_UNAVAILABLE (503, retryAfterMs): nothing is acknowledged; what JetStream did
 * store meanwhile is a duplicate when the device sends it again.
 */
export function publishReports(deps: PublishDeps): (rows: readonly ReportRow[]) => Promise<PublishVerdicts> {
  const { partitions } = deps.stream.config
  return async (rows) => {
    const results: (IngestResult | undefined)[] = new Array(rows.length)
    const last = await lastSequences(deps.db, [...new Set(rows.map((row) => row.deviceId))])
    const settled = rows.filter((row) => row.sequence <= (last.get(row.deviceId) ?? -1n))
    const stored = await storedReportIds(
      deps.db,
      settled.map((row) => ({ deviceId: row.deviceId, sequence: row.sequence })),
    )
    const toPublish: number[] = []
    rows.forEach((row, i) => {
      if (row.sequence > (last.get(row.deviceId) ?? -1n)) return void toPublish.push(i)
      const storedId = stored.get(reportKey(row.deviceId, row.sequence))
      if (storedId === row.reportId) results[i] = { status: 'duplicate', reportId: row.reportId }
      else if (storedId === undefined) results[i] = replayed(row.deviceId, row.sequence, last.get(row.deviceId)!)
      else toPublish.push(i) // evidence of equivocation: the writer keeps it
    })

    // One connection publishes in call order, so a device's reports enter its shard in this order.
    let acks: { duplicate: boolean }[]
    try {
      acks = await Promise.all(toPublish.map((i) => deps.stream.publish(shardOf(rows[i]!.deviceId, partitions), rows[i]!.reportId, rows[i]!.signed, rows[i]!.receivedMs)))
    } catch (error) {
      throw new OracleError(
        'PINION_ERR_STREAM_UNAVAILABLE',
        `JetStream did not confirm the reports (${error instanceof Error ? error.message : String(error)}); nothing was acknowledged`,
        {
          cause: error,
          retryAfterMs: deps.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS,
        },
      )
    }
    const now = BigInt(Math.floor(deps.clock()))
    // A published report is the writer's to decide in the end (stored after all, if the leader
    // sealed later than this clock says; kept as evidence): its refusal is counted there, once.
    const countedByWriter = new Set<number>(toPublish)
    toPublish.forEach((i, n) => {
      const row = rows[i]!
      const storedId = stored.get(reportKey(row.deviceId, row.sequence))
      if (storedId !== undefined && storedId !== row.reportId) {
        results[i] = {
          status: 'rejected',
          code: 'PINION_ERR_EQUIVOCATION',
          message: `device ${row.deviceId} already signed a different report (${storedId}) with sequence ${row.sequence}; both are kept as evidence`,
        }
      } else if (now >= deps.sealAtOf(row.timestampMs)) {
        results[i] = {
          status: 'rejected',
          code: 'PINION_ERR_STALE_TIMESTAMP',
          message: `timestamp_ms ${row.timestampMs} falls in an epoch that was sealed while the report was on its way`,
        }
      } else {
        results[i] = { status: acks[n]!.duplicate ? 'duplicate' : 'accepted', reportId: row.reportId }
      }
    })
    return { results: results as IngestResult[], countedByWriter }
  }
}

function replayed(deviceId: Hex, sequence: bigint, last: bigint): IngestResult {
  return {
    status: 'rejected',
    code: 'PINION_ERR_REPLAYED_SEQUENCE',
    message: `sequence ${sequence} of device ${deviceId} is not above its last stored sequence ${last}, and is not a resubmission of the stored report`,
  }
}
