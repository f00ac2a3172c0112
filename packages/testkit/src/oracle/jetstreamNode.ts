import { createInterface } from 'node:readline'
import Fastify from 'fastify'
import { createIngest } from '../../../oracle/src/ingest/createIngest.ts'
import { waitForAdvisoryLock } from '../../../oracle/src/jetstream/advisoryLock.ts'
import { publishReports } from '../../../oracle/src/jetstream/publishReports.ts'
import { type ReportStreamConfig, connectReportStream } from '../../../oracle/src/jetstream/reportStream.ts'
import { startShardWriter } from '../../../oracle/src/jetstream/shardWriter.ts'
import { streamSealer } from '../../../oracle/src/jetstream/streamSeal.ts'
import { openPostgresDb } from '../../../oracle/src/store/postgresDb.ts'
import { TEST_NETWORK_ID } from './sampleReports.ts'

/**
 * One process of a JetStream oracle, for tests that SIGKILL it (jetstream.nats.test.ts): the parts
 * `pinion oracle --role …` runs, without a chain. Configured by the JSON in PINION_JETSTREAM_NODE;
 * prints one JSON line when ready:
 *
 * - ingest: HTTP ingest publishing to the stream, clock pinned at `nowMs`; prints {"port": n}.
 * - writer: the writers of `shards`; prints {"writing": true}.
 * - leader: waits for the leader lock, prints {"leader": true}, then for each line `seal <endMs>`
 *   on stdin seals the stream there and prints {"sealed": "<endMs>"}.
 */
export type JetStreamNodeConfig = {
  role: 'ingest' | 'writer' | 'leader'
  databaseUrl: string
  stream: ReportStreamConfig
  nowMs: number
  /** When every report's epoch seals, for ingest's last check (one epoch in these tests). */
  sealAtMs: number
  shards?: number[]
  /** Ingest's verifier threads (default 0: this thread, so one process is one core's worth; bench:scale). */
  verifierThreads?: number
  /** Messages per writer transaction at most (default 50: small batches, so kills land mid-stream). */
  batchSize?: number
}

const config = JSON.parse(process.env.PINION_JETSTREAM_NODE ?? '') as JetStreamNodeConfig
const db = openPostgresDb(config.databaseUrl, { poolSize: 4 })
const stream = await connectReportStream(config.stream, { name: `test ${config.role}` })
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`)

if (config.role === 'ingest') {
  const clock = () => config.nowMs
  const ingest = await createIngest({
    db,
    networkId: TEST_NETWORK_ID,
    clock,
    verifierThreads: config.verifierThreads ?? 0,
    limits: { perIp: false, perDevice: false, maxAgeMs: 10 * 60_000 },
    publish: publishReports({ stream, db, clock, sealAtOf: () => BigInt(config.sealAtMs) }),
  })
  const app = Fastify({ keepAliveTimeout: 60_000 })
  await app.register(ingest.plugin)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  say({ port: typeof address === 'object' && address !== null ? address.port : 0 })
} else if (config.role === 'writer') {
  for (const shard of config.shards ?? []) {
    startShardWriter({
      db,
      databaseUrl: config.databaseUrl,
      stream,
      shard,
      batchSize: config.batchSize ?? 50,
      onError: (error) => process.stderr.write(`writer ${shard}: ${String(error)}\n`),
    })
  }
  say({ writing: true })
} else {
  await waitForAdvisoryLock(config.databaseUrl, `pinion leader ${config.stream.stream}`, { pollMs: 100 })
  say({ leader: true })
  const seal = streamSealer({ db, stream, pollMs: 100 })
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, endMs] = line.trim().split(' ')
    if (command !== 'seal' || endMs === undefined) continue
    await seal(BigInt(endMs))
    say({ sealed: endMs })
  }
}
