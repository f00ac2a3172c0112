import { mkdir } from 'node:fs/promises'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { OracleError } from '../errors.ts'
import type { Db } from './db.ts'
import { applyMigrations, loadMigrations } from './migrate.ts'
import { seedFromInitdbCache } from './pgliteInitdbCache.ts'
import { pgliteParsers, pgliteSerializers } from './valueTypes.ts'

/**
 * Opens PGlite (PostgreSQL compiled to WebAssembly, in this process) persisted in `dataDir`, or in
 * memory when `dataDir` is undefined.
 *
 * Durability: `relaxedDurability` stays false, so every query's file writes have reached the
 * filesystem before its promise resolves, and a COMMIT that resolved survives SIGKILL of this
 * process (ingest.crash.db.test.ts proves it). PGlite runs PostgreSQL with fsync off and Node's file
 * system has no fsync through it, so a power cut can still lose the last commits; use PostgreSQL
 * (DATABASE_URL) where that matters.
 *
 * PGlite is one connection: a query outside a transaction waits until the open transaction ends,
 * so inside `transaction(work)` use the `tx` it passes, never the outer Db (that would wait on
 * itself).
 */
export async function openPgliteDb(dataDir?: string, options: { from?: Blob; memory?: PgliteMemory | undefined } = {}): Promise<Db> {
  if (dataDir !== undefined) {
    await mkdir(dataDir, { recursive: true })
    // A new store starts from a copy of an initialized cluster rather than running initdb.
    if (options.from === undefined) await seedFromInitdbCache(dataDir)
  }
  const pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    // A copy of a dumped data directory (dumpPgliteDb): starts in ~0.5 s where initdb plus the
    // migrations take ~3 s.
    ...(options.from === undefined ? {} : { loadDataDir: options.from }),
    relaxedDurability: false,
    ...(options.memory === undefined ? {} : { startParams: [...PGlite.defaultStartParams, ...memorySettings(options.memory)] }),
    parsers: pgliteParsers,
    serializers: pgliteSerializers,
  })
  return new PgliteDb(pglite)
}

/**
 * How much memory PGlite's PostgreSQL sets aside, beside what its WebAssembly build needs anyway
 * (~70 MB resident). PostgreSQL's defaults, which PGlite keeps, size it for a server: 128 MB of
 * shared buffers and shared state for 100 connections, ~215 MB resident per store once opened (3
 * oracles' stores on one machine: 645 MB). PGlite has one connection, and a store that fits in the
 * OS's page cache loses little when its pages are read back through the file system.
 */
export type PgliteMemory = {
  /** PostgreSQL's shared_buffers, in MB (PostgreSQL's default: 128). */
  sharedBuffersMb: number
}

/**
 * The devnet's: 16 MB of shared buffers and room for 5 connections (PGlite uses one; PostgreSQL
 * wants more than its 3 reserved for superusers): ~75 MB resident per store instead of ~215 MB.
 */
export const SMALL_PGLITE_MEMORY: PgliteMemory = { sharedBuffersMb: 16 }

/** What `memory` asks of PostgreSQL, as `-c name=value` start parameters. */
function memorySettings(memory: PgliteMemory): string[] {
  return ['-c', `shared_buffers=${memory.sharedBuffersMb}MB`, '-c', 'max_connections=5']
}

/** The whole data directory of a PGlite Db, for openPgliteDb's `from`: a migrated template to copy. */
export async function dumpPgliteDb(db: Db): Promise<Blob> {
  if (!(db instanceof PgliteDb)) throw new TypeError(`dumpPgliteDb needs a PGlite Db, got ${db.dialect}`)
  return db.dump()
}

type Queryable = Pick<Transaction, 'query' | 'exec'>

async function run<row>(target: Queryable, sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
  const { rows } = await target.query<row>(sql, params === undefined ? undefined : [...params])
  return { rows }
}

class PgliteDb implements Db {
  readonly dialect = 'pglite' as const

  constructor(private readonly pglite: PGlite) {}

  query<row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
    return run<row>(this.pglite, sql, params)
  }

  transaction<result>(work: (tx: Db) => Promise<result>): Promise<result> {
    return this.pglite.transaction((tx) => work(new PgliteTransaction(tx)))
  }

  async migrate(): Promise<void> {
    const migrations = await loadMigrations()
    await this.pglite.transaction(async (tx) => {
      await applyMigrations({ query: (sql, params) => run(tx, sql, params), exec: async (script) => void (await tx.exec(script)) }, migrations)
    })
  }

  dump(): Promise<Blob> {
    return this.pglite.dumpDataDir('none')
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close()
  }
}

/** The Db a transaction's work sees: every call runs in that transaction; nesting reuses it. */
class PgliteTransaction implements Db {
  readonly dialect = 'pglite' as const

  constructor(private readonly tx: Transaction) {}

  query<row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
    return run<row>(this.tx, sql, params)
  }

  transaction<result>(work: (tx: Db) => Promise<result>): Promise<result> {
    return work(this)
  }

  async migrate(): Promise<void> {
    await applyMigrations({ query: (sql, params) => run(this.tx, sql, params), exec: async (script) => void (await this.tx.exec(script)) }, await loadMigrations())
  }

  close(): Promise<void> {
    return Promise.reject(new OracleError('PINION_ERR_INTERNAL', 'close() was called on a transaction; close the Db that opened it'))
  }
}
