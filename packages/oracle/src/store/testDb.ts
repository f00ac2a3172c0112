import { randomBytes } from 'node:crypto'
import { type DeviceKey, deviceIdOf } from '@pinion/protocol'
import pg from 'pg'
import type { Db } from './db.ts'
import { openPgliteDb } from './pgliteDb.ts'
import { openPostgresDb } from './postgresDb.ts'

/**
 * Databases for tests: hermetic, one fresh database per call. PGlite in memory always works;
 * PostgreSQL is used when DATABASE_URL names a server (CI sets it), through a new database created
 * on that server and dropped by `cleanup`.
 */
export type TestBackend = 'pglite' | 'postgres'

export type TestDb = {
  db: Db
  backend: TestBackend
  /** Closes the Db and, on PostgreSQL, drops its database. */
  cleanup(): Promise<void>
}

/** The backends this run can test: PGlite, plus PostgreSQL when DATABASE_URL is set. */
export function testBackends(): TestBackend[] {
  return databaseUrlFromEnv() === undefined ? ['pglite'] : ['pglite', 'postgres']
}

function databaseUrlFromEnv(): string | undefined {
  const url = process.env.DATABASE_URL
  return url === undefined || url === '' ? undefined : url
}

/**
 * A migrated Db. Backend: `options.backend`, else PostgreSQL when DATABASE_URL is set, else PGlite
 * in memory.
 */
export async function openTestDb(options: { backend?: TestBackend } = {}): Promise<TestDb> {
  const url = databaseUrlFromEnv()
  const backend = options.backend ?? (url === undefined ? 'pglite' : 'postgres')
  if (backend === 'pglite') {
    const db = await openPgliteDb()
    await db.migrate()
    return { db, backend, cleanup: () => db.close() }
  }
  if (url === undefined) throw new Error('the postgres test backend needs DATABASE_URL (postgres://user@host:port/database)')
  const scratch = await createScratchDatabase(url)
  const db = openPostgresDb(scratch.url, { poolSize: 4 })
  try {
    await db.migrate()
  } catch (error) {
    await db.close()
    await scratch.drop()
    throw error
  }
  return {
    db,
    backend,
    cleanup: async () => {
      await db.close()
      await scratch.drop()
    },
  }
}

/**
 * Creates an empty database `pinion_test_<random>` on the server of `serverUrl`; `drop` removes it
 * (WITH (FORCE): connections a failed test left open must not keep it alive).
 */
export async function createScratchDatabase(serverUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `pinion_test_${randomBytes(6).toString('hex')}`
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}

async function withAdmin<result>(serverUrl: string, work: (client: pg.Client) => Promise<result>): Promise<result> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/**
 * Registers a device as the chain follower would have recorded it, with placeholder owner and
 * registration fields: for tests and fixtures that need ingest to know a device.
 */
export async function seedDevice(db: Db, key: Pick<DeviceKey, 'type' | 'publicKey'>, state: { suspended?: boolean; retired?: boolean } = {}): Promise<void> {
  await seedDevices(db, [key], state)
}

/** seedDevice for many keys in one statement; devices already present are left as they are. */
export async function seedDevices(
  db: Db,
  keys: readonly Pick<DeviceKey, 'type' | 'publicKey'>[],
  state: { suspended?: boolean; retired?: boolean } = {},
): Promise<void> {
  await db.query(
    `insert into devices (device_id, owner, device_class, key_type, public_key, maker, serial, suspended, retired,
                          registered_block, registered_time_ms, updated_block)
     select id, $4, 1, kt, pk, $4, id, $5, $6, 1, 0, 1
     from unnest($1::text[], $2::text[], $3::text[]) as d(id, kt, pk)
     on conflict (device_id) do nothing`,
    [
      keys.map((key) => deviceIdOf(key.publicKey)),
      keys.map((key) => key.type),
      keys.map((key) => key.publicKey.toLowerCase()),
      '0x0000000000000000000000000000000000000000',
      state.suspended ?? false,
      state.retired ?? false,
    ],
  )
}
