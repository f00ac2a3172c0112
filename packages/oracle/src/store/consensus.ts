import type { Address, Hex } from 'viem'
import type { Manifest, ManifestHeader } from '../consensus/manifest.ts'
import type { Proposal } from '../consensus/proposal.ts'
import type { Db } from './db.ts'
import { type ReportRow, insertConflictingReports, insertReports, reportKey } from './reports.ts'

/**
 * The reports this oracle holds for the window [startMs, endMs): every version of every (device,
 * sequence) that has a version timestamped in the window. A version from outside the window comes
 * along only as evidence that the device equivocated (docs/oracle-consensus.md, "Inputs").
 */
export async function reportIdsForWindow(db: Db, startMs: bigint, endMs: bigint): Promise<Hex[]> {
  const { rows } = await db.query<{ report_id: Hex }>(
    `with keys as (
       select device_id, sequence from reports where timestamp_ms >= $1 and timestamp_ms < $2
       union
       select device_id, sequence from conflicting_reports where timestamp_ms >= $1 and timestamp_ms < $2
     )
     select r.report_id from reports r join keys k on r.device_id = k.device_id and r.sequence = k.sequence
     union
     select c.report_id from conflicting_reports c join keys k on c.device_id = k.device_id and c.sequence = k.sequence
     order by report_id`,
    [startMs.toString(), endMs.toString()],
  )
  return rows.map((row) => row.report_id)
}

/** The canonical SignedReport bytes of each id this oracle holds (either table); missing ids are absent. */
export async function reportsByIds(db: Db, ids: readonly Hex[]): Promise<Map<Hex, Uint8Array>> {
  const found = new Map<Hex, Uint8Array>()
  for (let at = 0; at < ids.length; at += 5_000) {
    const chunk = ids.slice(at, at + 5_000)
    const { rows } = await db.query<{ report_id: Hex; signed: Uint8Array }>(
      `select report_id, signed from reports where report_id = any($1::text[])
       union all
       select report_id, signed from conflicting_reports where report_id = any($1::text[])`,
      [chunk],
    )
    for (const row of rows) found.set(row.report_id, row.signed)
  }
  return found
}

/**
 * Stores reports fetched from peers (already checked: canonical, authentic, their id is what was
 * asked for). The first version of a (device, sequence) goes to `reports`; a version that conflicts
 * with a stored one goes to `conflicting_reports`, every one of them: an input set that names
 * several versions must be reproducible from this store.
 */
export async function storeFetchedReports(db: Db, rows: readonly ReportRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.transaction(async (tx) => {
    // The first version of each (device, sequence) in this batch tries `reports`, in bulk (a peer's
    // batch is thousands of reports: one statement per row cost seconds); later versions in the
    // batch, and any whose place was taken, are candidates for `conflicting_reports`.
    const firstOfKey = new Map<string, ReportRow>()
    const conflicting: ReportRow[] = []
    for (const row of rows) {
      const key = reportKey(row.deviceId, row.sequence)
      if (firstOfKey.has(key)) conflicting.push(row)
      else firstOfKey.set(key, row)
    }
    const first = [...firstOfKey.values()]
    for (let at = 0; at < first.length; at += FETCHED_INSERT_CHUNK) {
      const chunk = first.slice(at, at + FETCHED_INSERT_CHUNK)
      const inserted = await insertReports(tx, chunk)
      for (const row of chunk) if (!inserted.has(reportKey(row.deviceId, row.sequence))) conflicting.push(row)
    }
    if (conflicting.length === 0) return
    // Those whose (device, sequence) was taken: by this very report (a no-op), or by another version.
    const { rows: same } = await tx.query<{ report_id: Hex }>('select report_id from reports where report_id = any($1::text[])', [conflicting.map((r) => r.reportId)])
    const stored = new Set(same.map((r) => r.report_id))
    await insertConflictingReports(
      tx,
      conflicting.filter((r) => !stored.has(r.reportId)),
      { onePerSequence: false },
    )
  })
}

/** Fetched reports inserted per statement: bounds one statement's parameters to a few megabytes. */
const FETCHED_INSERT_CHUNK = 5_000

type ManifestRow = { epoch: string; oracle: Address; report_count: number; ids_hash: Hex; signature: Hex; ids: Uint8Array }

function manifestOf(row: ManifestRow): Manifest {
  const ids: Hex[] = []
  for (let at = 0; at < row.ids.length; at += 32) ids.push(`0x${Buffer.from(row.ids.subarray(at, at + 32)).toString('hex')}`)
  return { oracle: row.oracle, epoch: BigInt(row.epoch), reportCount: row.report_count, idsHash: row.ids_hash, signature: row.signature, ids }
}

/** Keeps a manifest (this oracle's own, or a peer's it verified). A manifest never changes: a second save is a no-op. */
export async function saveManifest(db: Db, manifest: Manifest): Promise<void> {
  const ids = new Uint8Array(manifest.ids.length * 32)
  manifest.ids.forEach((id, i) => ids.set(Buffer.from(id.slice(2), 'hex'), i * 32))
  await db.query(
    `insert into seal_manifests (epoch, oracle, report_count, ids_hash, signature, ids) values ($1, $2, $3, $4, $5, $6)
     on conflict (epoch, oracle) do nothing`,
    [manifest.epoch.toString(), manifest.oracle.toLowerCase(), manifest.reportCount, manifest.idsHash, manifest.signature, ids],
  )
}

export async function loadManifest(db: Db, epoch: bigint, oracle: Address): Promise<Manifest | undefined> {
  const { rows } = await db.query<ManifestRow>('select * from seal_manifests where epoch = $1 and oracle = $2', [epoch.toString(), oracle.toLowerCase()])
  return rows[0] === undefined ? undefined : manifestOf(rows[0])
}

/** The epochs up to `through` whose manifest this oracle made: the highest, or -1. */
export async function lastSealedEpoch(db: Db, oracle: Address): Promise<bigint> {
  const { rows } = await db.query<{ epoch: string | null }>('select max(epoch) as epoch from seal_manifests where oracle = $1', [oracle.toLowerCase()])
  return rows[0]?.epoch === null || rows[0]?.epoch === undefined ? -1n : BigInt(rows[0].epoch)
}

/** Keeps a proposal this oracle made or adopted. */
export async function saveProposal(db: Db, proposal: Proposal): Promise<void> {
  await db.query(
    `insert into epoch_proposals (epoch, version, round, proposer, manifests) values ($1, $2, $3, $4, $5)
     on conflict (epoch, version, round) do nothing`,
    [proposal.epoch.toString(), proposal.version, proposal.round, proposal.proposer, JSON.stringify(proposal.manifests.map(headerRow))],
  )
}

const headerRow = (h: ManifestHeader) => ({ oracle: h.oracle, epoch: h.epoch.toString(), reportCount: h.reportCount, idsHash: h.idsHash, signature: h.signature })

/** The lowest-round proposal this oracle made or adopted for (epoch, version), if any. */
export async function loadProposal(db: Db, epoch: bigint, version: number): Promise<Proposal | undefined> {
  const { rows } = await db.query<{ round: number; proposer: Address; manifests: unknown }>(
    'select round, proposer, manifests from epoch_proposals where epoch = $1 and version = $2 order by round limit 1',
    [epoch.toString(), version],
  )
  const row = rows[0]
  if (row === undefined) return undefined
  const manifests = (typeof row.manifests === 'string' ? JSON.parse(row.manifests) : row.manifests) as ReturnType<typeof headerRow>[]
  return {
    epoch,
    version,
    round: row.round,
    proposer: row.proposer,
    manifests: manifests.map((m) => ({ ...m, epoch: BigInt(m.epoch) })),
  }
}
