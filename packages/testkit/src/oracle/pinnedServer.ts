import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import type { KeyType } from '@pinion/protocol'
import Fastify from 'fastify'
import type { Hex } from 'viem'
import { TreeCache } from '../../../oracle/src/api/proofs.ts'
import { registerApi } from '../../../oracle/src/api/registerApi.ts'
import { openDb } from '../../../oracle/src/store/openDb.ts'
import { seedDevices } from './seedDevices.ts'
import { type IngestLimits, createIngest } from '../../../oracle/src/ingest/createIngest.ts'
import { TEST_NETWORK_ID } from './sampleReports.ts'

/**
 * A real ingest server in its own process, for tests that must kill it (ingest.crash.db.test.ts) and
 * for the ingest benchmark: PGlite on disk at `dataDir` (or PostgreSQL at `databaseUrl`), the given
 * devices registered, the clock pinned at `nowMs`, HTTP on 127.0.0.1, with the read API beside
 * ingest on the same event loop and store, as in an oracle (the benchmark's concurrent reader). Configured by the JSON in
 * PINION_TEST_SERVER; prints {"port": n} on a line of stdout once it listens; on SIGTERM closes
 * cleanly and exits 0.
 *
 *   PINION_TEST_SERVER='{"dataDir":"/tmp/x","devices":[],"nowMs":0}' node --import tsx pinnedServer.ts
 */
export type TestServerConfig = {
  dataDir?: string
  databaseUrl?: string
  devices: { type: KeyType; publicKey: Hex }[]
  nowMs: number
  /** Ingest limits other than the defaults; rate limits are off unless set here. */
  limits?: Partial<IngestLimits>
  verifierThreads?: number
  /** Write a CPU profile of the main thread, from listening to SIGTERM, to this file. */
  profileFile?: string
}

const config = JSON.parse(process.env.PINION_TEST_SERVER ?? '') as TestServerConfig
const db = await openDb({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
await db.migrate()
await seedDevices(db, config.devices)
const ingest = await createIngest({
  db,
  networkId: TEST_NETWORK_ID,
  clock: () => config.nowMs,
  verifierThreads: config.verifierThreads,
  limits: { perIp: false, perDevice: false, ...config.limits },
})
const app = Fastify({ keepAliveTimeout: 60_000 })
await app.register(ingest.plugin)
await app.register(async (api) =>
  registerApi(api, {
    db,
    trees: new TreeCache(db),
    oracle: '0x0000000000000000000000000000000000000001',
    reasons: {},
    windowOf: () => ({ startMs: 0n, endMs: 0n }),
    isSealed: () => false,
    network: {},
  }),
)
await app.listen({ host: '127.0.0.1', port: 0 })
const profiler = config.profileFile === undefined ? undefined : await startProfiler()
const address = app.server.address()
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`)

process.once('SIGTERM', () => {
  void (async () => {
    await app.close()
    await db.close()
    if (profiler !== undefined && config.profileFile !== undefined) await writeFile(config.profileFile, JSON.stringify(await profiler()))
    process.exit(0)
  })()
})

/** Starts the V8 CPU profiler on this thread; the returned function stops it and gives the profile. */
async function startProfiler(): Promise<() => Promise<unknown>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async () => (await session.post('Profiler.stop')).profile
}
