/**
 * A clock several threads read and one writes: unix milliseconds in a SharedArrayBuffer. `pinion up`
 * runs its oracles on threads of their own; when a test drives time, it sets this one clock and every
 * oracle reads it, so an epoch ends for all of them at the same instant, when the test says so.
 */
export type SharedClock = {
  /** The buffer to hand to other threads (OracleSpec.clock). */
  readonly buffer: SharedArrayBuffer
  now(): number
  set(ms: number): void
}

export function createSharedClock(startMs: number): SharedClock {
  const buffer = new SharedArrayBuffer(8)
  const view = new BigInt64Array(buffer)
  Atomics.store(view, 0, BigInt(Math.floor(startMs)))
  return {
    buffer,
    now: () => Number(Atomics.load(view, 0)),
    set: (ms) => void Atomics.store(view, 0, BigInt(Math.floor(ms))),
  }
}

/** Reads a shared clock made by createSharedClock, in another thread. */
export function sharedClockReader(buffer: SharedArrayBuffer): () => number {
  const view = new BigInt64Array(buffer)
  return () => Number(Atomics.load(view, 0))
}
