/** How a failing request is retried within one flush. */
export type RetryPolicy = {
  /** Cap of the first retry's delay; each retry doubles it. */
  baseDelayMs: number
  /** No backoff delay exceeds this (a Retry-After from the oracle may). */
  maxDelayMs: number
  /** Requests per batch before the flush gives up on that oracle and leaves the entries for the next one. */
  maxAttempts: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 500, maxDelayMs: 60_000, maxAttempts: 6 }

/**
 * Delay before retry number `retry` (1 for the first): exponential with "equal jitter"
 * (half the cap fixed, half random), so a fleet that failed together does not retry together,
 * yet no device retries at once. https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(cap / 2 + (random() * cap) / 2)
}

/**
 * Milliseconds a Retry-After header asks to wait: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) return Number(value) * 1000
  // An HTTP date names a weekday and month; Date.parse alone would take "-3" as the year -3.
  if (!/^[A-Za-z]{3}, /.test(value)) return undefined
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}
