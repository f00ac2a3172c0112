import type { Db } from '@pinion/oracle'
import { inject } from 'vitest'
import { dumpPgliteDb, openPgliteDb } from '../../oracle/src/store/pgliteDb.ts'
import { openPostgresDb } from '../../oracle/src/store/postgresDb.ts'
import { createScratchDatabase } from './oracle/scratchDatabase.ts'
import './postgresTemplate.ts'

export { createScratchDatabase }

/**
 * Databases for tests: hermetic, one fresh migrated database per call, copied from a template that
 * was migrated once rather than migrated each time. PGlite in memory always works: the template is
 * migrated once per worker and dumped, and each call loads that dump (~0.5 s of CPU where initdb
 * plus the migrations took ~3.5 s). PostgreSQL is used when DATABASE_URL names a server: each call
 * creates a database `template` a migrated one (postgresTemplate.ts makes it once per run), and
 * `cleanup` drops it.
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

export function databaseUrlFromEnv(): string | undefined {
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
    const db = await openPgliteDb(undefined, { from: await pgliteTemplate() })
    return { db, backend, cleanup: () => db.close() }
  }
  if (url === undefined) throw new Error('the postgres test backend needs DATABASE_URL (postgres://user@host:port/database)')
  const template = postgresTemplateName()
  const scratch = await createScratchDatabase(url, template === undefined ? {} : { template })
  const db = openPostgresDb(scratch.url, { poolSize: 4 })
  try {
    // Already migrated when copied from the template; migrating again checks it and does nothing.
    if (template === undefined) await db.migrate()
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

/** Runs `work` with a fresh migrated Db, then cleans up whatever happened. */
export async function withTestDb<result>(work: (db: Db) => Promise<result>, options: { backend?: TestBackend } = {}): Promise<result> {
  const test = await openTestDb(options)
  try {
    return await work(test.db)
  } finally {
    await test.cleanup()
  }
}

// Module state on purpose: the suite shares each worker's modules between files (isolate: false),
// so the template is migrated once per worker. Copies never write back to it.
let template: Promise<Blob> | undefined

function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = await openPgliteDb()
    try {
      await db.migrate()
      return await dumpPgliteDb(db)
    } finally {
      await db.close()
    }
  })()
  return template
}

function postgresTemplateName(): string | undefined {
  try {
    return inject('postgresTemplate') || undefined
  } catch {
    return undefined // outside a project with the template's global setup
  }
}
