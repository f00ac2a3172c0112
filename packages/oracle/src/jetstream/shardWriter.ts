import { AckPolicy, type Consumer, DeliverPolicy, type JsMsg } from '@nats-io/jetstream'
import { decodeReportBody, openCanonicalSignedReport, reportIdOf } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { OracleErrorCode } from '../errors.ts'
import type { Db } from '../store/db.ts'
import { addRejectionCountsIn } from '../store/rejections.ts'
import { type ReportRow, insertConflictingReports, insertReports, lastSequences, reportKey, storedReportIds } from '../store/reports.ts'
import { waitForAdvisoryLock } from './advisoryLock.ts'
import { RECEIVED_HEADER, type ReportStream } from './reportStream.ts'
import { committedSeq, sealLockName } from './marks.ts'

/** One message of a shard as the writer reads it: its place in the stream and its report. */
export type LoggedReport = { seq: number; signed: Uint8Array; receivedMs: number }

/** What one batch did, for logs and tests. */
export type BatchOutcome = { committedSeq: number; stored: number; duplicates: number; evidence: number; replayed: number; sealed: number; malformed: number }

export type ShardWriterOptions = {
  db: Db
  /** The same PostgreSQL, for the shard's lock (a connection of its own). */
  databaseUrl: string
  stream: ReportStream
  shard: number
  /** Messages per transaction at most. */
  batchSize?: number
  /** How long one fetch waits for messages before it returns what it has. */
  fetchWaitMs?: number
  onBatch?: (outcome: BatchOutcome) => void
  onError?: (error: unknown) => void
  log?: (event: string, fields: Record<string, unknown>) => void
  /**
   * The epoch a moment (unix ms) falls in: with it, what the writer refuses (replays, reports of a
   * sealed epoch, equivocations) is counted in ingest_rejections per epoch of receipt, device and
   * code, as ingest counts its own refusals; without it, not counted.
   */
  epochOf?: ((timeMs: number) => bigint) | undefined
}

const DEFAULT_BATCH_SIZE = 2_000
/** JetStream's least (the client refuses less than a second). */
const DEFAULT_FETCH_WAIT_MS = 1_000
const RETRY_MS = 500

/**
 * Stores one batch of a shard's messages, in stream order, in one transaction with the shard's new
 * high-water mark, so a batch is stored entirely or not at all and a replayed message (seq at or
 * below the mark) is skipped: a restart neither loses nor duplicates.
 *
 * This is where a device's order and replay protection are decided, exactly as the single-process
 * oracle's pipeline decides them (pipeline.ts `store`), but by stream order rather than arrival:
 * a report above the device's last stored sequence is stored; the same report again is a duplicate;
 * another body under a stored sequence is kept as evidence of equivocation; anything else at or
 * below the last is a replay and dropped. And a report of an epoch the leader sealed before this
 * message's place in the stream is dropped (jetstream_seals; ingest never acknowledged it). Every
 * input to these decisions is in the stream or in this transaction, so replaying the stream from
 * any mark gives the same table.
 */
export async function commitBatch(
  db: Db,
  stream: string,
  shard: number,
  messages: readonly LoggedReport[],
  options: { epochOf?: ((timeMs: number) => bigint) | undefined } = {},
): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    // Shared with every other writer, exclusive with a seal being taken (streamSeal.ts).
    await tx.query('select pg_advisory_xact_lock_shared(hashtextextended($1, 0))', [sealLockName(stream)])
    const { rows: marks } = await tx.query<{ committed_seq: string }>('select committed_seq from jetstream_shards where stream = $1 and shard = $2 for update', [stream, shard])
    const mark = marks[0] === undefined ? 0 : Number(marks[0].committed_seq)
    const { rows: seals } = await tx.query<{ end_ms: string; seal_seq: string }>('select end_ms, seal_seq from jetstream_seals where stream = $1', [stream])
    const outcome: BatchOutcome = { committedSeq: mark, stored: 0, duplicates: 0, evidence: 0, replayed: 0, sealed: 0, malformed: 0 }
    const pending = messages.filter((message) => message.seq > mark).sort((a, b) => a.seq - b.seq)
    if (pending.length === 0) return outcome

    const rows: { seq: number; row: ReportRow }[] = []
    // What this batch refuses, by the code ingest would have answered (pipeline.ts).
    const refused: { row: ReportRow; code: OracleErrorCode }[] = []
    for (const message of pending) {
      const row = rowOf(message)
      if (row === undefined) {
        outcome.malformed++
        continue
      }
      // Sealed before this message's place in the stream: the latest end among seals taken earlier.
      let sealedBefore = -1n
      for (const seal of seals) if (Number(seal.seal_seq) < message.seq && BigInt(seal.end_ms) > sealedBefore) sealedBefore = BigInt(seal.end_ms)
      if (row.timestampMs < sealedBefore) {
        outcome.sealed++
        refused.push({ row, code: 'PINION_ERR_STALE_TIMESTAMP' })
        continue
      }
      rows.push({ seq: message.seq, row })
    }

    const last = await lastSequences(tx, [...new Set(rows.map(({ row }) => row.deviceId))])
    const fresh: ReportRow[] = []
    const old: ReportRow[] = []
    for (const { row } of rows) {
      if (row.sequence > (last.get(row.deviceId) ?? -1n)) {
        last.set(row.deviceId, row.sequence)
        fresh.push(row)
      } else {
        old.push(row)
      }
    }
    outcome.stored = (await insertReports(tx, fresh)).size
    const stored = await storedReportIds(
      tx,
      old.map((row) => ({ deviceId: row.deviceId, sequence: row.sequence })),
    )
    const evidence: ReportRow[] = []
    for (const row of old) {
      const id = stored.get(reportKey(row.deviceId, row.sequence))
      if (id === row.reportId) outcome.duplicates++
      else if (id !== undefined) evidence.push(row)
      else {
        outcome.replayed++
        refused.push({ row, code: 'PINION_ERR_REPLAYED_SEQUENCE' })
      }
    }
    if (evidence.length > 0) await insertConflictingReports(tx, evidence, { onePerSequence: true })
    outcome.evidence = evidence.length
    for (const row of evidence) refused.push({ row, code: 'PINION_ERR_EQUIVOCATION' })
    // Counted in the batch's own transaction, with its mark: a batch replayed after a restart is
    // skipped whole, so each refusal is counted exactly once, however often the stream is read.
    const epochOf = options.epochOf
    if (epochOf !== undefined && refused.length > 0) {
      await addRejectionCountsIn(
        tx,
        refused.map(({ row, code }) => ({ epoch: epochOf(row.receivedMs), deviceId: row.deviceId, reason: code, count: 1 })).filter((count) => count.epoch >= 0n),
      )
    }
    outcome.committedSeq = pending[pending.length - 1]!.seq
    await tx.query(
      `insert into jetstream_shards (stream, shard, committed_seq) values ($1, $2, $3)
       on conflict (stream, shard) do update set committed_seq = excluded.committed_seq`,
      [stream, shard, outcome.committedSeq],
    )
    return outcome
  })
}

function rowOf(message: LoggedReport): ReportRow | undefined {
  try {
    const sealed = openCanonicalSignedReport(message.signed)
    const report = decodeReportBody(sealed.body)
    return {
      deviceId: report.deviceId.toLowerCase() as Hex,
      sequence: report.sequence,
      timestampMs: report.timestampMs,
      kind: report.kind,
      payloadType: report.payloadType,
      reportId: reportIdOf(sealed.body),
      signed: message.signed,
      receivedMs: message.receivedMs,
    }
  } catch {
    // Only ingest nodes publish here, after these very checks; anything else on the subject is not a report.
    return undefined
  }
}

/**
 * Runs the writer of one shard until stopped: holds the shard's lock (a second writer of the same
 * shard waits, as a standby), points the shard's durable pull consumer at the message after the
 * committed mark, and commits batch after batch (commitBatch), acking each batch to JetStream only
 * after its COMMIT. After any failure (PostgreSQL or NATS away) it starts over from the mark, so a
 * message is never skipped.
 */
export function startShardWriter(options: ShardWriterOptions): { stop(): Promise<void>; done: Promise<void> } {
  const { stream, shard } = options
  const name = stream.config.stream
  let stopping = false
  const done = (async () => {
    const lock = await waitForAdvisoryLock(options.databaseUrl, `pinion writer ${name} ${shard}`, {
      stopped: () => stopping,
      onWaiting: () => options.log?.('writer standing by', { stream: name, shard, why: 'another writer holds this shard' }),
    })
    if (lock === undefined) return
    try {
      while (!stopping) {
        try {
          await runFromMark(options, () => stopping)
        } catch (error) {
          if (stopping) break
          options.onError?.(error)
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS))
        }
      }
    } finally {
      await lock.release()
    }
  })()
  return {
    done,
    async stop() {
      stopping = true
      await done
    },
  }
}

async function runFromMark(options: ShardWriterOptions, stopped: () => boolean): Promise<void> {
  const { stream, shard, db } = options
  const name = stream.config.stream
  const durable = `writer-${shard}`
  const mark = await committedSeq(db, name, shard)
  // PostgreSQL holds the position; the durable consumer is re-pointed at it on every start.
  await stream.jsm.consumers.delete(name, durable).catch(() => undefined)
  await stream.jsm.consumers.add(name, {
    durable_name: durable,
    filter_subject: stream.subjectOf(shard),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: mark + 1,
    ack_wait: 60_000_000_000,
    max_ack_pending: -1,
  })
  const consumer: Consumer = await stream.js.consumers.get(name, durable)
  options.log?.('writer started', { stream: name, shard, from: mark + 1 })
  while (!stopped()) {
    const batch: JsMsg[] = []
    const fetched = await consumer.fetch({ max_messages: options.batchSize ?? DEFAULT_BATCH_SIZE, expires: options.fetchWaitMs ?? DEFAULT_FETCH_WAIT_MS })
    for await (const message of fetched) batch.push(message)
    if (batch.length === 0) continue
    const outcome = await commitBatch(
      db,
      name,
      shard,
      batch.map((message) => ({ seq: message.seq, signed: message.data, receivedMs: Number(message.headers?.get(RECEIVED_HEADER) ?? '0') })),
      { epochOf: options.epochOf },
    )
    for (const message of batch) message.ack()
    options.onBatch?.(outcome)
  }
}
