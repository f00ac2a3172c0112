import type { Db } from '../store/db.ts'

/** The transaction lock between taking a seal (exclusive, streamSeal.ts) and the writers' batches (shared, shardWriter.ts). */
export function sealLockName(stream: string): string {
  return `pinion seal ${stream}`
}

/** The stream sequence a shard's writer has committed up to (0: nothing yet). */
export async function committedSeq(db: Db, stream: string, shard: number): Promise<number> {
  const { rows } = await db.query<{ committed_seq: string }>('select committed_seq from jetstream_shards where stream = $1 and shard = $2', [stream, shard])
  return rows[0] === undefined ? 0 : Number(rows[0].committed_seq)
}
