import type { Clock } from '../../../device/src/clock.ts'

/**
 * A clock for tests: `sleep` records the delay, advances `now` by it and returns at once, so
 * backoff logic runs without waiting and its delays can be asserted exactly.
 */
export function fakeClock(startMs = 1_767_225_600_000): Clock & { sleeps: number[] } {
  let now = startMs
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms)
      now += ms
    },
  }
}

/** Random numbers from a fixed list (cycled): jitter the test can predict. */
export function fixedRandom(...values: number[]): () => number {
  let i = 0
  return () => values[i++ % values.length]!
}
