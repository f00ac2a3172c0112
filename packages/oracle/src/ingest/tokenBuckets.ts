/** A token bucket: `capacity` tokens at most, refilled at `refillPerSecond`. */
export type BucketOptions = { capacity: number; refillPerSecond: number }

type Bucket = { tokens: number; updatedMs: number }

/**
 * Token buckets by key (a client address, a device id), on the injected clock. Memory stays bounded:
 * when more than `maxKeys` buckets exist, the full ones (indistinguishable from new ones) are
 * dropped, and if that is not enough, the oldest.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly options: BucketOptions,
    private readonly clock: () => number,
    private readonly maxKeys = 100_000,
  ) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError(`a token bucket needs capacity >= 1 and refillPerSecond > 0, got ${options.capacity} and ${options.refillPerSecond}`)
    }
  }

  /** Takes `count` tokens for `key` if it has them; returns false (taking none) if not. */
  take(key: string, count = 1): boolean {
    const now = this.clock()
    let bucket = this.buckets.get(key)
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.evict(now)
      bucket = { tokens: this.options.capacity, updatedMs: now }
      this.buckets.set(key, bucket)
    } else {
      this.refill(bucket, now)
    }
    if (bucket.tokens < count) return false
    bucket.tokens -= count
    return true
  }

  /** Whole seconds until `key` has `count` tokens again: the Retry-After of a 429. */
  retryAfterSeconds(key: string, count = 1): number {
    const bucket = this.buckets.get(key)
    if (bucket === undefined) return 0
    this.refill(bucket, this.clock())
    const missing = Math.max(0, count - bucket.tokens)
    return Math.ceil(missing / this.options.refillPerSecond)
  }

  private refill(bucket: Bucket, now: number): void {
    // A clock that steps back must not mint tokens, nor take them.
    const elapsedMs = Math.max(0, now - bucket.updatedMs)
    bucket.tokens = Math.min(this.options.capacity, bucket.tokens + (elapsedMs * this.options.refillPerSecond) / 1000)
    bucket.updatedMs = Math.max(now, bucket.updatedMs)
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now)
      if (bucket.tokens >= this.options.capacity) this.buckets.delete(key)
    }
    // Map iteration order is insertion order: the first keys are the oldest.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break
      this.buckets.delete(key)
    }
  }
}
