import { describe, expect, it } from 'vitest'
import { type RetryPolicy, backoffDelay, parseRetryAfter } from './backoff.ts'

const policy: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 10 }

describe('backoffDelay', () => {
  it('doubles the cap per retry, half of it fixed and half jitter, and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500])
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, () => 0.999_999))).toEqual([99, 199, 399, 799, 999, 999])
    expect(backoffDelay(3, policy, () => 0.5)).toBe(300)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  it('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0) // in the past: now
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-3', now)).toBeUndefined()
  })
})
