import type { PeerError } from './peerClient.ts'

/**
 * Which peers failed lately, so one slow or dead peer is asked again only after a cooldown that
 * doubles with each failure (from `firstMs` to `maxMs`) instead of holding up every tick. This paces
 * network retries only; it decides nothing about rewards, so it reads the wall clock.
 */
export class PeerHealth {
  private readonly failures = new Map<string, { count: number; until: number; last: PeerError }>()

  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 8_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether `peer` may be asked now. */
  ready(peer: string): boolean {
    const failure = this.failures.get(peer)
    return failure === undefined || this.clock() >= failure.until
  }

  failed(peer: string, error: PeerError): void {
    const count = (this.failures.get(peer)?.count ?? 0) + 1
    const wait = Math.min(this.maxMs, this.firstMs * 2 ** (count - 1))
    this.failures.set(peer, { count, until: this.clock() + wait, last: error })
  }

  succeeded(peer: string): void {
    this.failures.delete(peer)
  }

  /** The last error of each peer that is failing, for the one log line that says why the oracle waits. */
  lastError(peer: string): PeerError | undefined {
    return this.failures.get(peer)?.last
  }
}
