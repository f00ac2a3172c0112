import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { OracleError } from '../errors.ts'
import type { Db } from './db.ts'

/** What applying migrations needs from a backend: one open transaction that can run whole scripts. */
export type MigrationSession = {
  query: Db['query']
  /** Runs a script of several statements (the simple query protocol; no parameters). */
  exec(script: string): Promise<void>
}

export type Migration = { name: string; sql: string; checksum: string }

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)
const MIGRATION_FILE = /^\d+_[a-z0-9_]+\.sql$/

/**
 * Any constant shared by every oracle process works as the lock key; hashing a name keeps it
 * readable and out of the way of other advisory locks on a shared server.
 */
const MIGRATION_LOCK_SQL = "select pg_advisory_xact_lock(hashtext('pinion/schema_migrations'))"

/** The migration files, in lexical (= numeric, they are zero-padded) order. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort()
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(new URL(name, dir), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    }),
  )
}

/**
 * Applies, inside the caller's transaction, every migration not yet recorded in schema_migrations.
 * The transaction-scoped advisory lock makes two processes migrating one PostgreSQL database at
 * once take turns: the second waits, then sees the first's rows and applies nothing. A migration
 * that was applied and has since changed is an error: migrations are append-only, and silently
 * running an old database against an edited schema would corrupt it. Returns the names applied.
 */
export async function applyMigrations(session: MigrationSession, migrations: readonly Migration[]): Promise<string[]> {
  await session.query(MIGRATION_LOCK_SQL)
  await session.exec(`
    create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`)
  const { rows } = await session.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')
  const applied = new Map(rows.map((row) => [row.name, row.checksum]))
  const ran: string[] = []
  for (const migration of migrations) {
    const checksum = applied.get(migration.name)
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new OracleError(
          'PINION_ERR_MIGRATION_CHANGED',
          `migration ${migration.name} was applied with checksum ${checksum} but the file now has ${migration.checksum}; add a new migration instead of editing one`,
        )
      }
      continue
    }
    await session.exec(migration.sql)
    await session.query('insert into schema_migrations (name, checksum) values ($1, $2)', [migration.name, migration.checksum])
    ran.push(migration.name)
  }
  return ran
}
