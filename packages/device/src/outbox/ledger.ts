import { DeviceError } from '../errors.ts'
import type { OutboxEntry } from './outbox.ts'

type LedgerEntry = { report: Uint8Array; settledBy: Set<string> }

/**
 * The outbox's state in memory: entries in sequence order and which oracles settled each. Shared by
 * the file outbox (which rebuilds it from its log) and the memory outbox.
 */
export class Ledger {
  /** Map iteration follows insertion, and insertion follows sequence: `add` enforces it. */
  readonly entries = new Map<bigint, LedgerEntry>()
  /** The highest sequence ever added, kept after its entry leaves. */
  maxSequence = 0n

  constructor(readonly oracles: readonly string[]) {}

  get size(): number {
    return this.entries.size
  }

  /** Throws PINION_ERR_OUTBOX_SEQUENCE unless `sequence` is above every sequence added so far. */
  assertAbove(sequence: bigint): void {
    if (sequence <= this.maxSequence) {
      throw new DeviceError('PINION_ERR_OUTBOX_SEQUENCE', `outbox entry sequence ${sequence} must be above the last one, ${this.maxSequence}`)
    }
  }

  add(entry: OutboxEntry): void {
    this.assertAbove(entry.sequence)
    this.entries.set(entry.sequence, { report: entry.report, settledBy: new Set() })
    this.maxSequence = entry.sequence
  }

  /** Raises the sequence floor without an entry (a compacted log remembers its highest sequence). */
  raiseFloor(sequence: bigint): void {
    if (sequence > this.maxSequence) this.maxSequence = sequence
  }

  /** Marks `sequence` settled by `oracle`; removes the entry once every oracle settled it. Unknown sequences are ignored. */
  settle(oracle: string, sequence: bigint): void {
    const entry = this.entries.get(sequence)
    if (entry === undefined) return
    entry.settledBy.add(oracle)
    if (this.oracles.every((o) => entry.settledBy.has(o))) this.entries.delete(sequence)
  }

  /** Removes entries every current oracle settled: after a restart with fewer oracles configured. */
  sweep(): void {
    for (const [sequence, entry] of this.entries) {
      if (this.oracles.every((o) => entry.settledBy.has(o))) this.entries.delete(sequence)
    }
  }

  /** Whether `oracle` still has to settle `sequence`. */
  awaits(oracle: string, sequence: bigint): boolean {
    const entry = this.entries.get(sequence)
    return entry !== undefined && !entry.settledBy.has(oracle)
  }

  report(sequence: bigint): Uint8Array | undefined {
    return this.entries.get(sequence)?.report
  }

  /** Per oracle, the sequences it settled among the entries still waiting: what a compacted log must keep. */
  partialSettlements(): Map<string, bigint[]> {
    const byOracle = new Map<string, bigint[]>()
    for (const [sequence, entry] of this.entries) {
      for (const oracle of entry.settledBy) {
        const list = byOracle.get(oracle) ?? []
        list.push(sequence)
        byOracle.set(oracle, list)
      }
    }
    return byOracle
  }

  /** Every waiting entry, in sequence order. */
  all(): OutboxEntry[] {
    return [...this.entries].map(([sequence, entry]) => ({ sequence, report: entry.report }))
  }

  pending(oracle: string, limit: number): OutboxEntry[] {
    const out: OutboxEntry[] = []
    for (const [sequence, entry] of this.entries) {
      if (out.length >= limit) break
      if (!entry.settledBy.has(oracle)) out.push({ sequence, report: entry.report })
    }
    return out
  }
}
