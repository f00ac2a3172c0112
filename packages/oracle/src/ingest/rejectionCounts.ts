import { randomUUID } from 'node:crypto'
import type { Db } from '../store/db.ts'
import { type RejectionCount, addRejectionCounts } from '../store/rejections.ts'

export type RejectionCounterOptions = {
  db: Db
  /** The epoch a moment (unix ms, the ingest's clock) falls in. */
  epochOf: (timeMs: number) => bigint
  clock: () => number
  /** How often counts are written; 0: only by flush() and close(). */
  flushEveryMs: number
  /** Distinct (epoch, device, reason) keys held between flushes at most: counts beyond it are dropped. */
  maxKeys?: number
  /** Batches kept for retry while the store fails; later counts wait in memory (bounded by maxKeys). */
  maxPendingBatches?: number
  onError?: ((error: unknown) => void) | undefined
}

type Batch = { id: string; counts: RejectionCount[] }

/**
 * Counts what ingest refused, per epoch of receipt, device and reason code, in memory, and adds the
 * counts to the store (ingest_rejections) every `flushEveryMs`: one upsert per flush, however many
 * reports were refused, so a flood of rejections costs no write per report.
 *
 * Bounded: only devices ingest found registered get keys of their own (the caller passes
 * UNREGISTERED_DEVICES for the rest), so the keys of an epoch are at most (registered devices + 1) ×
 * reason codes, in memory and in the store, whatever ids a flood names; and at most `maxKeys` are
 * held between flushes (what exceeds it is dropped and counted in `dropped`).
 *
 * Best-effort, never double: counts not yet flushed die with the process (at most one interval's
 * worth; acknowledged reports are not affected: the report writer stores them before any answer).
 * A flush that fails is kept as it is, id and all, and retried first; its id commits with its
 * counts, so a retry of a flush that did commit adds nothing.
 */
export class RejectionCounter {
  private live = new Map<string, RejectionCount>()
  private readonly pending: Batch[] = []
  private flushing: Promise<void> | undefined
  private readonly timer: NodeJS.Timeout | undefined
  /** Counts dropped because `maxKeys` were already held. */
  dropped = 0

  constructor(private readonly options: RejectionCounterOptions) {
    if (options.flushEveryMs > 0) {
      this.timer = setInterval(() => void this.flush().catch(() => undefined), options.flushEveryMs)
      this.timer.unref()
    }
  }

  /** Counts one refused report: `deviceId` registered, or UNREGISTERED_DEVICES. */
  count(receivedMs: number, deviceId: string, reason: string): void {
    const epoch = this.options.epochOf(receivedMs)
    if (epoch < 0n) return // before genesis: no epoch to show it in
    const key = `${epoch}:${deviceId}:${reason}`
    const known = this.live.get(key)
    if (known !== undefined) {
      known.count++
      return
    }
    if (this.live.size >= (this.options.maxKeys ?? 100_000)) {
      this.dropped++
      return
    }
    this.live.set(key, { epoch, deviceId, reason, count: 1 })
  }

  /** Writes every count held so far; resolves when they are stored (or rejects, keeping them for the next try). */
  flush(): Promise<void> {
    // One flush at a time, in order; a call during one runs after it, so it covers what it counted.
    const previous = this.flushing ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.writePending())
    this.flushing = next
    const done = () => {
      if (this.flushing === next) this.flushing = undefined
    }
    next.then(done, done)
    return next
  }

  /** Stops the timer and writes what is left (a failure is reported, not thrown: counts are best-effort). */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer)
    await this.flush().catch((error: unknown) => this.options.onError?.(error))
  }

  private async writePending(): Promise<void> {
    if (this.live.size > 0 && this.pending.length < (this.options.maxPendingBatches ?? 10)) {
      this.pending.push({ id: randomUUID(), counts: [...this.live.values()] })
      this.live = new Map()
    }
    while (this.pending.length > 0) {
      const batch = this.pending[0]!
      try {
        await addRejectionCounts(this.options.db, batch.id, batch.counts, this.options.clock())
      } catch (error) {
        this.options.onError?.(error)
        throw error
      }
      this.pending.shift()
    }
  }
}
