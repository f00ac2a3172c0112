import type { Db } from './db.ts'
import { type PgliteMemory, openPgliteDb } from './pgliteDb.ts'
import { type PostgresOptions, openPostgresDb } from './postgresDb.ts'

export type OpenDbOptions = PostgresOptions & {
  /** postgres://… : use that PostgreSQL server. Wins over `dataDir`. */
  databaseUrl?: string | undefined
  /** Where PGlite keeps its files; in memory when undefined (tests, throwaway runs). */
  dataDir?: string | undefined
  /** PGlite's memory (PgliteMemory); PostgreSQL's defaults when absent. A PostgreSQL server's is its own. */
  pgliteMemory?: PgliteMemory | undefined
}

/**
 * Opens the oracle's store: PostgreSQL when `databaseUrl` is given, else embedded PGlite. Both
 * return values by the same convention (see valueTypes.ts: int8 and numeric as decimal strings,
 * bytea as Uint8Array). The schema is not touched: call `migrate()` before use.
 */
export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') return openPostgresDb(options.databaseUrl, options)
  return openPgliteDb(options.dataDir, { memory: options.pgliteMemory })
}
