import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb } from './openDb.ts'
import { SMALL_PGLITE_MEMORY } from './pgliteDb.ts'

describe("PGlite's memory", () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })
  const settingsOf = async (pgliteMemory?: typeof SMALL_PGLITE_MEMORY) => {
    const dir = await mkdtemp(join(tmpdir(), 'pinion-pglite-memory-'))
    dirs.push(dir)
    const db = await openDb({ dataDir: dir, pgliteMemory })
    try {
      await db.migrate()
      const { rows } = await db.query<{ shared_buffers: string; max_connections: string }>(
        "select current_setting('shared_buffers') as shared_buffers, current_setting('max_connections') as max_connections",
      )
      return rows[0]
    } finally {
      await db.close()
    }
  }

  it("keeps PostgreSQL's defaults unless asked, and the devnet's small buffers when asked, on a migrated store", async () => {
    expect(await settingsOf()).toEqual({ shared_buffers: '128MB', max_connections: '100' })
    expect(await settingsOf(SMALL_PGLITE_MEMORY)).toEqual({ shared_buffers: '16MB', max_connections: '5' })
  })
})
