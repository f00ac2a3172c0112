import type { FastifyPluginAsync } from 'fastify'
import type { Hex } from 'viem'
import { coalesce } from '../store/coalesce.ts'
import type { Db } from '../store/db.ts'
import { type DeviceLookup, createDeviceLookup } from '../store/devices.ts'
import { lastSequences } from '../store/reports.ts'
import type { OracleErrorCode } from '../errors.ts'
import { InThreadVerifier } from './inThreadVerifier.ts'
import { type IngestResult, type PipelineOptions, runPipeline } from './pipeline.ts'
import { RejectionCounter } from './rejectionCounts.ts'
import { ReportWriter } from './reportWriter.ts'
import { ingestRoutes } from './routes.ts'
import { SequenceCache } from './sequenceCache.ts'
import { type BucketOptions, TokenBuckets } from './tokenBuckets.ts'
import { type SignatureVerifier, VerifyPool } from './verifyPool.ts'

/** Every limit ingest enforces; each has a default (DEFAULT_INGEST_LIMITS). */
export type IngestLimits = {
  /** Largest body of POST /v1/reports, in bytes. */
  maxReportBytes: number
  /** Largest body of POST /v1/reports/batch, in bytes. */
  maxBatchBytes: number
  /** Most reports in one batch. */
  maxBatchReports: number
  /** A report older than the oracle clock minus this is stale. */
  maxAgeMs: number
  /** A report newer than the oracle clock plus this is from the future. */
  maxFutureMs: number
  /** Requests per client address (charged before the body is read); false: unlimited. */
  perIp: BucketOptions | false
  /** Reports per device (charged once the signature verified); false: unlimited. */
  perDevice: BucketOptions | false
  /** Devices whose last sequence is kept in memory (the rest are re-read when needed). */
  sequenceCacheSize: number
  /**
   * How long a device's key and status are reused before the devices table is read again: the
   * longest a suspension, retirement or new registration takes to apply to ingest.
   */
  deviceCacheMs: number
}

/**
 * Defaults sized for devices that report every few seconds to minutes. The window is wide enough
 * for a device that buffered reports through a short outage and for ordinary clock drift, and
 * narrow enough that an epoch can be sealed soon after it ends.
 */
const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxReportBytes: 4 * 1024,
  maxBatchBytes: 1024 * 1024,
  maxBatchReports: 1_000,
  maxAgeMs: 15 * 60_000,
  maxFutureMs: 60_000,
  perIp: { capacity: 200, refillPerSecond: 100 },
  perDevice: { capacity: 120, refillPerSecond: 2 },
  sequenceCacheSize: 200_000,
  deviceCacheMs: 5_000,
}

export type IngestOptions = {
  db: Db
  /** The network this oracle accepts reports for: networkIdOf(chainId, registry). */
  networkId: Hex
  /** Unix milliseconds. The only clock ingest reads (tests pin it). */
  clock: () => number
  /** How to find a device's key and status; the devices table by default (see deviceCacheMs). */
  deviceLookup?: DeviceLookup | undefined
  /**
   * Who checks signatures; by default a new VerifyPool of `verifierThreads` worker threads (every
   * core), which `close()` stops. A verifier passed in is the caller's to close.
   */
  verifier?: SignatureVerifier | undefined
  /**
   * Threads of the default verifier; os.availableParallelism() unless set. 0 verifies on ingest's
   * own thread (InThreadVerifier): for light ingest, where starting a thread costs more than it saves.
   */
  verifierThreads?: number | undefined
  limits?: Partial<IngestLimits> | undefined
  /**
   * The epoch a moment (unix ms) falls in: with it, what ingest refuses is counted per epoch of
   * receipt, device and reason (ingest_rejections, rejectionCounts.ts); without it, not counted.
   */
  epochOf?: ((timeMs: number) => bigint) | undefined
  /** How often those counts are written (default 1 s; 0: only by flushRejections() and close()). */
  rejectionFlushMs?: number | undefined
  /** Told of every call's verdicts (metrics). */
  onVerdicts?: ((results: readonly IngestResult[]) => void) | undefined
  /** Told of every HTTP request refused as a whole (rate limit, body, batch, store unavailable), by code (metrics). */
  onRequestRefused?: ((code: OracleErrorCode) => void) | undefined
  /** Told of a failure to store rejection counts (they are kept and retried). */
  onError?: ((error: unknown) => void) | undefined
  /**
   * The JetStream oracle's ingest node: reports that pass the checks are published to the report
   * stream (jetstream/publishReports.ts) instead of stored here; the writers store them.
   */
  publish?: PipelineOptions['publish']
}

export type Ingest = {
  /**
   * Fastify plugin with POST /v1/reports and POST /v1/reports/batch. Register it without
   * fastify-plugin (its error handler and body parser are its own); closing the app closes the
   * ingest.
   */
  plugin: FastifyPluginAsync
  /**
   * The pipeline without HTTP (for other transports): verdicts for SignedReport bytes. Timestamps
   * are judged against `arrivedMs` (default: now).
   */
  submit(reports: readonly Uint8Array[], arrivedMs?: number): Promise<IngestResult[]>
  /**
   * Seals every epoch ending at or before `endMs`: resolves when every report acknowledged for them
   * is stored; from then on ingest refuses their reports as stale.
   */
  sealBefore(endMs: bigint): Promise<void>
  /** Writes the rejection counts held in memory now (they are written every rejectionFlushMs anyway). */
  flushRejections(): Promise<void>
  readonly limits: IngestLimits
  /** The signature verifier ingest uses (its own pool, or the one it was given). */
  readonly verifier: SignatureVerifier
  /** How ingest finds a device's key and status (MQTT's connect tokens are checked against it too). */
  readonly deviceLookup: DeviceLookup
  close(): Promise<void>
}

/** How often rejection counts are written: a second's worth at most is lost when the process dies. */
const DEFAULT_REJECTION_FLUSH_MS = 1_000

/** Builds the ingest: starts its verifier threads (unless given one) and wires the pipeline. */
export async function createIngest(options: IngestOptions): Promise<Ingest> {
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...options.limits }
  const ownVerifier = options.verifier === undefined
  const verifier = options.verifier ?? (options.verifierThreads === 0 ? new InThreadVerifier() : await VerifyPool.start({ size: options.verifierThreads }))
  const writer = new ReportWriter(options.db)
  const rejections =
    options.epochOf === undefined
      ? undefined
      : new RejectionCounter({
          db: options.db,
          epochOf: options.epochOf,
          clock: options.clock,
          flushEveryMs: options.rejectionFlushMs ?? DEFAULT_REJECTION_FLUSH_MS,
          onError: options.onError,
        })
  const pipelineOptions: PipelineOptions = {
    networkId: options.networkId.toLowerCase() as Hex,
    clock: options.clock,
    deviceLookup: options.deviceLookup ?? createDeviceLookup(options.db, { clock: options.clock, cacheMs: limits.deviceCacheMs }),
    verifier,
    sequences: new SequenceCache(limits.sequenceCacheSize),
    loadLastSequence: coalesce((ids: Hex[]) => lastSequences(options.db, ids)),
    writer,
    deviceBuckets: limits.perDevice === false ? undefined : new TokenBuckets(limits.perDevice, options.clock),
    maxAgeMs: limits.maxAgeMs,
    maxFutureMs: limits.maxFutureMs,
    onRejected: rejections === undefined ? undefined : (receivedMs: number, deviceId: string, code: OracleErrorCode) => rejections.count(receivedMs, deviceId, code),
    onVerdicts: options.onVerdicts,
    publish: options.publish,
  }
  let closed: Promise<void> | undefined
  const ingest: Ingest = {
    limits,
    verifier,
    deviceLookup: pipelineOptions.deviceLookup,
    submit: (reports, arrivedMs) => runPipeline(pipelineOptions, reports, arrivedMs),
    sealBefore: (endMs) => writer.sealBefore(endMs),
    flushRejections: () => rejections?.flush() ?? Promise.resolve(),
    close: () => {
      closed ??= Promise.all([rejections?.close(), ownVerifier ? verifier.close() : undefined]).then(() => undefined)
      return closed
    },
    plugin: async (app) => {
      await app.register(
        ingestRoutes({
          limits,
          ipBuckets: limits.perIp === false ? undefined : new TokenBuckets(limits.perIp, options.clock),
          clock: options.clock,
          submit: ingest.submit,
          onRequestRefused: options.onRequestRefused,
        }),
      )
      app.addHook('onClose', () => ingest.close())
    },
  }
  return ingest
}
