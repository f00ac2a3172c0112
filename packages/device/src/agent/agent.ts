import { type DeviceKey, deviceIdOf, signReport } from '@pinion/protocol'
import type { Hex } from 'viem'
import { openFileOutbox } from '../outbox/fileOutbox.ts'
import { createMemoryOutbox } from '../outbox/memoryOutbox.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { ChallengesOutcome } from '../transport/challengeClient.ts'
import { type OracleDelivery, type ReportResult, deliverToOracle } from '../transport/deliver.ts'
import type { Challenge } from './challenge.ts'
import { type DeviceAgentOptions, resolveAgentOptions } from './options.ts'

/** What one flush did: every final per-report answer, and how each oracle went. */
export type FlushResult = {
  results: ReportResult[]
  oracles: OracleDelivery[]
  /** Entries still waiting for some oracle. */
  pending: number
}

export interface DeviceAgent {
  readonly deviceId: Hex
  readonly outbox: Outbox
  /**
   * Signs a report with the next sequence (persisted first), appends it to the outbox (fsynced)
   * and returns the sequence. Sending happens in `flush()`.
   */
  report(payloadType: string, payload: Uint8Array, timestampMs?: bigint): Promise<bigint>
  /** Sends the outbox to every oracle (in parallel, each with its own backoff). Flushes never overlap. */
  flush(): Promise<FlushResult>
  /** Answers a challenge through `onChallenge`: the sequence of the response report, or null when ignored. */
  handleChallenge(challenge: Challenge): Promise<bigint | null>
  /**
   * Asks the first oracle for this device's challenges in `epoch` (waiting up to `waitMs` for the
   * epoch to begin) and answers each one not answered before through `onChallenge`: the sequences
   * of the responses, or null when the epoch has not begun yet.
   */
  answerChallenges(epoch: bigint, waitMs?: number): Promise<bigint[] | null>
  /** This device's challenges in `epoch` from the first oracle, over the agent's transport (waiting up to `waitMs` for the epoch to begin). */
  challenges(epoch: bigint, waitMs?: number): Promise<ChallengesOutcome>
  /** Starts flushing in the background every `flushIntervalMs`. */
  start(): void
  /** Stops the background loop, aborting a request or backoff in progress; resolves once it has stopped. */
  stop(): Promise<void>
  /** Stops and closes the outbox. */
  close(): Promise<void>
}

export async function createDeviceAgent(options: DeviceAgentOptions): Promise<DeviceAgent> {
  const config = resolveAgentOptions(options)
  const key: DeviceKey = { type: options.key.type, publicKey: options.key.publicKey, privateKey: options.key.privateKey }
  const deviceId = deviceIdOf(key.publicKey)
  const outbox: Outbox = 'outboxDir' in options ? openFileOutbox(options.outboxDir, { oracles: config.oracles }) : createMemoryOutbox({ oracles: config.oracles })

  // Challenges answered since the agent started: asking again never answers one twice.
  const answered = new Set<Hex>()
  let abort = new AbortController()
  let flushing: Promise<FlushResult> | undefined
  let loop: Promise<void> | undefined

  // A challenge of another kind is not this device's to answer: its answer would be a report of the wrong kind.
  async function handleChallenge(challenge: Challenge): Promise<bigint | null> {
    if (options.onChallenge === undefined || challenge.kind !== config.kindName) return null
    const response = await options.onChallenge(challenge, { deviceId })
    return response === null ? null : report(response.payloadType, response.payload)
  }

  async function report(payloadType: string, payload: Uint8Array, timestampMs?: bigint): Promise<bigint> {
    // Reserve (persisted) before signing: after a crash the device can only skip a sequence, never reuse one.
    const sequence = outbox.reserveSequence()
    const bytes = signReport(key, {
      networkId: options.networkId,
      sequence,
      timestampMs: timestampMs ?? BigInt(Math.floor(config.clock.now())),
      kind: config.kindName,
      payloadType,
      payload,
    })
    outbox.append({ sequence, report: bytes })
    return sequence
  }

  async function flushOnce(): Promise<FlushResult> {
    const results: ReportResult[] = []
    const signal = abort.signal
    const oracles = await Promise.all(
      config.oracles.map((oracle) =>
        deliverToOracle({
          outbox,
          oracle,
          batchSize: config.batchSize,
          retry: config.retry,
          clock: config.clock,
          random: config.random,
          transport: config.transport,
          requestTimeoutMs: config.requestTimeoutMs,
          signal,
          onResult: (result) => results.push(result),
        }),
      ),
    )
    return { results, oracles, pending: outbox.size }
  }

  function flush(): Promise<FlushResult> {
    // Chain rather than overlap: two concurrent flushes would send the same entries twice.
    const next = (flushing ?? Promise.resolve()).catch(() => undefined).then(flushOnce)
    flushing = next
    return next
  }

  async function runLoop(signal: AbortSignal) {
    while (!signal.aborted) {
      try {
        options.onFlush?.(await flush())
      } catch (error) {
        options.onError?.(error)
      }
      await config.clock.sleep(config.flushIntervalMs, signal)
    }
  }

  function challenges(epoch: bigint, waitMs?: number): Promise<ChallengesOutcome> {
    return config.transport.fetchChallenges(config.oracles[0]!, { epoch, deviceId, ...(waitMs === undefined ? {} : { waitMs }) })
  }

  async function stop() {
    abort.abort()
    await loop
    await flushing?.catch(() => undefined)
    loop = undefined
    abort = new AbortController()
  }

  return {
    deviceId,
    outbox,
    report,
    flush,
    handleChallenge,
    challenges,
    async answerChallenges(epoch, waitMs) {
      const outcome = await challenges(epoch, waitMs)
      if (outcome.type === 'not-started') return null
      const sequences: bigint[] = []
      for (const challenge of outcome.challenges) {
        if (answered.has(challenge.challengeId)) continue
        answered.add(challenge.challengeId)
        const sequence = await handleChallenge(challenge)
        if (sequence !== null) sequences.push(sequence)
      }
      return sequences
    },
    start() {
      loop ??= runLoop(abort.signal)
    },
    stop,
    async close() {
      await stop()
      outbox.close()
      await config.transport.close()
    },
  }
}
