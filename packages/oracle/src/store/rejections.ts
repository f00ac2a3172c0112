import type { Db } from './db.ts'

/** The device_id under which reports naming no registered device are counted (one row per epoch and code). */
export const UNREGISTERED_DEVICES = '*'

/** A number of reports ingest refused: in one epoch, from one device (or UNREGISTERED_DEVICES), for one reason. */
export type RejectionCount = { epoch: bigint; deviceId: string; reason: string; count: number }

/** How long a flush id is remembered: far longer than any retry of the same flush waits. */
const FLUSH_IDS_KEPT_MS = 60 * 60_000

/**
 * Adds `counts` to ingest_rejections in one transaction, once: the flush's id is recorded with them,
 * so the same flush retried after a COMMIT whose outcome was unknown adds nothing the second time.
 * Returns false when that id had already been applied. Plain PostgreSQL: PGlite runs it unchanged.
 */
export async function addRejectionCounts(db: Db, flushId: string, counts: readonly RejectionCount[], nowMs: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query('insert into ingest_rejection_flushes (flush_id, flushed_ms) values ($1, $2) on conflict (flush_id) do nothing returning flush_id', [
      flushId,
      nowMs,
    ])
    if (rows.length === 0) return false
    await addRejectionCountsIn(tx, counts)
    await tx.query('delete from ingest_rejection_flushes where flushed_ms < $1', [nowMs - FLUSH_IDS_KEPT_MS])
    return true
  })
}

/**
 * Adds `counts` to ingest_rejections within the caller's transaction `tx` (a JetStream writer's
 * batch, whose mark makes it happen once); several counts of one key are summed first, since one
 * upsert may not touch a row twice.
 */
export async function addRejectionCountsIn(tx: Db, counts: readonly RejectionCount[]): Promise<void> {
  const summed = new Map<string, RejectionCount>()
  for (const count of counts) {
    const key = `${count.epoch}:${count.deviceId}:${count.reason}`
    const known = summed.get(key)
    if (known === undefined) summed.set(key, { ...count })
    else known.count += count.count
  }
  if (summed.size === 0) return
  const all = [...summed.values()]
  await tx.query(
    `insert into ingest_rejections (epoch, device_id, reason, count)
     select epoch::bigint, device_id, reason, count::bigint
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as c(epoch, device_id, reason, count)
     on conflict (device_id, epoch, reason) do update set count = ingest_rejections.count + excluded.count`,
    [all.map((c) => c.epoch.toString()), all.map((c) => c.deviceId), all.map((c) => c.reason), all.map((c) => String(c.count))],
  )
}

/**
 * A device's (or UNREGISTERED_DEVICES') counts, newest epoch first: every epoch from `fromEpoch` on,
 * or only `epoch` when given.
 */
export async function rejectionCountsOf(db: Db, deviceId: string, options: { epoch?: bigint; epochs: number }): Promise<RejectionCount[]> {
  const { rows } =
    options.epoch !== undefined
      ? await db.query<{ epoch: unknown; reason: string; count: unknown }>(
          'select epoch, reason, count from ingest_rejections where device_id = $1 and epoch = $2 order by reason',
          [deviceId, options.epoch.toString()],
        )
      : await db.query<{ epoch: unknown; reason: string; count: unknown }>(
          `select r.epoch, r.reason, r.count from ingest_rejections r
            where r.device_id = $1
              and r.epoch in (select distinct epoch from ingest_rejections where device_id = $1 order by epoch desc limit $2)
            order by r.epoch desc, r.reason`,
          [deviceId, options.epochs],
        )
  return rows.map((row) => ({ epoch: BigInt(String(row.epoch)), deviceId, reason: row.reason, count: Number(row.count) }))
}

/** Every count of one epoch, all devices (UNREGISTERED_DEVICES included), summed per reason. */
export async function rejectionTotalsOf(db: Db, epoch: bigint): Promise<{ reason: string; count: number; devices: number }[]> {
  const { rows } = await db.query<{ reason: string; count: unknown; devices: unknown }>(
    `select reason, sum(count) as count, count(*) filter (where device_id <> $2) as devices
       from ingest_rejections where epoch = $1 group by reason order by reason`,
    [epoch.toString(), UNREGISTERED_DEVICES],
  )
  return rows.map((row) => ({ reason: row.reason, count: Number(row.count), devices: Number(row.devices) }))
}
