import { type JetStreamClient, type JetStreamManager, RetentionPolicy, StorageType, jetstream, jetstreamManager } from '@nats-io/jetstream'
import { type NatsConnection, connect, headers } from '@nats-io/transport-node'
import { allShards, shardSubject } from './shards.ts'

/**
 * Where and how reports are logged between ingest and the writers (docs/production.md). Every
 * process of one oracle must agree on all of it but `url`.
 */
export type ReportStreamConfig = {
  /** nats://host:port (a comma-separated list for a cluster). */
  url: string
  /** The stream's name; one per oracle (and per network). */
  stream: string
  /** Subject prefix: shard s publishes on `<prefix>.reports.<s>`. */
  subjectPrefix: string
  /** Shards (one writer each). Fixed for the life of the stream: shardOf() moves devices if it changes. */
  partitions: number
  /** Copies JetStream keeps (1 on one server, 3 on a cluster of three). */
  replicas: number
  /** How long JetStream drops a report it already holds (same id): longer than any device retries. */
  duplicateWindowMs: number
  /** How long the stream keeps messages (the writers store them within seconds; this is the slack for a writer that is down). */
  maxAgeMs: number
  /** How long one publish may wait for its PubAck before ingest refuses the call. */
  publishTimeoutMs: number
}

export const DEFAULT_STREAM_SETTINGS = {
  partitions: 4,
  replicas: 1,
  /** JetStream's own default, and far longer than ingest's whole acceptance window is not needed: the writers dedupe what comes after. */
  duplicateWindowMs: 2 * 60_000,
  maxAgeMs: 7 * 24 * 3_600_000,
  publishTimeoutMs: 5_000,
} as const

/** The header carrying when ingest received a report (its clock, unix ms): the reports table's received_ms. */
export const RECEIVED_HEADER = 'Pinion-Received-Ms'

type PublishAck = { seq: number; duplicate: boolean }

/** One process's connection to the report stream. */
export type ReportStream = {
  config: ReportStreamConfig
  nc: NatsConnection
  js: JetStreamClient
  jsm: JetStreamManager
  subjectOf(shard: number): string
  /** Publishes one report with its id as the message id; resolves with JetStream's PubAck. */
  publish(shard: number, reportId: string, signed: Uint8Array, receivedMs: number): Promise<PublishAck>
  /** The stream's last sequence now. */
  lastSeq(): Promise<number>
  close(): Promise<void>
}

const NANOS_PER_MS = 1_000_000

/**
 * Connects to NATS and makes sure the stream exists with the configured subjects, replicas,
 * retention and duplicate window (created when missing; updated when its settings changed). The
 * client keeps reconnecting for as long as the process runs: a NATS outage refuses ingest
 * (PINION_ERR_STREAM_UNAVAILABLE) and pauses the writers, and both resume on their own.
 */
export async function connectReportStream(config: ReportStreamConfig, options: { name?: string } = {}): Promise<ReportStream> {
  const nc = await connect({ servers: config.url.split(','), ...(options.name === undefined ? {} : { name: options.name }), maxReconnectAttempts: -1, reconnectTimeWait: 250 })
  try {
    const jsm = await jetstreamManager(nc)
    const wanted = {
      subjects: allShards(config.partitions).map((shard) => shardSubject(config.subjectPrefix, shard)),
      num_replicas: config.replicas,
      duplicate_window: config.duplicateWindowMs * NANOS_PER_MS,
      max_age: config.maxAgeMs * NANOS_PER_MS,
    }
    const existing = await jsm.streams.info(config.stream).catch(() => undefined)
    if (existing === undefined) {
      await jsm.streams.add({ name: config.stream, retention: RetentionPolicy.Limits, storage: StorageType.File, ...wanted })
    } else if (
      existing.config.num_replicas !== wanted.num_replicas ||
      existing.config.duplicate_window !== wanted.duplicate_window ||
      existing.config.max_age !== wanted.max_age ||
      existing.config.subjects.join(',') !== wanted.subjects.join(',')
    ) {
      await jsm.streams.update(config.stream, { ...existing.config, ...wanted })
    }
    const js = jetstream(nc, { timeout: config.publishTimeoutMs })
    return {
      config,
      nc,
      js,
      jsm,
      subjectOf: (shard) => shardSubject(config.subjectPrefix, shard),
      async publish(shard, reportId, signed, receivedMs) {
        const h = headers()
        h.set(RECEIVED_HEADER, String(receivedMs))
        const ack = await js.publish(shardSubject(config.subjectPrefix, shard), signed, {
          msgID: reportId,
          headers: h,
          timeout: config.publishTimeoutMs,
          // Only into this stream: a subject another stream also captured would be a misconfiguration.
          expect: { streamName: config.stream },
        })
        return { seq: ack.seq, duplicate: ack.duplicate }
      },
      async lastSeq() {
        return (await jsm.streams.info(config.stream)).state.last_seq
      },
      async close() {
        await nc.close()
      },
    }
  } catch (error) {
    await nc.close()
    throw error
  }
}
