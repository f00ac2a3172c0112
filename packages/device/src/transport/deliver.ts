import type { Clock } from '../clock.ts'
import type { Outbox, Settlement } from '../outbox/outbox.ts'
import { type RetryPolicy, backoffDelay } from './backoff.ts'
import { type ReportStatus, TRANSIENT_CODES } from './ingestClient.ts'
import type { ReportTransport } from './transport.ts'

/** A final answer from one oracle about one report. */
export type ReportResult = { oracle: string; sequence: bigint; status: ReportStatus; code?: string }

/** How delivering the outbox to one oracle went in one flush. */
export type OracleDelivery = {
  oracle: string
  /** Batches sent (HTTP requests, MQTT publishes), including failed ones. */
  requests: number
  /** Total time spent waiting between retries. */
  waitedMs: number
  /** Set when the flush gave up on this oracle (after `maxAttempts`) or was stopped with entries left. */
  error?: { code: string; message: string }
}

export type DeliverOptions = {
  outbox: Outbox
  oracle: string
  batchSize: number
  retry: RetryPolicy
  clock: Clock
  random: () => number
  /** How batches reach the oracle (HTTP, MQTT): the rest of delivery is the same for every transport. */
  transport: ReportTransport
  requestTimeoutMs: number
  signal: AbortSignal
  /** Receives each final result as it is settled. */
  onResult: (result: ReportResult) => void
}

/**
 * Sends `oracle` every outbox entry it has not settled, oldest first, in batches, until none is
 * left, the retry budget is spent, or `signal` aborts.
 *
 * - accepted and duplicate are delivered (a duplicate means the oracle already holds these exact bytes);
 * - a per-report rejection with a permanent code goes to the dead letters; a transient one
 *   (rate limited) stays and counts as a failed attempt;
 * - network errors, 5xx, 429 and uncoded HTTP errors are retried after exponential backoff with
 *   jitter, or after the oracle's Retry-After when it gave one;
 * - a permanent rejection of the whole request (e.g. 413) halves the batch, down to one report,
 *   which is then dead-lettered with that code: one bad report never blocks the rest.
 */
export async function deliverToOracle(options: DeliverOptions): Promise<OracleDelivery> {
  const { outbox, oracle, retry, clock, signal } = options
  const delivery: OracleDelivery = { oracle, requests: 0, waitedMs: 0 }
  let batchSize = options.batchSize
  let failures = 0

  while (!signal.aborted) {
    const batch = outbox.pending(oracle, batchSize)
    if (batch.length === 0) {
      delete delivery.error
      return delivery
    }
    delivery.requests++
    let outcome = await options.transport.sendBatch(
      oracle,
      batch.map((e) => e.report),
      { nowMs: clock.now(), signal, timeoutMs: options.requestTimeoutMs },
    )

    if (outcome.type === 'results') {
      const settlements: Settlement[] = []
      let transient: { code: string } | undefined
      for (const { index, status, code } of outcome.results) {
        const { sequence } = batch[index]!
        if (status === 'rejected' && TRANSIENT_CODES.has(code!)) {
          transient = { code: code! }
          continue
        }
        settlements.push(status === 'rejected' ? { sequence, status, code: code!, message: `${oracle} rejected report ${sequence}: ${code}` } : { sequence, status: 'delivered' })
        options.onResult(code === undefined ? { oracle, sequence, status } : { oracle, sequence, status, code })
      }
      outbox.settle(oracle, settlements, clock.now())
      if (transient === undefined) {
        failures = 0
        continue
      }
      outcome = { type: 'retry', code: transient.code, message: `${oracle} deferred some reports: ${transient.code}` }
    }

    if (outcome.type === 'rejected') {
      if (batch.length > 1) {
        batchSize = Math.max(1, Math.floor(batch.length / 2))
        continue
      }
      const { sequence } = batch[0]!
      outbox.settle(oracle, [{ sequence, status: 'rejected', code: outcome.code, message: outcome.message }], clock.now())
      options.onResult({ oracle, sequence, status: 'rejected', code: outcome.code })
      continue
    }

    failures++
    delivery.error = { code: outcome.code, message: outcome.message }
    if (failures >= retry.maxAttempts) return delivery
    const delay = outcome.retryAfterMs ?? backoffDelay(failures, retry, options.random)
    delivery.waitedMs += delay
    await clock.sleep(delay, signal)
  }
  // Stopped: say so only when something is left, keeping the last failure if there was one.
  if (outbox.pending(oracle, 1).length === 0) delete delivery.error
  else delivery.error ??= { code: 'PINION_ERR_AGENT_STOPPED', message: `stopped with entries left for ${oracle}` }
  return delivery
}
