import type { Hex } from 'viem'
import type { Db } from '../store/db.ts'
import { type ReportRow, insertConflictingReports, insertReports, reportKey, storedReportIds } from '../store/reports.ts'

/** What one request asks to store: new rows, and keys at or below a last sequence to look up. */
export type WriteRequest = {
  rows: readonly ReportRow[]
  /** (device, sequence) keys whose stored report id the caller needs (retries, or replays). */
  lookups: readonly { deviceId: Hex; sequence: bigint }[]
}

/**
 * Which of the request's rows this write inserted, which it refused because their epoch was sealed
 * before their turn came, and the stored report id of every other key asked about.
 */
export type WriteResult = { inserted: Set<string>; inSealedEpoch: Set<string>; stored: Map<string, Hex> }

type Queued = { request: WriteRequest; resolve: (result: WriteResult) => void; reject: (error: unknown) => void } | { sealBeforeMs: bigint; resolve: () => void }

/**
 * Group commit: requests that arrive while a write is in progress wait, then go together in the
 * next transaction, one INSERT for all their rows. A transaction has a fixed cost (a round trip per
 * statement, a parse, the commit's WAL flush, on PostgreSQL an fsync), so devices that each post
 * one report would otherwise be limited to a few hundred reports a second; batched they share it.
 * Each caller's promise resolves only after the COMMIT of the transaction holding its rows.
 *
 * Rows from different requests with the same (device, sequence) never go into one INSERT together
 * (the statement could not say whose row it kept): the first in line is written, the others are
 * looked up like any other key already stored.
 */
export class ReportWriter {
  private readonly queue: Queued[] = []
  private writing = false
  /** Reports timestamped before this belong to sealed epochs and are refused. */
  private sealedBeforeMs = -1n

  constructor(
    private readonly db: Db,
    /** Rows per transaction at most (whole requests are never split; one always goes). */
    private readonly maxRows = 5_000,
  ) {}

  write(request: WriteRequest): Promise<WriteResult> {
    return new Promise((resolve, reject) => this.enqueue({ request, resolve, reject }))
  }

  /**
   * Seals every epoch ending at or before `endMs`: resolves once every write queued before this call
   * has committed, and every later write refuses reports timestamped before `endMs`. An epoch's
   * manifest read after this resolves therefore holds every report ingest ever acknowledged for it.
   */
  sealBefore(endMs: bigint): Promise<void> {
    return new Promise((resolve) => this.enqueue({ sealBeforeMs: endMs, resolve }))
  }

  /**
   * Keeps authentic reports that conflict with a stored one (same device and sequence, another
   * body) as evidence of equivocation: one conflicting version per (device, sequence) is enough to
   * prove it, so a device cannot fill the store by signing more.
   */
  async keepEvidence(rows: readonly ReportRow[]): Promise<void> {
    await this.db.transaction((tx) => insertConflictingReports(tx, rows, { onePerSequence: true }))
  }

  private enqueue(queued: Queued): void {
    this.queue.push(queued)
    if (!this.writing) {
      this.writing = true
      // Not at once: PGlite runs a whole transaction without yielding to I/O, so requests whose
      // verdicts arrive meanwhile could never join it. Waiting for the end of this turn of the
      // event loop lets them reach the queue first, and costs one turn of latency.
      setImmediate(() => void this.drain())
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0]!
        if ('sealBeforeMs' in head) {
          this.queue.shift()
          if (head.sealBeforeMs > this.sealedBeforeMs) this.sealedBeforeMs = head.sealBeforeMs
          head.resolve()
          continue
        }
        let rows = 0
        let take = 0
        while (take < this.queue.length) {
          const next = this.queue[take]!
          if ('sealBeforeMs' in next || (take > 0 && rows + next.request.rows.length > this.maxRows)) break
          rows += next.request.rows.length
          take++
        }
        const group = this.queue.splice(0, take) as Extract<Queued, { request: WriteRequest }>[]
        try {
          const results = await this.commit(group.map((queued) => queued.request))
          group.forEach((queued, i) => queued.resolve(results[i]!))
        } catch (error) {
          for (const queued of group) queued.reject(error)
        }
        // Between transactions too, let waiting I/O in before the next one starts.
        if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      }
    } finally {
      this.writing = false
    }
  }

  private commit(requests: readonly WriteRequest[]): Promise<WriteResult[]> {
    const owner = new Map<string, number>()
    const rows: ReportRow[] = []
    const lookups: { deviceId: Hex; sequence: bigint }[][] = requests.map((request) => [...request.lookups])
    const refused: Set<string>[] = requests.map(() => new Set())
    requests.forEach((request, i) => {
      for (const row of request.rows) {
        const key = reportKey(row.deviceId, row.sequence)
        if (row.timestampMs < this.sealedBeforeMs) {
          refused[i]!.add(key)
          continue
        }
        if (owner.has(key)) {
          lookups[i]!.push({ deviceId: row.deviceId, sequence: row.sequence })
          continue
        }
        owner.set(key, i)
        rows.push(row)
      }
    })
    return this.db.transaction(async (tx) => {
      const inserted = await insertReports(tx, rows)
      // A row not inserted lost a race with another writer (another process, or a report stored
      // since the caller checked): look it up too.
      for (const row of rows) {
        const key = reportKey(row.deviceId, row.sequence)
        if (!inserted.has(key)) lookups[owner.get(key)!]!.push({ deviceId: row.deviceId, sequence: row.sequence })
      }
      const stored = await storedReportIds(tx, lookups.flat())
      const results: WriteResult[] = requests.map((_, i) => ({ inserted: new Set<string>(), inSealedEpoch: refused[i]!, stored: new Map<string, Hex>() }))
      for (const key of inserted) results[owner.get(key)!]!.inserted.add(key)
      lookups.forEach((keys, i) => {
        for (const { deviceId, sequence } of keys) {
          const key = reportKey(deviceId, sequence)
          const id = stored.get(key)
          if (id !== undefined) results[i]!.stored.set(key, id)
        }
      })
      return results
    })
  }
}
