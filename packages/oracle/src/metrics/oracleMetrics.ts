import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { IngestResult } from '../ingest/pipeline.ts'

/** What the signer last did: signed an epoch's root, waits for the inputs to agree on, or refuses to sign. */
const SIGNER_STATES = ['signed', 'waiting', 'refused'] as const
type SignerState = (typeof SIGNER_STATES)[number]

/**
 * The oracle's Prometheus metrics, in a registry of its own (several oracles in one process, as in
 * tests and `pinion up`, each serve their own). Fed by ingest's verdicts, the oracle's events (the
 * `log` stream of startOracle) and the follower's progress; served at GET /metrics in the text
 * exposition format.
 */
export class OracleMetrics {
  readonly registry = new Registry()

  private readonly accepted = new Counter({
    name: 'pinion_ingest_accepted_total',
    help: 'Reports ingest accepted and stored.',
    registers: [this.registry],
  })
  private readonly duplicates = new Counter({
    name: 'pinion_ingest_duplicates_total',
    help: 'Reports ingest answered duplicate: exact resubmissions of a stored report.',
    registers: [this.registry],
  })
  private readonly rejected = new Counter({
    name: 'pinion_ingest_rejected_total',
    help: 'Reports ingest refused, by error code (ERRORS.md).',
    labelNames: ['code'],
    registers: [this.registry],
  })
  private readonly requestsRefused = new Counter({
    name: 'pinion_ingest_requests_refused_total',
    help: 'Ingest requests refused as a whole, before any report had a verdict (rate-limited clients, bodies too large or not protobuf, malformed or oversized batches, the store unavailable), by error code.',
    labelNames: ['code'],
    registers: [this.registry],
  })
  private readonly epochCompute = new Histogram({
    name: 'pinion_epoch_compute_seconds',
    help: "Time to compute an epoch's verdicts, shares and reward tree and store them, once its inputs were agreed.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  })
  private readonly epochsComputed = new Counter({
    name: 'pinion_epochs_computed_total',
    help: 'Epochs this oracle computed (or computed again after a veto or recovery).',
    registers: [this.registry],
  })
  private readonly signerStatus = new Gauge({
    name: 'pinion_signer_status',
    help: "1 for what the root signer last did: signed an epoch's root, is waiting for peers to agree on inputs, or refused to sign (abstained, halted, or stopped until an epoch is recovered); 0 for the others.",
    labelNames: ['status'],
    registers: [this.registry],
  })
  private readonly signerEpoch = new Gauge({
    name: 'pinion_signer_epoch',
    help: 'The epoch pinion_signer_status is about.',
    registers: [this.registry],
  })
  private readonly followerLag = new Gauge({
    name: 'pinion_follower_lag_blocks',
    help: 'Blocks between the chain head and the last block the registry follower applied (confirmations included).',
    registers: [this.registry],
  })
  private readonly followerHead = new Gauge({
    name: 'pinion_follower_head_block',
    help: 'The chain head the registry follower last saw.',
    registers: [this.registry],
  })
  private readonly followerProcessed = new Gauge({
    name: 'pinion_follower_processed_block',
    help: 'The last block the registry follower applied.',
    registers: [this.registry],
  })

  constructor() {
    for (const state of SIGNER_STATES) this.signerStatus.set({ status: state }, 0)
  }

  /** Counts one ingest call's verdicts. */
  verdicts(results: readonly IngestResult[]): void {
    for (const result of results) {
      if (result.status === 'accepted') this.accepted.inc()
      else if (result.status === 'duplicate') this.duplicates.inc()
      else this.rejected.inc({ code: result.code })
    }
  }

  /** Counts an ingest request refused as a whole. */
  requestRefused(code: string): void {
    this.requestsRefused.inc({ code })
  }

  /** Reads one of the oracle's events (startOracle's `log`): epochs computed, signed or not, waits and halts. */
  event(event: string, fields: Record<string, unknown>): void {
    const epoch = typeof fields.epoch === 'string' ? Number(fields.epoch) : undefined
    switch (event) {
      case 'epoch computed':
        this.epochsComputed.inc()
        if (typeof fields.computeMs === 'number') this.epochCompute.observe(fields.computeMs / 1000)
        this.signer(fields.signed === false ? 'refused' : 'signed', epoch)
        break
      case 'epoch waiting':
        this.signer('waiting', epoch)
        break
      case 'epoch not signed':
      case 'epoch not recovered':
      case 'epochs halted':
        this.signer('refused', epoch)
        break
    }
  }

  /** Records the follower's progress. */
  follower(progress: { head: bigint; processed: bigint }): void {
    this.followerHead.set(Number(progress.head))
    this.followerProcessed.set(Number(progress.processed))
    this.followerLag.set(Number(progress.head > progress.processed ? progress.head - progress.processed : 0n))
  }

  private signer(state: SignerState, epoch: number | undefined): void {
    for (const other of SIGNER_STATES) this.signerStatus.set({ status: other }, other === state ? 1 : 0)
    if (epoch !== undefined && Number.isFinite(epoch)) this.signerEpoch.set(epoch)
  }
}

/** GET /metrics: the registry in Prometheus' text exposition format. Not part of the API reference. */
export function registerMetricsRoute(app: FastifyInstance, metrics: OracleMetrics): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await metrics.registry.metrics()
    return reply.header('content-type', metrics.registry.contentType).send(text)
  })
}
