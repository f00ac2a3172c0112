/** A signed report waiting in the outbox, under the sequence it was signed with. */
export type OutboxEntry = { sequence: bigint; report: Uint8Array }

/** What one oracle said about one entry, once it is final for that oracle. */
export type Settlement = { sequence: bigint; status: 'delivered' } | { sequence: bigint; status: 'rejected'; code: string; message: string }

/** A report an oracle rejected for good: kept with the reason, never silently dropped. */
export type DeadLetter = {
  sequence: bigint
  oracle: string
  code: string
  message: string
  report: Uint8Array
  atMs: number
}

/**
 * The device's queue of signed reports not yet settled by every oracle, and its sequence counter.
 *
 * Policy: an entry is sent to every oracle (a quorum of oracles computes the union of what they
 * received). Each oracle settles an entry once: delivered (accepted, or a duplicate of what it
 * already holds) or rejected with a permanent code, which also writes a dead letter naming the
 * oracle and the code. The entry leaves the outbox when every oracle of `oracles` has settled it.
 *
 * Synchronous on purpose: each call is atomic with respect to every other in the process, so the
 * agent's background flush and `report()` need no lock, and a device writes little.
 */
export interface Outbox {
  /** Oracle identities (normalised base URLs) whose settlements the outbox waits for. */
  readonly oracles: readonly string[]
  /** Entries not yet settled by every oracle. */
  readonly size: number
  /**
   * The next sequence: above every sequence ever reserved or appended. It is persisted before it
   * is returned, so a report signed with it can never be followed, after a crash, by another
   * report with the same sequence.
   */
  reserveSequence(): bigint
  /** Adds a signed report; its sequence must be above every earlier entry's. Durable on return. */
  append(entry: OutboxEntry): void
  /** The oldest entries `oracle` has not settled, at most `limit`, in sequence order. */
  pending(oracle: string, limit: number): OutboxEntry[]
  /** Records final outcomes from `oracle`; rejected ones go to the dead letters. Durable on return. */
  settle(oracle: string, settlements: readonly Settlement[], atMs: number): void
  /** Every dead letter so far, oldest first. */
  deadLetters(): DeadLetter[]
  close(): void
}

/** How an oracle is identified in the outbox: its base URL without trailing slashes. */
export function oracleIdOf(url: string): string {
  return url.replace(/\/+$/, '')
}
