import pg from 'pg'
import { OracleError } from '../errors.ts'
import type { Db } from './db.ts'
import { applyMigrations, loadMigrations } from './migrate.ts'
import { postgresTypes } from './valueTypes.ts'

export type PostgresOptions = {
  /** Connections in the pool; 10 unless set. */
  poolSize?: number | undefined
  /** Errors of idle connections (a server restart, a network cut). The next query fails on its own. */
  onIdleError?: ((error: Error) => void) | undefined
}

/** Opens a pool on the PostgreSQL server at `databaseUrl` (postgres://user@host:port/database). */
export function openPostgresDb(databaseUrl: string, options: PostgresOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, types: postgresTypes(), max: options.poolSize ?? 10 })
  // Without a listener, an idle connection's error would be an uncaught 'error' event: a crash.
  pool.on('error', (error) => options.onIdleError?.(error))
  return new PostgresDb(pool)
}

type Queryable = Pick<pg.PoolClient, 'query'>

async function run<row>(target: Queryable, sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
  const result = await target.query(sql, params === undefined ? undefined : [...params])
  return { rows: result.rows as row[] }
}

class PostgresDb implements Db {
  readonly dialect = 'postgres' as const

  constructor(private readonly pool: pg.Pool) {}

  query<row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
    return run<row>(this.pool, sql, params)
  }

  transaction<result>(work: (tx: Db) => Promise<result>): Promise<result> {
    return withClientTransaction(this.pool, (client) => work(new PostgresTransaction(client)))
  }

  async migrate(): Promise<void> {
    const migrations = await loadMigrations()
    await withClientTransaction(this.pool, (client) => applyMigrations(session(client), migrations))
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end()
  }
}

/** BEGIN … COMMIT on one pooled connection; ROLLBACK when `work` throws. */
async function withClientTransaction<result>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<result>): Promise<result> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('begin')
    const result = await work(client)
    await client.query('commit')
    return result
  } catch (error) {
    try {
      await client.query('rollback')
    } catch (rollbackError) {
      // The connection is unusable (the server went away): drop it instead of pooling it again.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
    }
    throw error
  } finally {
    client.release(broken)
  }
}

function session(client: pg.PoolClient) {
  return {
    query: <row>(sql: string, params?: readonly unknown[]) => run<row>(client, sql, params),
    // No parameters: pg sends it with the simple query protocol, which runs several statements.
    exec: async (script: string) => void (await client.query(script)),
  }
}

/** The Db a transaction's work sees: every call runs on its connection; nesting reuses it. */
class PostgresTransaction implements Db {
  readonly dialect = 'postgres' as const

  constructor(private readonly client: pg.PoolClient) {}

  query<row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: row[] }> {
    return run<row>(this.client, sql, params)
  }

  transaction<result>(work: (tx: Db) => Promise<result>): Promise<result> {
    return work(this)
  }

  async migrate(): Promise<void> {
    await applyMigrations(session(this.client), await loadMigrations())
  }

  close(): Promise<void> {
    return Promise.reject(new OracleError('PINION_ERR_INTERNAL', 'close() was called on a transaction; close the Db that opened it'))
  }
}
