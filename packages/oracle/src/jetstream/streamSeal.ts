import type { MsgRequest } from '@nats-io/jetstream'
import type { Db } from '../store/db.ts'
import type { ReportStream } from './reportStream.ts'
import { committedSeq, sealLockName } from './marks.ts'
import { allShards } from './shards.ts'

export type StreamSealOptions = {
  db: Db
  stream: ReportStream
  /** How often a lagging shard is looked at again. */
  pollMs?: number
  /** Told once when a shard holds a seal, and when it catches up. */
  log?: (event: string, fields: Record<string, unknown>) => void
  /** Whether the caller is stopping: the wait gives up (rejects) then. */
  stopped?: () => boolean
}

/**
 * The JetStream oracle's seal (the epoch runner's `sealBefore`): resolves once every report
 * acknowledged for epochs ending at or before `endMs` is stored in PostgreSQL, and from then on the
 * writers drop any more of them.
 *
 * The runner calls it at the epoch's sealing time (end + lateness + margin) by the leader's clock.
 * Ingest acknowledged a report only if its PubAck arrived before that time by the ingest node's
 * clock (publishReports.ts), so every acknowledged report of the epoch is in the stream at or below
 * the stream's last sequence now. That sequence is recorded once (jetstream_seals), under a lock no
 * writer's batch holds at the same moment, so every batch either committed before it or applies it:
 * a report of the epoch placed after it is dropped, however often the stream is replayed. Then the
 * seal waits until each shard's writer has committed past its last message at or below that
 * sequence: a lagging shard (writer down, slow, or PostgreSQL behind) holds the seal until it
 * catches up.
 */
export function streamSealer(options: StreamSealOptions): (endMs: bigint) => Promise<void> {
  const { db, stream } = options
  const name = stream.config.stream
  return async (endMs) => {
    const sealSeq = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [sealLockName(name)])
      const { rows } = await tx.query<{ seal_seq: string }>('select seal_seq from jetstream_seals where stream = $1 and end_ms = $2', [name, endMs.toString()])
      if (rows[0] !== undefined) return Number(rows[0].seal_seq)
      const last = await stream.lastSeq()
      await tx.query('insert into jetstream_seals (stream, end_ms, seal_seq) values ($1, $2, $3)', [name, endMs.toString(), last])
      return last
    })
    for (const shard of allShards(stream.config.partitions)) {
      let told = false
      while (!(await shardPassed(options, shard, sealSeq))) {
        if (options.stopped?.() === true) throw new Error(`stopped while shard ${shard} had not passed stream sequence ${sealSeq}`)
        if (!told) options.log?.('seal waiting', { stream: name, shard, endMs: endMs.toString(), sealSeq, why: 'this shard has not stored every report up to the seal yet' })
        told = true
        await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200))
      }
      if (told) options.log?.('seal shard caught up', { stream: name, shard, endMs: endMs.toString(), sealSeq })
    }
  }
}

/** Whether `shard`'s writer has committed every message of its subject at or below `sealSeq`. */
async function shardPassed(options: Pick<StreamSealOptions, 'db' | 'stream'>, shard: number, sealSeq: number): Promise<boolean> {
  const committed = await committedSeq(options.db, options.stream.config.stream, shard)
  if (committed >= sealSeq) return true
  // STREAM.MSG.GET takes next_by_subj (server 2.9 and later; checked against 2.9.10), though the
  // client types it for direct gets only.
  const query = { next_by_subj: options.stream.subjectOf(shard), seq: committed + 1 } as unknown as MsgRequest
  const next = await options.stream.jsm.streams.getMessage(options.stream.config.stream, query)
  return next === null || next.seq > sealSeq
}
