import type { Hex } from 'viem'
import type { Db } from './db.ts'

/** An accepted report as the reports table keeps it. */
export type ReportRow = {
  deviceId: Hex
  sequence: bigint
  timestampMs: bigint
  kind: string
  payloadType: string
  /** keccak256 of the signed body (reportIdOf). */
  reportId: Hex
  /** The SignedReport bytes exactly as received, which ingest checked are canonical. */
  signed: Uint8Array
  /** When the oracle received it, unix milliseconds (its clock). */
  receivedMs: number
}

/** How a report is named inside one process: `deviceId:sequence`, the table's primary key. */
export const reportKey = (deviceId: string, sequence: bigint | string): string => `${deviceId}:${sequence}`

/** Hex strings only: they travel comma-joined (see insertReports), so a comma must be impossible. */
const HEX = /^0x[0-9a-f]+$/

/**
 * Inserts `rows` in one statement and returns the keys inserted. Rows whose (device, sequence)
 * already exists are skipped, not errors: the caller reconciles them.
 *
 * Shaped for PGlite, where moving bytes into the WebAssembly database costs more than the insert
 * itself (measured: a third less CPU per row than unnest over one array per column): every report's
 * bytes go as one base64 text with offsets, hex ids and numbers as comma-joined text, the few
 * distinct kind and payload type names as one small array indexed per row, and the answer is one
 * row (a count, plus the inserted keys only when some row was skipped). PostgreSQL runs it as well.
 */
export async function insertReports(db: Db, rows: readonly ReportRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const names: string[] = []
  const nameIndex = new Map<string, number>()
  const indexOf = (name: string) => {
    let index = nameIndex.get(name)
    if (index === undefined) {
      index = names.push(name) // 1-based, as SQL arrays are
      nameIndex.set(name, index)
    }
    return index
  }
  const starts: number[] = []
  const lengths: number[] = []
  let at = 1 // substring() counts from 1
  for (const row of rows) {
    if (!HEX.test(row.deviceId) || !HEX.test(row.reportId)) throw new TypeError(`report ids must be lower-case 0x hex, got ${row.deviceId} and ${row.reportId}`)
    starts.push(at)
    lengths.push(row.signed.length)
    at += row.signed.length
  }
  const kinds = rows.map((row) => indexOf(row.kind)).join(',')
  const payloadTypes = rows.map((row) => indexOf(row.payloadType)).join(',')
  const blob = Buffer.concat(rows.map((row) => row.signed))
  const { rows: answer } = await db.query<{ inserted: string; keys: string | null }>(
    `with ins as (
       insert into reports (device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, signed)
       select r.device_id, r.sequence::numeric, r.timestamp_ms::bigint, r.received_ms::bigint, ($5::text[])[r.kind::int], ($5::text[])[r.payload_type::int],
              r.report_id, substring(b.blob from r.start::int for r.length::int)
       from (select decode($6, 'base64') as blob) as b,
            unnest(string_to_array($1, ','), string_to_array($2, ','), string_to_array($3, ','), string_to_array($4, ','),
                   string_to_array($7, ','), string_to_array($8, ','), string_to_array($9, ','), string_to_array($10, ','),
                   string_to_array($11, ','))
              as r(device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, start, length)
       on conflict (device_id, sequence) do nothing
       returning device_id, sequence)
     select count(*) as inserted, case when count(*) < $12 then string_agg(device_id || ':' || sequence, ',') end as keys from ins`,
    [
      rows.map((row) => row.deviceId).join(','),
      rows.map((row) => row.sequence.toString()).join(','),
      rows.map((row) => row.timestampMs.toString()).join(','),
      rows.map((row) => row.receivedMs).join(','),
      names,
      blob.toString('base64'),
      kinds,
      payloadTypes,
      rows.map((row) => row.reportId).join(','),
      starts.join(','),
      lengths.join(','),
      rows.length,
    ],
  )
  const { inserted, keys } = answer[0]!
  if (Number(inserted) === rows.length) return new Set(rows.map((row) => reportKey(row.deviceId, row.sequence)))
  return new Set(keys === null || keys === '' ? [] : keys.split(','))
}

/** The report ids stored under the given (device, sequence) keys; missing keys are absent. */
export async function storedReportIds(db: Db, keys: readonly { deviceId: Hex; sequence: bigint }[]): Promise<Map<string, Hex>> {
  if (keys.length === 0) return new Map()
  const { rows } = await db.query<{ device_id: string; sequence: string; report_id: Hex }>(
    `select r.device_id, r.sequence, r.report_id
     from unnest($1::text[], $2::numeric[]) as k(device_id, sequence)
     join reports r on r.device_id = k.device_id and r.sequence = k.sequence`,
    [keys.map((key) => key.deviceId), keys.map((key) => key.sequence.toString())],
  )
  return new Map(rows.map((row) => [reportKey(row.device_id, row.sequence), row.report_id]))
}

/** The highest stored sequence of each device that has reports (one index probe per device). */
export async function lastSequences(db: Db, deviceIds: readonly Hex[]): Promise<Map<Hex, bigint>> {
  if (deviceIds.length === 0) return new Map()
  const { rows } = await db.query<{ device_id: Hex; sequence: string | null }>(
    `select d.device_id, (select max(r.sequence) from reports r where r.device_id = d.device_id) as sequence
     from unnest($1::text[]) as d(device_id)`,
    [deviceIds],
  )
  const last = new Map<Hex, bigint>()
  for (const row of rows) if (row.sequence !== null) last.set(row.device_id, BigInt(row.sequence))
  return last
}

/**
 * Keeps reports that conflict with a stored one (same device and sequence, another body) in
 * conflicting_reports. A report already kept (same id) is skipped. With `onePerSequence`, a version
 * is kept only while none is kept for its (device, sequence) yet: ingest needs one to prove
 * equivocation, and a device must not fill the store by signing more.
 */
export async function insertConflictingReports(db: Db, rows: readonly ReportRow[], options: { onePerSequence: boolean }): Promise<void> {
  for (const row of rows) {
    await db.query(
      `insert into conflicting_reports (report_id, device_id, sequence, timestamp_ms, received_ms, kind, payload_type, signed)
       select $1, $2, $3, $4, $5, $6, $7, $8
        where not $9 or not exists (select 1 from conflicting_reports where device_id = $2 and sequence = $3)
       on conflict (report_id) do nothing`,
      [row.reportId, row.deviceId, row.sequence.toString(), row.timestampMs.toString(), row.receivedMs, row.kind, row.payloadType, row.signed, options.onePerSequence],
    )
  }
}
