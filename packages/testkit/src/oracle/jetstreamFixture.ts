import { randomBytes } from 'node:crypto'
import { computeEpoch } from '../../../oracle/src/epoch/computeEpoch.ts'
import { createIngest } from '../../../oracle/src/ingest/createIngest.ts'
import { reportIdsForWindow, reportsByIds } from '../../../oracle/src/store/consensus.ts'
import type { Db } from '../../../oracle/src/store/db.ts'
import { openPostgresDb } from '../../../oracle/src/store/postgresDb.ts'
import { type FleetDevice, WINDOW, epochInput } from './epochFixture.ts'
import { createScratchDatabase } from './scratchDatabase.ts'
import { seedDevices } from './seedDevices.ts'
import { DEFAULT_STREAM_SETTINGS, type ReportStreamConfig, connectReportStream } from '../../../oracle/src/jetstream/reportStream.ts'

/**
 * Fixtures of the JetStream tests (*.nats.test.ts): a stream of its own per test (a unique name and
 * subject prefix, deleted after), a scratch PostgreSQL database, and the root the single-process
 * oracle computes for the same reports, to compare with.
 */
export function natsUrl(): string {
  const url = process.env.NATS_URL
  if (url === undefined || url === '') throw new Error('the JetStream tests need NATS_URL (nats://127.0.0.1:4222) and DATABASE_URL')
  return url
}

export function postgresUrl(): string {
  const url = process.env.DATABASE_URL
  if (url === undefined || url === '') throw new Error('the JetStream tests need DATABASE_URL (a PostgreSQL server)')
  return url
}

/** A stream config no other test shares. */
export function uniqueStream(overrides: Partial<ReportStreamConfig> = {}): ReportStreamConfig {
  const id = randomBytes(5).toString('hex')
  return { ...DEFAULT_STREAM_SETTINGS, url: natsUrl(), stream: `PINION_TEST_${id}`, subjectPrefix: `pinion.test${id}`, publishTimeoutMs: 2_000, ...overrides }
}

export async function deleteStream(config: ReportStreamConfig): Promise<void> {
  const stream = await connectReportStream(config)
  try {
    await stream.jsm.streams.delete(config.stream)
  } finally {
    await stream.close()
  }
}

/** A migrated scratch database with the fleet's devices registered. */
export async function scratchOracleDb(fleet: readonly FleetDevice[]): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(postgresUrl())
  const db = openPostgresDb(scratch.url, { poolSize: 4 })
  await db.migrate()
  await seedDevices(
    db,
    fleet.map(({ key }) => key),
  )
  return {
    db,
    url: scratch.url,
    drop: async () => {
      await db.close()
      await scratch.drop()
    },
  }
}

/** The epoch's report ids and root as the oracle computes them from what `db` holds for WINDOW. */
export async function epochOf(db: Db, fleet: readonly FleetDevice[]): Promise<{ ids: string[]; root: string }> {
  const ids = await reportIdsForWindow(db, WINDOW.startMs, WINDOW.endMs)
  const stored = await reportsByIds(db, ids)
  const result = await computeEpoch(
    epochInput(
      fleet,
      ids.map((id) => stored.get(id)!),
    ),
  )
  return { ids, root: result.root }
}

/** What the single-process oracle (HTTP ingest storing directly, then its seal) makes of `reports`. */
export async function singleProcessEpoch(fleet: readonly FleetDevice[], reports: readonly Uint8Array[], nowMs: number): Promise<{ ids: string[]; root: string }> {
  const { db, drop } = await scratchOracleDb(fleet)
  try {
    const ingest = await createIngest({
      db,
      networkId: epochInput(fleet, []).networkId,
      clock: () => nowMs,
      verifierThreads: 0,
      limits: { perIp: false, perDevice: false, maxAgeMs: 10 * 60_000 },
    })
    const verdicts = await ingest.submit(reports)
    if (verdicts.some((verdict) => verdict.status !== 'accepted'))
      throw new Error(`the single-process oracle refused some reports: ${JSON.stringify(verdicts.filter((v) => v.status !== 'accepted').slice(0, 3))}`)
    await ingest.sealBefore(WINDOW.endMs)
    await ingest.close()
    return await epochOf(db, fleet)
  } finally {
    await drop()
  }
}
