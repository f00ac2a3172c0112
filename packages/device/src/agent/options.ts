import type { DeviceKey } from '@pinion/protocol'
import { type Hex, isHex, size } from 'viem'
import { type Clock, systemClock } from '../clock.ts'
import { DeviceError } from '../errors.ts'
import { oracleIdOf } from '../outbox/outbox.ts'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../transport/backoff.ts'
import type { FetchLike } from '../transport/ingestClient.ts'
import { type ReportTransport, httpTransport } from '../transport/transport.ts'
import type { ChallengeHandler } from './challenge.ts'
import type { FlushResult } from './agent.ts'

export type DeviceAgentOptions = {
  key: DeviceKey
  /** networkIdOf(chainId, registry): reports signed for one network never count on another. */
  networkId: Hex
  /** Base URLs of the oracles (or, with an MQTT transport, their brokers' URLs); every report goes to every one. */
  oracleUrls: readonly string[]
  /** The kind (or its name) whose reports this device makes. */
  kind: string | { readonly name: string }
  clock?: Clock
  /** HTTP's fetch (the default transport's). */
  fetch?: FetchLike
  /**
   * How reports and challenge requests reach the oracles: HTTP by default (httpTransport over
   * `fetch`), or mqttTransport. The outbox, batches and backoff are the same. The agent closes it.
   */
  transport?: ReportTransport
  /** Source of backoff jitter in [0, 1); inject a seeded one for reproducible tests. Default Math.random. */
  random?: () => number
  /** Reports per request (halved automatically on a 413). Default 100. */
  batchSize?: number
  retry?: Partial<RetryPolicy>
  /** Abort a request after this long. Default 10 s. */
  requestTimeoutMs?: number
  /** Pause between background flushes started by `start()`. Default 5 s. */
  flushIntervalMs?: number
  onChallenge?: ChallengeHandler
  /** Called after each background flush, to log or export metrics. */
  onFlush?: (result: FlushResult) => void
  /** Called when a background flush throws (an outbox I/O error); the loop keeps going. */
  onError?: (error: unknown) => void
} & (
  | { /** Directory of the durable outbox (see OUTBOX_FILES). */ outboxDir: string }
  | { /** Simulation only: sequences restart with the process, which a real oracle rejects as replays. */ outbox: 'memory' }
)

export const DEFAULT_BATCH_SIZE = 100
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
export const DEFAULT_FLUSH_INTERVAL_MS = 5_000

export type ResolvedAgentOptions = {
  oracles: string[]
  kindName: string
  clock: Clock
  transport: ReportTransport
  random: () => number
  batchSize: number
  retry: RetryPolicy
  requestTimeoutMs: number
  flushIntervalMs: number
}

/** Checks the options and fills in defaults; throws PINION_ERR_AGENT_CONFIG naming what is wrong. */
export function resolveAgentOptions(options: DeviceAgentOptions): ResolvedAgentOptions {
  const invalid = (message: string) => new DeviceError('PINION_ERR_AGENT_CONFIG', message)
  if (!isHex(options.networkId, { strict: true }) || size(options.networkId) !== 32) {
    throw invalid(`networkId must be 32 bytes of hex (networkIdOf(chainId, registry)), got ${options.networkId}`)
  }
  if (options.oracleUrls.length === 0) throw invalid('oracleUrls is empty; give at least one oracle base URL')
  const oracles = options.oracleUrls.map(oracleIdOf)
  const transport = options.transport ?? httpTransport(options.fetch)
  for (const url of oracles) {
    const scheme = /^([a-z]+:)\/\/[^/]/.exec(url)?.[1]
    if (scheme === undefined || !transport.schemes.includes(scheme)) {
      throw invalid(`oracle URL ${JSON.stringify(url)} is not a URL this transport serves (${transport.schemes.map((s) => `${s}//`).join(', ')})`)
    }
  }
  if (new Set(oracles).size !== oracles.length) throw invalid(`oracleUrls lists an oracle twice: ${oracles.join(', ')}`)
  const kindName = typeof options.kind === 'string' ? options.kind : options.kind.name
  if (kindName.length === 0) throw invalid('kind name is empty')
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry }
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) throw invalid(`${name} must be a positive integer, got ${value}`)
    return value
  }
  positive('retry.maxAttempts', retry.maxAttempts)
  return {
    oracles,
    kindName,
    clock: options.clock ?? systemClock,
    transport,
    // Jitter only spreads retries; it decides nothing, so an unseeded source is fine outside tests.
    random: options.random ?? Math.random,
    batchSize: positive('batchSize', options.batchSize ?? DEFAULT_BATCH_SIZE),
    retry,
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    flushIntervalMs: positive('flushIntervalMs', options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS),
  }
}
