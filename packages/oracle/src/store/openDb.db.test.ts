import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OracleError } from '../errors.ts'
import type { Db } from './db.ts'
import { applyMigrations, loadMigrations } from './migrate.ts'
import { openDb } from './openDb.ts'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'

describe.each(testBackends())('the %s store', (backend) => {
  let test: TestDb
  let db: Db
  beforeAll(async () => {
    test = await openTestDb({ backend })
    db = test.db
  })
  afterAll(() => test.cleanup())

  it('reports its dialect', () => {
    expect(db.dialect).toBe(backend)
  })

  it('returns int8 and numeric as exact decimal strings, bytea as plain Uint8Array, int4 as number', async () => {
    const uint256Max = 2n ** 256n - 1n
    const { rows } = await db.query<Record<string, unknown>>(
      `select $1::bigint as big, $2::numeric(78,0) as amount, $3::bytea as bytes, $4::integer as small,
              $5::numeric[] as amounts, $6::bigint[] as bigs, $7::bytea[] as byte_list, count(*) as n,
              $8::jsonb as doc, $9::boolean as flag, null::bigint as nothing
       from (values (1), (2)) as v(x)`,
      [2n ** 63n - 1n, uint256Max, new Uint8Array([0, 1, 255]), 7, [1n, uint256Max], ['5', -6n], [new Uint8Array([9]), new Uint8Array([])], { a: '1' }, true],
    )
    const row = rows[0]!
    expect(row).toEqual({
      big: '9223372036854775807',
      amount: uint256Max.toString(),
      bytes: new Uint8Array([0, 1, 255]),
      small: 7,
      amounts: ['1', uint256Max.toString()],
      bigs: ['5', '-6'],
      byte_list: [new Uint8Array([9]), new Uint8Array([])],
      n: '2',
      doc: { a: '1' },
      flag: true,
      nothing: null,
    })
    // A Buffer would pass toEqual against a Uint8Array only by luck of the matcher; be exact.
    expect(Object.getPrototypeOf(row.bytes)).toBe(Uint8Array.prototype)
    expect(Object.getPrototypeOf((row.byte_list as unknown[])[0])).toBe(Uint8Array.prototype)
  })

  it('has applied every migration once, and migrating again changes nothing', async () => {
    const names = (await loadMigrations()).map((migration) => migration.name)
    await db.migrate()
    await db.migrate()
    const { rows } = await db.query<{ name: string }>('select name from schema_migrations order by name')
    expect(rows.map((row) => row.name)).toEqual(names)
    await db.query('select device_id, sequence, signed from reports limit 0')
  })

  it('commits a transaction, and nested transactions reuse it', async () => {
    await db.query('create table tx_commit (n integer)')
    const result = await db.transaction(async (tx) => {
      await tx.query('insert into tx_commit values (1)')
      await tx.transaction((inner) => inner.query('insert into tx_commit values (2)'))
      return 'done'
    })
    expect(result).toBe('done')
    expect((await db.query('select n from tx_commit order by n')).rows).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('rolls back all of a transaction, nested work included, when the work throws', async () => {
    await db.query('create table tx_rollback (n integer)')
    const failure = new Error('boom')
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into tx_rollback values (1)')
        await tx.transaction(async (inner) => {
          await inner.query('insert into tx_rollback values (2)')
          throw failure
        })
      }),
    ).rejects.toBe(failure)
    expect((await db.query('select n from tx_rollback')).rows).toEqual([])
    // The connection is usable again after the rollback.
    await db.transaction((tx) => tx.query('insert into tx_rollback values (3)'))
    expect((await db.query('select n from tx_rollback')).rows).toEqual([{ n: 3 }])
  })

  it('rolls back when a statement fails, and reports the SQLSTATE', async () => {
    await db.query('create table tx_sql_error (n integer primary key)')
    const error = await db
      .transaction(async (tx) => {
        await tx.query('insert into tx_sql_error values (1)')
        await tx.query('insert into tx_sql_error values (1)')
      })
      .catch((caught: unknown) => caught)
    expect((error as { code?: string }).code).toBe('23505')
    expect((await db.query('select n from tx_sql_error')).rows).toEqual([])
  })

  it('refuses an applied migration whose file changed', async () => {
    const migration = { name: '900_probe.sql', sql: 'create table migration_probe (n integer)', checksum: 'a' }
    const migrateWith = (checksum: string) =>
      db.transaction((tx) => applyMigrations({ query: (sql, params) => tx.query(sql, params), exec: async (sql) => void (await tx.query(sql)) }, [{ ...migration, checksum }]))
    expect(await migrateWith('a')).toEqual(['900_probe.sql'])
    expect(await migrateWith('a')).toEqual([])
    const error = await migrateWith('b').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OracleError)
    expect((error as OracleError).code).toBe('PINION_ERR_MIGRATION_CHANGED')
  })
})

describe('PGlite on disk', () => {
  it('keeps committed rows across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pinion-pglite-'))
    try {
      const first = await openDb({ dataDir })
      await first.migrate()
      await first.transaction((tx) => tx.query("insert into pinion_meta (key, value) values ('k', 'v')"))
      await first.close()
      const second = await openDb({ dataDir })
      await second.migrate()
      expect((await second.query('select key, value from pinion_meta')).rows).toEqual([{ key: 'k', value: 'v' }])
      await second.close()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
