import type { Hex } from 'viem'

/** The "last accepted sequence" of a device that has none yet: any sequence from 0 is above it. */
export const NO_SEQUENCE = -1n

/**
 * Each device's last accepted sequence, in memory, so checking a report's sequence costs no query.
 * The database stays the truth: a device not in the cache (never seen, or evicted to bound memory)
 * is seeded from `max(sequence)` of its stored reports, and the reports primary key (device_id,
 * sequence) decides races between concurrent requests. Values only ever grow.
 *
 * One ingest process per database: a second process writing the same reports table would not be
 * seen here until eviction (the primary key still keeps each (device, sequence) unique).
 */
export class SequenceCache {
  private readonly last = new Map<Hex, bigint>()

  constructor(private readonly maxDevices = 200_000) {}

  /** The last accepted sequence, NO_SEQUENCE when none, undefined when unknown here (seed it). */
  get(deviceId: Hex): bigint | undefined {
    return this.last.get(deviceId)
  }

  /** Records what the database says (undefined: no stored report), never lowering a known value. */
  seed(deviceId: Hex, stored: bigint | undefined): void {
    this.raise(deviceId, stored ?? NO_SEQUENCE)
  }

  /** Records a sequence that was just stored. */
  advance(deviceId: Hex, sequence: bigint): void {
    this.raise(deviceId, sequence)
  }

  get size(): number {
    return this.last.size
  }

  private raise(deviceId: Hex, sequence: bigint): void {
    const known = this.last.get(deviceId)
    if (known !== undefined) {
      if (sequence > known) this.last.set(deviceId, sequence)
      return
    }
    // Bounded: drop the oldest entry (Map keeps insertion order); it is re-seeded when next needed.
    if (this.last.size >= this.maxDevices) {
      const oldest = this.last.keys().next()
      if (oldest.done !== true) this.last.delete(oldest.value)
    }
    this.last.set(deviceId, sequence)
  }
}
