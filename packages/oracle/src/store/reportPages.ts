import type { EpochWindow } from '@pinion/kinds'
import type { Db } from './db.ts'

/**
 * The reports this oracle holds for `window`, as reportIdsForWindow (consensus.ts) names them — every
 * version, from either table, of every (device, sequence) that has a version timestamped in the window —
 * read `pageSize` (device, sequence) keys at a time, in canonical order (device id, sequence, report
 * id; what ingest stores always decodes, so none goes last): pages for streamEpoch, so an epoch of
 * any size is read without holding it. Ids are compared as bytes (collation "C"), as canonical order
 * compares them, whatever the database's collation. Each page is one query that resumes after the
 * last key of the one before.
 */
export async function* storedReportPages(db: Db, window: Pick<EpochWindow, 'startMs' | 'endMs'>, pageSize: number): AsyncGenerator<Uint8Array[]> {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`)
  let after = { deviceId: '', sequence: '-1' }
  for (;;) {
    const { rows } = await db.query<{ device_id: string; sequence: string; signed: Uint8Array }>(
      `with keys as (
         select device_id, sequence from (
           select device_id, sequence from reports
            where timestamp_ms >= $1 and timestamp_ms < $2
              and (device_id collate "C" > $3 or (device_id = $3 and sequence > $4::numeric))
           union
           select device_id, sequence from conflicting_reports
            where timestamp_ms >= $1 and timestamp_ms < $2
              and (device_id collate "C" > $3 or (device_id = $3 and sequence > $4::numeric))
         ) as k
         order by device_id collate "C", sequence
         limit $5
       )
       select k.device_id, k.sequence, v.signed
         from keys k
         cross join lateral (
           select report_id, signed from reports r where r.device_id = k.device_id and r.sequence = k.sequence
           union all
           select report_id, signed from conflicting_reports c where c.device_id = k.device_id and c.sequence = k.sequence
         ) as v
        order by k.device_id collate "C", k.sequence, v.report_id collate "C"`,
      [window.startMs.toString(), window.endMs.toString(), after.deviceId, after.sequence, pageSize],
    )
    if (rows.length === 0) return
    yield rows.map((row) => row.signed)
    const last = rows[rows.length - 1]!
    after = { deviceId: last.device_id, sequence: last.sequence }
  }
}
