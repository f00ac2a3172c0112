import { generateDeviceKey } from '@pinion/protocol'
import { keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from './db.ts'
import { createDeviceLookup } from './devices.ts'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'

describe.each(testBackends())('createDeviceLookup on %s', (backend) => {
  let test: TestDb
  let db: Db
  let queries = 0
  /** The test Db, counting queries. */
  let counted: Db
  beforeAll(async () => {
    test = await openTestDb({ backend })
    db = test.db
    counted = {
      dialect: db.dialect,
      query: (sql, params) => {
        queries++
        return db.query(sql, params)
      },
      transaction: (work) => db.transaction(work),
      migrate: () => db.migrate(),
      close: () => db.close(),
    }
  })
  afterAll(() => test.cleanup())

  it('finds devices with their key and status, in one query per tick however many are asked', async () => {
    const active = generateDeviceKey('ed25519')
    const suspended = generateDeviceKey('p256')
    await seedDevice(db, active)
    await seedDevice(db, suspended, { suspended: true })
    const lookup = createDeviceLookup(counted)
    queries = 0
    const ids = [keccak256(active.publicKey), keccak256(suspended.publicKey), keccak256('0x1234'), keccak256(active.publicKey)]
    const records = await Promise.all(ids.map((id) => lookup(id)))
    expect(queries).toBe(1)
    expect(records).toEqual([
      { keyType: 'ed25519', publicKey: active.publicKey, active: true },
      { keyType: 'p256', publicKey: suspended.publicKey, active: false },
      undefined,
      { keyType: 'ed25519', publicKey: active.publicKey, active: true },
    ])
    // Without a cache, the next tick reads again: a suspension applies at once.
    await db.query('update devices set suspended = true where device_id = $1', [ids[0]])
    expect(await lookup(ids[0]!)).toMatchObject({ active: false })
    expect(queries).toBe(2)
  })

  it('reuses answers for cacheMs on the injected clock, then reads again', async () => {
    const key = generateDeviceKey('ed25519')
    const id = keccak256(key.publicKey)
    let now = 0
    const lookup = createDeviceLookup(counted, { clock: () => now, cacheMs: 1_000 })
    queries = 0
    expect(await lookup(id)).toBeUndefined() // not registered yet: remembered too
    await seedDevice(db, key)
    now = 999
    expect(await lookup(id)).toBeUndefined()
    expect(queries).toBe(1)
    now = 1_000
    expect(await lookup(id)).toMatchObject({ active: true })
    expect(queries).toBe(2)
  })

  it('fails every waiter of a query that fails', async () => {
    const broken: Db = { ...counted, query: () => Promise.reject(new Error('connection lost')) }
    const lookup = createDeviceLookup(broken)
    const answers = await Promise.allSettled([lookup(keccak256('0x01')), lookup(keccak256('0x02'))])
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected'])
  })
})
