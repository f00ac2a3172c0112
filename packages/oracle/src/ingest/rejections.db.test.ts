import { type DeviceKey, deviceIdOf, generateDeviceKey, openSignedReport } from '@pinion/protocol'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { TEST_NETWORK_ID, TEST_NOW_MS, testBatch, testReport } from '@pinion/testkit/oracle/sampleReports'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pinionServerOptions, useErrorHandling } from '../api/errorPlugin.ts'
import { TreeCache } from '../api/proofs.ts'
import { registerApi } from '../api/registerApi.ts'
import type { Db } from '../store/db.ts'
import { UNREGISTERED_DEVICES } from '../store/rejections.ts'
import { type Ingest, createIngest } from './createIngest.ts'
import { InThreadVerifier } from './inThreadVerifier.ts'
import { RejectionCounter } from './rejectionCounts.ts'

const PROTOBUF = { 'content-type': 'application/x-protobuf' }
/** One-minute epochs from time 0: TEST_NOW_MS falls in epoch TEST_EPOCH. */
const EPOCH_MS = 60_000
const epochOf = (timeMs: number) => BigInt(Math.floor(timeMs / EPOCH_MS))
const TEST_EPOCH = epochOf(TEST_NOW_MS)

/** A SignedReport with the same body and one bit of its signature flipped: a forgery naming the device. */
function forged(report: Uint8Array): Uint8Array {
  const { body, signature } = openSignedReport(report)
  const bad = signature.slice()
  bad[7]! ^= 1
  return new Uint8Array([0x0a, ...(body.length < 0x80 ? [body.length] : [(body.length & 0x7f) | 0x80, body.length >> 7]), ...body, 0x12, bad.length, ...bad])
}

/** A Db whose next `failures` transactions commit and then throw, as when the connection drops during COMMIT. */
function commitThenFail(db: Db): Db & { failures: number } {
  const wrapper = {
    failures: 0,
    dialect: db.dialect,
    query: db.query.bind(db),
    migrate: () => db.migrate(),
    close: () => db.close(),
    async transaction<result>(work: (tx: Db) => Promise<result>): Promise<result> {
      const result = await db.transaction(work)
      if (wrapper.failures > 0) {
        wrapper.failures--
        throw new Error('connection lost while committing')
      }
      return result
    },
  }
  return wrapper as Db & { failures: number }
}

describe.each(testBackends())('reports refused at ingest, counted on %s', (backend) => {
  let test: TestDb
  let now = TEST_NOW_MS
  let app: FastifyInstance
  let ingest: Ingest
  const device = generateDeviceKey('ed25519')
  const other = generateDeviceKey('p256')
  const deviceId = deviceIdOf(device.publicKey)

  const post = (payload: Uint8Array) => app.inject({ method: 'POST', url: '/v1/reports', headers: PROTOBUF, payload: Buffer.from(payload) })
  const postBatch = (reports: Uint8Array[]) => app.inject({ method: 'POST', url: '/v1/reports/batch', headers: PROTOBUF, payload: Buffer.from(testBatch(reports)) })
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url })
    expect(response.statusCode, response.body).toBe(200)
    return response.json()
  }

  beforeAll(async () => {
    test = await openTestDb({ backend })
    await seedDevice(test.db, device)
    await seedDevice(test.db, other)
    ingest = await createIngest({
      db: test.db,
      networkId: TEST_NETWORK_ID,
      clock: () => now,
      verifier: new InThreadVerifier(),
      limits: { perIp: false, perDevice: false, maxAgeMs: 60_000, maxFutureMs: 5_000 },
      epochOf,
      // Written when the test says (flushRejections), never behind its back.
      rejectionFlushMs: 0,
    })
    app = Fastify(pinionServerOptions)
    useErrorHandling(app)
    await app.register(ingest.plugin)
    await app.register(async (api) =>
      registerApi(api, {
        db: test.db,
        trees: new TreeCache(test.db),
        oracle: `0x${'00'.repeat(20)}`,
        reasons: {},
        windowOf: (epoch) => ({ startMs: epoch * BigInt(EPOCH_MS), endMs: (epoch + 1n) * BigInt(EPOCH_MS) }),
        isSealed: () => false,
        now: () => now,
        network: {},
      }),
    )
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await test.cleanup()
  })

  it('counts forged, replayed, wrong-network and stale reports against the device they name, per epoch of receipt and reason', async () => {
    expect((await post(testReport(device, 5))).json()).toMatchObject({ status: 'accepted' })
    const codes = async (report: Uint8Array) => ((await post(report)).json() as { code?: string }).code
    expect(await codes(forged(testReport(device, 6)))).toBe('PINION_ERR_BAD_SIGNATURE')
    expect(await codes(forged(testReport(device, 7)))).toBe('PINION_ERR_BAD_SIGNATURE')
    expect(await codes(forged(testReport(device, 8)))).toBe('PINION_ERR_BAD_SIGNATURE')
    expect(await codes(testReport(device, 4))).toBe('PINION_ERR_REPLAYED_SEQUENCE')
    expect(await codes(testReport(device, 5, { payload: new Uint8Array([1]) }))).toBe('PINION_ERR_EQUIVOCATION')
    expect(await codes(testReport(device, 9, { networkId: `0x${'ab'.repeat(32)}` }))).toBe('PINION_ERR_WRONG_NETWORK')
    // A batch: each report counted once, a duplicate not at all.
    const batch = await postBatch([testReport(device, 5), testReport(device, 3), testReport(device, 10, { timestampMs: BigInt(TEST_NOW_MS - 60_001) })])
    expect(batch.json()).toMatchObject({ accepted: 0, duplicates: 1, rejected: 2 })

    // Nothing is shown before the counts are written; then all of it.
    expect(await get(`/v1/devices/${deviceId}/rejections`)).toEqual({ deviceId, epochs: [] })
    await ingest.flushRejections()
    const words = expect.any(String)
    expect(await get(`/v1/devices/${deviceId}/rejections`)).toEqual({
      deviceId,
      epochs: [
        {
          epoch: TEST_EPOCH.toString(),
          total: 8,
          reasons: [
            { reason: 'PINION_ERR_BAD_SIGNATURE', reasonText: "forged: the signature does not verify under the device's key", count: 3 },
            { reason: 'PINION_ERR_REPLAYED_SEQUENCE', reasonText: words, count: 2 },
            { reason: 'PINION_ERR_EQUIVOCATION', reasonText: words, count: 1 },
            { reason: 'PINION_ERR_STALE_TIMESTAMP', reasonText: words, count: 1 },
            { reason: 'PINION_ERR_WRONG_NETWORK', reasonText: 'signed for another network', count: 1 },
          ],
        },
      ],
    })
    // The other device named nothing, and so shows nothing.
    expect(await get(`/v1/devices/${deviceIdOf(other.publicKey)}/rejections`)).toMatchObject({ epochs: [] })

    // The next epoch (by the oracle's clock at receipt) gets rows of its own, whatever the report claims.
    now = TEST_NOW_MS + EPOCH_MS
    expect(await codes(forged(testReport(device, 11, { timestampMs: BigInt(now) })))).toBe('PINION_ERR_BAD_SIGNATURE')
    await ingest.flushRejections()
    const both = (await get(`/v1/devices/${deviceId}/rejections`)) as { epochs: { epoch: string; total: number }[] }
    expect(both.epochs.map((e) => [e.epoch, e.total])).toEqual([
      [(TEST_EPOCH + 1n).toString(), 1],
      [TEST_EPOCH.toString(), 8],
    ])
    expect(await get(`/v1/devices/${deviceId}/rejections?epoch=${TEST_EPOCH + 1n}`)).toEqual({
      deviceId,
      epochs: [{ epoch: (TEST_EPOCH + 1n).toString(), total: 1, reasons: [{ reason: 'PINION_ERR_BAD_SIGNATURE', reasonText: words, count: 1 }] }],
    })
    expect(((await get(`/v1/devices/${deviceId}/rejections?limit=1`)) as { epochs: unknown[] }).epochs).toHaveLength(1)
    now = TEST_NOW_MS
  })

  it('counts a flood of reports for unregistered devices in one row per epoch and reason, whatever ids it names', async () => {
    const before = Number((await test.db.query<{ n: string }>('select count(*) as n from ingest_rejections')).rows[0]!.n)
    const strangers: DeviceKey[] = Array.from({ length: 40 }, () => generateDeviceKey('ed25519'))
    const flood = strangers.map((key) => testReport(key, 1))
    expect((await postBatch(flood)).json()).toMatchObject({ rejected: 40 })
    expect((await post(new Uint8Array([0xff, 0xfe]))).statusCode).toBe(400)
    await ingest.flushRejections()
    const { rows } = await test.db.query<{ device_id: string; reason: string; count: string }>(
      'select device_id, reason, count from ingest_rejections where epoch = $1 and device_id = $2 order by reason',
      [TEST_EPOCH.toString(), UNREGISTERED_DEVICES],
    )
    expect(rows.map((r) => [r.reason, Number(r.count)])).toEqual([
      ['PINION_ERR_MALFORMED_REPORT', 1],
      ['PINION_ERR_UNKNOWN_DEVICE', 40],
    ])
    const after = Number((await test.db.query<{ n: string }>('select count(*) as n from ingest_rejections')).rows[0]!.n)
    expect(after - before).toBe(2)
    // A stranger is no device to the read API.
    const unknown = await app.inject({ method: 'GET', url: `/v1/devices/${deviceIdOf(strangers[0]!.publicKey)}/rejections` })
    expect(unknown.json()).toMatchObject({ code: 'PINION_ERR_DEVICE_NOT_FOUND' })
    // The epoch's totals say how many devices were named and how much was unattributable.
    const totals = (await get(`/v1/epochs/${TEST_EPOCH}/rejections`)) as { unregistered: number; total: number; reasons: { reason: string; devices: number }[] }
    expect(totals.unregistered).toBe(41)
    expect(totals.total).toBe(49)
    expect(totals.reasons.find((r) => r.reason === 'PINION_ERR_BAD_SIGNATURE')).toMatchObject({ count: 3, devices: 1 })
    expect(totals.reasons.find((r) => r.reason === 'PINION_ERR_UNKNOWN_DEVICE')).toMatchObject({ count: 40, devices: 0 })
  })

  it('adds a flush once when its COMMIT succeeded but was not confirmed, and keeps a failed one for the next try', async () => {
    const flaky = commitThenFail(test.db)
    const counter = new RejectionCounter({ db: flaky, epochOf, clock: () => now, flushEveryMs: 0 })
    const epoch = 7n * 1000n
    const at = Number(epoch) * EPOCH_MS
    counter.count(at, deviceId, 'PINION_ERR_BAD_SIGNATURE')
    counter.count(at, deviceId, 'PINION_ERR_BAD_SIGNATURE')
    flaky.failures = 1
    await expect(counter.flush()).rejects.toThrow('connection lost while committing')
    counter.count(at, deviceId, 'PINION_ERR_BAD_SIGNATURE')
    await counter.flush()
    await counter.close()
    expect(await get(`/v1/devices/${deviceId}/rejections?epoch=${epoch}`)).toMatchObject({ epochs: [{ total: 3 }] })
  })
})
