import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { PinionError } from '@pinion/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { bindStore, refuseOutdatedStore } from './bindStore.ts'
import type { Db } from './db.ts'
import { applyMigrations, loadMigrations } from './migrate.ts'
import { openPgliteDb } from './pgliteDb.ts'

const DEPLOYMENT = { chainId: 31_337, distributor: '0x5FbDB2315678afecb367f032d93F642f64180aa3', genesisBlockHash: `0x${'11'.repeat(32)}` } as const

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'bound',
    (error: PinionError) => error.code,
  )

describe('a store belongs to one deployment', () => {
  const opened: Db[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close()
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })
  const fresh = async () => {
    const db = await openPgliteDb()
    opened.push(db)
    await db.migrate()
    return db
  }

  it('binds on first use, opens again for the same deployment, and refuses another chain, another distributor, or a fresh devnet at the same addresses', async () => {
    const db = await fresh()
    expect(await codeOf(bindStore(db, DEPLOYMENT))).toBe('bound')
    expect(await codeOf(bindStore(db, { ...DEPLOYMENT, distributor: DEPLOYMENT.distributor.toLowerCase() as `0x${string}` }))).toBe('bound')
    for (const other of [
      { ...DEPLOYMENT, chainId: 1 },
      { ...DEPLOYMENT, distributor: '0x0000000000000000000000000000000000000001' as const },
      // Deterministic deployment: a fresh devnet has the same addresses, and only its first block differs.
      { ...DEPLOYMENT, genesisBlockHash: `0x${'22'.repeat(32)}` as const },
    ]) {
      expect(await codeOf(bindStore(db, other))).toBe('PINION_ERR_STORE_OF_OTHER_DEPLOYMENT')
    }
    await expect(bindStore(db, { ...DEPLOYMENT, chainId: 1 })).rejects.toThrow(/belongs to the deployment on chain 31337 .* not to chain 1/)
  })

  it('refuses, before migrating, a store whose report ids hashed transport bytes; an empty one of that age is migrated', async () => {
    const older = (await loadMigrations()).filter((m) => m.name < '030')
    /** A store as an earlier Pinion left it: migrations up to 020, with or without a report. */
    const earlierStore = async (withReport: boolean): Promise<Db> => {
      const dir = await mkdtemp(join(tmpdir(), 'pinion-old-store-'))
      dirs.push(dir)
      const pglite = await PGlite.create({ dataDir: dir })
      await pglite.transaction((tx) =>
        applyMigrations(
          {
            query: async (sql, params) => ({ rows: (await tx.query(sql, params === undefined ? undefined : [...params])).rows as never[] }),
            exec: async (sql) => void (await tx.exec(sql)),
          },
          older,
        ),
      )
      if (withReport) {
        await pglite.exec(
          `insert into reports (device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, signed) values ('0x01', 1, 0, 0, 'uptime', 'heartbeat', '0x02', '\\x00')`,
        )
      }
      await pglite.close()
      const db = await openPgliteDb(dir)
      opened.push(db)
      return db
    }
    expect(await codeOf(refuseOutdatedStore(await earlierStore(true)))).toBe('PINION_ERR_STORE_FORMAT')
    const empty = await earlierStore(false)
    expect(await codeOf(refuseOutdatedStore(empty))).toBe('bound')
    await empty.migrate()
    expect(await codeOf(refuseOutdatedStore(empty))).toBe('bound')
  })
})
