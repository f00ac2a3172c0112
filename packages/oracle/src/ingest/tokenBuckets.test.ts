import { describe, expect, it } from 'vitest'
import { TokenBuckets } from './tokenBuckets.ts'

describe('TokenBuckets', () => {
  it('allows a burst of capacity, then refills at the configured rate on the injected clock', () => {
    let now = 1_000
    const buckets = new TokenBuckets({ capacity: 3, refillPerSecond: 2 }, () => now)
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([true, true, true, false])
    expect(buckets.retryAfterSeconds('a')).toBe(1)
    now += 499
    expect(buckets.take('a')).toBe(false)
    now += 1
    expect(buckets.take('a')).toBe(true)
    // Keys are independent.
    expect(buckets.take('b', 3)).toBe(true)
    expect(buckets.take('b')).toBe(false)
    // Never more than capacity, however long the wait.
    now += 3_600_000
    expect(buckets.take('a', 4)).toBe(false)
    expect(buckets.take('a', 3)).toBe(true)
  })

  it('mints nothing when the clock steps back', () => {
    let now = 10_000
    const buckets = new TokenBuckets({ capacity: 1, refillPerSecond: 1 }, () => now)
    expect(buckets.take('a')).toBe(true)
    now = 0
    expect(buckets.take('a')).toBe(false)
    now = 10_999
    expect(buckets.take('a')).toBe(false)
    now = 11_000
    expect(buckets.take('a')).toBe(true)
  })

  it('stays bounded: beyond maxKeys it forgets full buckets first, then the oldest', () => {
    const now = 0
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 1 }, () => now, 3)
    buckets.take('drained', 2)
    buckets.take('x')
    buckets.take('y')
    buckets.take('z') // evicts 'drained' (oldest); none were full
    const internal = (buckets as unknown as { buckets: Map<string, unknown> }).buckets
    expect([...internal.keys()]).toEqual(['x', 'y', 'z'])
  })
})
