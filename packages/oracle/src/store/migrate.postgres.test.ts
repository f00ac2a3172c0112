// Runs only where a PostgreSQL server is given (DATABASE_URL): vitest.config.ts leaves *.postgres.test.ts
// files out otherwise, and .ci/run runs them against the CI machine's server.
import { describe, expect, it } from 'vitest'
import { loadMigrations } from './migrate.ts'
import { openDb } from './openDb.ts'
import { createScratchDatabase } from '@pinion/testkit/db'

describe('PostgreSQL migrations', () => {
  it('are safe when several processes migrate one database at once (advisory lock)', async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!)
    const dbs = [0, 1, 2, 3].map(() => openDb({ databaseUrl: scratch.url, poolSize: 1 }))
    try {
      const opened = await Promise.all(dbs)
      await Promise.all(opened.map((db) => db.migrate()))
      const { rows } = await opened[0]!.query<{ n: string }>('select count(*) as n from schema_migrations')
      expect(rows[0]!.n).toBe(String((await loadMigrations()).length))
    } finally {
      await Promise.all((await Promise.all(dbs)).map((db) => db.close()))
      await scratch.drop()
    }
  })
})
