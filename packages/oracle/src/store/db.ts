/**
 * The one database interface the oracle codes against, implemented for PGlite (embedded, on disk
 * under .pinion/) and PostgreSQL (DATABASE_URL). SQL is plain PostgreSQL; both run it unchanged.
 */
export interface Db {
  /** Runs one statement. Parameters are $1, $2…; bigint and Uint8Array values are passed through. */
  query<row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }>
  /** Runs `work` in one transaction: all of it commits, or none of it. */
  transaction<result>(work: (tx: Db) => Promise<result>): Promise<result>
  /** Applies the migrations in src/store/migrations that have not run yet, in order. */
  migrate(): Promise<void>
  close(): Promise<void>
  /** "pglite" or "postgres", for logs and status. */
  readonly dialect: 'pglite' | 'postgres'
}
