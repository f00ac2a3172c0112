import type { Hex } from 'viem'
import { type ChallengesOutcome, fetchChallenges } from './challengeClient.ts'
import { type BatchOutcome, type FetchLike, type PostBatchOptions, postBatch } from './ingestClient.ts'

/** How one batch is sent: the clock's now (to read Retry-After), a stop signal and a time limit. */
export type SendOptions = Omit<PostBatchOptions, 'fetch'>

/**
 * How a device reaches its oracles. The outbox, batching and backoff (deliverToOracle) are the same
 * whatever the transport: it only sends one batch to one oracle, named by its address (a base URL),
 * and classifies the answer. Never throws for anything the network or the oracle does.
 */
export interface ReportTransport {
  /** The URL schemes of the oracle addresses it serves ('http:', 'mqtt:'…). */
  readonly schemes: readonly string[]
  sendBatch(oracle: string, reports: readonly Uint8Array[], options: SendOptions): Promise<BatchOutcome>
  /** This device's challenges in `epoch` from `oracle`, waiting up to `waitMs` for the epoch to begin. */
  fetchChallenges(oracle: string, query: { epoch: bigint; deviceId: Hex; waitMs?: number }, options?: { signal?: AbortSignal }): Promise<ChallengesOutcome>
  /** Closes its connections, if it holds any. */
  close(): Promise<void>
}

/** Reports over HTTP(S): POST /v1/reports/batch, and GET /v1/challenges. */
export function httpTransport(fetch: FetchLike = (input, init) => globalThis.fetch(input, init)): ReportTransport {
  return {
    schemes: ['http:', 'https:'],
    sendBatch: (oracle, reports, options) => postBatch(oracle, reports, { ...options, fetch }),
    fetchChallenges: (oracle, query, options = {}) => fetchChallenges(oracle, query, { fetch, ...options }),
    close: async () => {},
  }
}
