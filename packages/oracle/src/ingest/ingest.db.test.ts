import { type DeviceKey, generateDeviceKey, openSignedReport, reportSigningMessage, signWithDeviceKey } from '@pinion/protocol'
import Fastify, { type FastifyInstance } from 'fastify'
import { keccak256 } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../store/db.ts'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { type Ingest, type IngestLimits, createIngest } from './createIngest.ts'
import type { BatchResponse } from './routes.ts'
import { TEST_NETWORK_ID, TEST_NOW_MS, testBatch, testReport, testReportId } from '@pinion/testkit/oracle/sampleReports'
import { type SignatureVerifier, VerifyPool } from './verifyPool.ts'

const PROTOBUF = { 'content-type': 'application/x-protobuf' }

/** Ingest limits for tests: the defaults, minus rate limits (their own tests set them). */
const NO_RATE_LIMITS: Partial<IngestLimits> = { perIp: false, perDevice: false, maxAgeMs: 60_000, maxFutureMs: 5_000 }

/**
 * A verifier that holds every verdict until `parties` calls have theirs, then lets them all go: the
 * requests of a race test then reach the store at the same moment, on every backend, every run.
 */
function barrier(parties: number, inner: SignatureVerifier): SignatureVerifier {
  const waiting: (() => void)[] = []
  return {
    verify: async (items) => {
      const valid = await inner.verify(items)
      await new Promise<void>((resolve) => {
        waiting.push(resolve)
        if (waiting.length === parties) for (const release of waiting.splice(0)) release()
      })
      return valid
    },
    close: () => Promise.resolve(),
  }
}

/** A SignedReport whose body is `body`, signed by `key` as a device signs: for bodies signReport cannot make. */
function signedBody(key: DeviceKey, body: Uint8Array): Uint8Array {
  const signature = signWithDeviceKey(key, reportSigningMessage(body))
  return new Uint8Array([0x0a, ...lengthPrefix(body.length), ...body, 0x12, 64, ...signature])
}

function lengthPrefix(length: number): number[] {
  return length < 0x80 ? [length] : [(length & 0x7f) | 0x80, length >> 7]
}

let pool: VerifyPool
beforeAll(async () => {
  // One pool of worker threads for the file: ingests here share it (it is the caller's to close).
  pool = await VerifyPool.start({ size: 2 })
})
afterAll(() => pool.close())

describe.each(testBackends())('ingest on %s', (backend) => {
  let test: TestDb
  let db: Db
  let now = TEST_NOW_MS
  const clock = () => now

  const good = generateDeviceKey('ed25519')
  const goodP256 = generateDeviceKey('p256')
  const stranger = generateDeviceKey('ed25519')
  const suspended = generateDeviceKey('ed25519')
  const retired = generateDeviceKey('p256')

  async function server(limits: Partial<IngestLimits> = NO_RATE_LIMITS, database: Db = db, verifier: SignatureVerifier = pool): Promise<{ app: FastifyInstance; ingest: Ingest }> {
    const ingest = await createIngest({ db: database, networkId: TEST_NETWORK_ID, clock, verifier, limits })
    const app = Fastify()
    await app.register(ingest.plugin)
    await app.ready()
    return { app, ingest }
  }

  const post = (app: FastifyInstance, payload: Uint8Array, headers: Record<string, string> = PROTOBUF) =>
    app.inject({ method: 'POST', url: '/v1/reports', headers, payload: Buffer.from(payload) })
  const postBatch = (app: FastifyInstance, payload: Uint8Array, headers: Record<string, string> = PROTOBUF) =>
    app.inject({ method: 'POST', url: '/v1/reports/batch', headers, payload: Buffer.from(payload) })

  const storedCount = async () => Number((await db.query<{ n: string }>('select count(*) as n from reports')).rows[0]!.n)
  const storedSequences = async (key: DeviceKey) =>
    (await db.query<{ sequence: string }>('select sequence from reports where device_id = $1 order by sequence', [keccak256(key.publicKey)])).rows.map((row) =>
      Number(row.sequence),
    )

  beforeAll(async () => {
    test = await openTestDb({ backend })
    db = test.db
    await seedDevice(db, good)
    await seedDevice(db, goodP256)
    await seedDevice(db, suspended, { suspended: true })
    await seedDevice(db, retired, { retired: true })
  })
  afterAll(() => test.cleanup())

  it('accepts a good report, stores its exact bytes under the hash of its signed body, and acknowledges with that id', async () => {
    const { app } = await server()
    for (const [key, sequence] of [
      [good, 1],
      [goodP256, 1],
    ] as const) {
      const report = testReport(key, sequence)
      const response = await post(app, report)
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ status: 'accepted', reportId: testReportId(report) })
      const { rows } = await db.query<Record<string, unknown>>(
        'select device_id, sequence, timestamp_ms, received_ms, kind, payload_type, report_id, signed from reports where report_id = $1',
        [testReportId(report)],
      )
      expect(rows).toEqual([
        {
          device_id: keccak256(key.publicKey),
          sequence: String(sequence),
          timestamp_ms: String(TEST_NOW_MS),
          received_ms: String(TEST_NOW_MS),
          kind: 'uptime',
          payload_type: 'heartbeat',
          report_id: testReportId(report),
          signed: report,
        },
      ])
    }
    await app.close()
  })

  it('rejects each kind of bad report with its code and status, stores nothing, and keeps serving', async () => {
    const { app } = await server({ ...NO_RATE_LIMITS, maxReportBytes: 1024 })
    await post(app, testReport(good, 10)) // the device's last sequence is now 10
    const before = await storedCount()
    const valid = testReport(good, 11)
    const sealed = openSignedReport(valid)
    const flippedSignature = sealed.signature.slice()
    flippedSignature[3]! ^= 1
    const tamperedBody = sealed.body.slice()
    tamperedBody[tamperedBody.length - 1]! ^= 1
    // A body that reads as a device id but is not a ReportBody (31-byte network id), signed by the device.
    const notAReportBody = new Uint8Array([0x0a, 32, ...Buffer.from(keccak256(good.publicKey).slice(2), 'hex'), 0x12, 31, ...new Uint8Array(31)])

    const cases: [string, () => Promise<{ statusCode: number; json(): unknown }>, number, string][] = [
      ['garbage bytes', () => post(app, new Uint8Array([0xff, 0xfe, 0xfd])), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['an empty body', () => post(app, new Uint8Array(0)), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['no body at all', () => app.inject({ method: 'POST', url: '/v1/reports' }), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['a body without a device id', () => post(app, signedBody(good, new Uint8Array([0x2a, 1, 0x75]))), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['a signed body that is not a ReportBody', () => post(app, signedBody(good, notAReportBody)), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['a kind that is not a name', () => post(app, testReport(good, 11, { kind: 'up\u0000time' })), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['a payload type with spaces', () => post(app, testReport(good, 11, { payloadType: 'heart beat' })), 400, 'PINION_ERR_MALFORMED_REPORT'],
      ['an unregistered device', () => post(app, testReport(stranger, 1)), 403, 'PINION_ERR_UNKNOWN_DEVICE'],
      ['a suspended device', () => post(app, testReport(suspended, 1)), 403, 'PINION_ERR_INACTIVE_DEVICE'],
      ['a retired device', () => post(app, testReport(retired, 1)), 403, 'PINION_ERR_INACTIVE_DEVICE'],
      ['a flipped signature bit', () => post(app, signedBodyWith(sealed.body, flippedSignature)), 401, 'PINION_ERR_BAD_SIGNATURE'],
      ['a body changed after signing', () => post(app, signedBodyWith(tamperedBody, sealed.signature)), 401, 'PINION_ERR_BAD_SIGNATURE'],
      ["another key's signature", () => post(app, signedBodyWith(sealed.body, openSignedReport(testReport(stranger, 11)).signature)), 401, 'PINION_ERR_BAD_SIGNATURE'],
      ['another network', () => post(app, testReport(good, 11, { networkId: `0x${'ab'.repeat(32)}` })), 422, 'PINION_ERR_WRONG_NETWORK'],
      ['a stale timestamp', () => post(app, testReport(good, 11, { timestampMs: BigInt(TEST_NOW_MS - 60_001) })), 422, 'PINION_ERR_STALE_TIMESTAMP'],
      ['a future timestamp', () => post(app, testReport(good, 11, { timestampMs: BigInt(TEST_NOW_MS + 5_001) })), 422, 'PINION_ERR_FUTURE_TIMESTAMP'],
      ['a lower sequence', () => post(app, testReport(good, 9)), 409, 'PINION_ERR_REPLAYED_SEQUENCE'],
      ['the same sequence, another signed body', () => post(app, testReport(good, 10, { payload: new Uint8Array([7]) })), 409, 'PINION_ERR_EQUIVOCATION'],
      ['an unknown field before the body', () => post(app, new Uint8Array([0x78, 0x01, ...valid])), 400, 'PINION_ERR_NON_CANONICAL_REPORT'],
      ['an unknown field after the signature', () => post(app, new Uint8Array([...valid, 0x78, 0x01])), 400, 'PINION_ERR_NON_CANONICAL_REPORT'],
      ['the body tag as a varint field (0x0a → 0x08)', () => post(app, withFirstByte(valid, 0x08)), 400, 'PINION_ERR_NON_CANONICAL_REPORT'],
      ['the body tag with wire type 3 (0x0a → 0x0b)', () => post(app, withFirstByte(valid, 0x0b)), 400, 'PINION_ERR_NON_CANONICAL_REPORT'],
      [
        'a padded body length',
        () => post(app, new Uint8Array([0x0a, 0x80 | sealed.body.length, 0x00, ...sealed.body, 0x12, 64, ...sealed.signature])),
        400,
        'PINION_ERR_NON_CANONICAL_REPORT',
      ],
      [
        'a signed body with an unknown field',
        () => post(app, signedBody(good, new Uint8Array([...openSignedReport(testReport(good, 11)).body, 0x78, 0x01]))),
        400,
        'PINION_ERR_NON_CANONICAL_REPORT',
      ],
      ['JSON', () => post(app, new TextEncoder().encode('{"a":1}'), { 'content-type': 'application/json' }), 415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['text', () => post(app, valid, { 'content-type': 'text/plain' }), 415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['a body over the limit', () => post(app, testReport(good, 11, { payload: new Uint8Array(2_000) })), 413, 'PINION_ERR_BODY_TOO_LARGE'],
    ]
    for (const [name, send, status, code] of cases) {
      const response = await send()
      expect({ name, status: response.statusCode, code: (response.json() as { code: string }).code }).toEqual({ name, status, code })
      expect(typeof (response.json() as { message: unknown }).message).toBe('string')
    }
    expect(await storedCount()).toBe(before)
    // Still up, and the window edges are inclusive.
    expect((await post(app, valid)).json()).toMatchObject({ status: 'accepted' })
    expect((await post(app, testReport(good, 12, { timestampMs: BigInt(TEST_NOW_MS - 60_000) }))).json()).toMatchObject({ status: 'accepted' })
    expect((await post(app, testReport(good, 13, { timestampMs: BigInt(TEST_NOW_MS + 5_000) }))).json()).toMatchObject({ status: 'accepted' })
    await app.close()
  })

  it('gives the same verdicts without HTTP, through submit()', async () => {
    const { app, ingest } = await server()
    const device = generateDeviceKey('p256')
    await seedDevice(db, device)
    const report = testReport(device, 1)
    expect(await ingest.submit([report, report, new Uint8Array([9])])).toEqual([
      { status: 'accepted', reportId: testReportId(report) },
      { status: 'duplicate', reportId: testReportId(report) },
      { status: 'rejected', code: 'PINION_ERR_MALFORMED_REPORT', message: expect.any(String) },
    ])
    await app.close()
  })

  it('answers an exact resubmission with duplicate (200), even after later sequences were accepted', async () => {
    const { app } = await server()
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    const first = testReport(device, 5)
    expect((await post(app, first)).json()).toEqual({ status: 'accepted', reportId: testReportId(first) })
    const again = await post(app, first)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ status: 'duplicate', reportId: testReportId(first) })
    expect((await post(app, testReport(device, 6))).json()).toMatchObject({ status: 'accepted' })
    expect((await post(app, first)).json()).toEqual({ status: 'duplicate', reportId: testReportId(first) })
    expect(await storedSequences(device)).toEqual([5, 6])
    await app.close()
  })

  it('seeds the last sequence from the store: a restarted ingest still rejects replays and knows duplicates', async () => {
    const device = generateDeviceKey('p256')
    await seedDevice(db, device)
    const first = await server()
    await post(first.app, testReport(device, 100))
    await first.app.close()
    const second = await server()
    expect((await post(second.app, testReport(device, 50))).json()).toMatchObject({ code: 'PINION_ERR_REPLAYED_SEQUENCE' })
    expect((await post(second.app, testReport(device, 100))).json()).toMatchObject({ status: 'duplicate' })
    expect((await post(second.app, testReport(device, 101))).json()).toMatchObject({ status: 'accepted' })
    await second.app.close()
  })

  it('answers a batch with a verdict per report, deduplicating within it and against the store', async () => {
    const { app } = await server()
    const a = generateDeviceKey('ed25519')
    const b = generateDeviceKey('p256')
    await seedDevice(db, a)
    await seedDevice(db, b)
    const stored = testReport(a, 1)
    await post(app, stored)
    const a2 = testReport(a, 2)
    const reports = [
      a2, // 0 accepted
      testReport(b, 7), // 1 accepted
      a2, // 2 duplicate of 0, in the same batch
      stored, // 3 duplicate of a stored report
      testReport(a, 2, { payload: new Uint8Array([1]) }), // 4 same sequence as 0, another body: equivocation
      testReport(a, 1, { payload: new Uint8Array([1]) }), // 5 same sequence as a stored report, another body: equivocation
      testReport(stranger, 1), // 6 unknown device
      new Uint8Array([1, 2, 3]), // 7 malformed
      testReport(b, 9), // 8 accepted (gaps are fine)
      testReport(b, 8), // 9 below 9, accepted earlier in this batch
      testReport(a, 3, { networkId: `0x${'00'.repeat(32)}` }), // 10 wrong network
    ]
    const response = await postBatch(app, testBatch(reports))
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      accepted: 3,
      duplicates: 2,
      rejected: 6,
      results: [
        { index: 0, status: 'accepted' },
        { index: 1, status: 'accepted' },
        { index: 2, status: 'duplicate' },
        { index: 3, status: 'duplicate' },
        { index: 4, status: 'rejected', code: 'PINION_ERR_EQUIVOCATION' },
        { index: 5, status: 'rejected', code: 'PINION_ERR_EQUIVOCATION' },
        { index: 6, status: 'rejected', code: 'PINION_ERR_UNKNOWN_DEVICE' },
        { index: 7, status: 'rejected', code: 'PINION_ERR_MALFORMED_REPORT' },
        { index: 8, status: 'accepted' },
        { index: 9, status: 'rejected', code: 'PINION_ERR_REPLAYED_SEQUENCE' },
        { index: 10, status: 'rejected', code: 'PINION_ERR_WRONG_NETWORK' },
      ],
    } satisfies BatchResponse)
    expect(await storedSequences(a)).toEqual([1, 2])
    expect(await storedSequences(b)).toEqual([7, 9])
    // Resending the whole batch: every report stored is a duplicate now, the rest as before.
    const again = (await postBatch(app, testBatch(reports))).json() as BatchResponse
    expect(again).toMatchObject({ accepted: 0, duplicates: 5, rejected: 6 })
    await app.close()
  })

  it('keeps checking sequences right when the sequence cache is smaller than a batch', async () => {
    const { app } = await server({ ...NO_RATE_LIMITS, sequenceCacheSize: 1 })
    const keys = [generateDeviceKey('ed25519'), generateDeviceKey('ed25519'), generateDeviceKey('p256')]
    for (const key of keys) await seedDevice(db, key)
    const first = (await postBatch(app, testBatch(keys.flatMap((key) => [testReport(key, 1), testReport(key, 2)])))).json() as BatchResponse
    expect(first).toMatchObject({ accepted: 6, rejected: 0 })
    const again = (await postBatch(app, testBatch(keys.flatMap((key) => [testReport(key, 1, { payload: new Uint8Array([5]) }), testReport(key, 3)])))).json() as BatchResponse
    expect(again.results.map((result) => result.code ?? result.status)).toEqual(keys.flatMap(() => ['PINION_ERR_EQUIVOCATION', 'accepted']))
    await app.close()
  })

  it('answers 200 for a batch whose every report is rejected, and 4xx for a bad batch as a whole', async () => {
    const { app } = await server({ ...NO_RATE_LIMITS, maxBatchReports: 3, maxBatchBytes: 4096 })
    const before = await storedCount()
    const allBad = await postBatch(app, testBatch([testReport(stranger, 1), testReport(stranger, 2)]))
    expect(allBad.statusCode).toBe(200)
    expect(allBad.json()).toMatchObject({ accepted: 0, duplicates: 0, rejected: 2 })
    const empty = await postBatch(app, new Uint8Array(0))
    expect(empty.json()).toEqual({ accepted: 0, duplicates: 0, rejected: 0, results: [] })
    const wholeRequest: [Uint8Array, Record<string, string>, number, string][] = [
      [new Uint8Array([0x0a, 0x50, 1, 2]), PROTOBUF, 400, 'PINION_ERR_MALFORMED_BATCH'],
      [testBatch([1, 2, 3, 4].map((s) => testReport(good, 1_000 + s))), PROTOBUF, 413, 'PINION_ERR_BATCH_TOO_LARGE'],
      [testBatch([testReport(good, 2_000, { payload: new Uint8Array(5_000) })]), PROTOBUF, 413, 'PINION_ERR_BODY_TOO_LARGE'],
      [testBatch([testReport(good, 2_001)]), { 'content-type': 'application/json' }, 415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
    ]
    for (const [payload, headers, status, code] of wholeRequest) {
      const response = await postBatch(app, payload, headers)
      expect([response.statusCode, (response.json() as { code: string }).code]).toEqual([status, code])
    }
    expect(await storedCount()).toBe(before)
    expect((await postBatch(app, testBatch([testReport(good, 3_000)]))).json()).toMatchObject({ accepted: 1 })
    await app.close()
  })

  it('accepts a (device, sequence) once when concurrent requests race for it', async () => {
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    // Same sequence, different bodies: exactly one wins, the others are refused as equivocation.
    const rivals = Array.from({ length: 8 }, (_, i) => testReport(device, 1, { payload: new Uint8Array([i]) }))
    const racing = await server(NO_RATE_LIMITS, db, barrier(8, pool))
    const rivalAnswers = await Promise.all(rivals.map((report) => post(racing.app, report)))
    expect(rivalAnswers.map((answer) => answer.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409])
    await racing.app.close()
    // The same bytes at once: one accepted, the rest duplicates.
    const same = testReport(device, 2)
    const again = await server(NO_RATE_LIMITS, db, barrier(8, pool))
    const sameAnswers = await Promise.all(Array.from({ length: 8 }, () => post(again.app, same)))
    const statuses = sameAnswers.map((answer) => (answer.json() as { status: string }).status).sort()
    expect(statuses).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
    await again.app.close()
    // Overlapping batches: each (device, sequence) stored once, and acknowledged as accepted once.
    const batches = await server(NO_RATE_LIMITS, db, barrier(4, pool))
    const overlapping = [0, 1, 2, 3].map((k) => testBatch(Array.from({ length: 20 }, (_, i) => testReport(device, 10 + k * 10 + i))))
    const batchAnswers = (await Promise.all(overlapping.map((batch) => postBatch(batches.app, batch)))).map((answer) => answer.json() as BatchResponse)
    const accepted = batchAnswers.reduce((sum, answer) => sum + answer.accepted, 0)
    const sequences = await storedSequences(device)
    expect(sequences).toEqual([1, 2, ...Array.from({ length: 50 }, (_, i) => 10 + i)])
    expect(accepted).toBe(50)
    await batches.app.close()
  })

  it('lets the primary key decide between two ingests that do not share a sequence cache', async () => {
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    const gate = barrier(2, pool)
    const [one, two] = await Promise.all([server(NO_RATE_LIMITS, db, gate), server(NO_RATE_LIMITS, db, gate)])
    const reports = [testReport(device, 1, { payload: new Uint8Array([1]) }), testReport(device, 1, { payload: new Uint8Array([2]) })]
    const answers = await Promise.all([post(one.app, reports[0]!), post(two.app, reports[1]!)])
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409])
    expect(await storedSequences(device)).toEqual([1])
    await Promise.all([one.app.close(), two.app.close()])
  })

  it('rate-limits per client address (before reading the body) and per device, with 429', async () => {
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    const { app } = await server({ ...NO_RATE_LIMITS, perIp: { capacity: 3, refillPerSecond: 1 }, perDevice: { capacity: 2, refillPerSecond: 1 } })
    expect((await post(app, testReport(device, 1))).statusCode).toBe(200)
    expect((await post(app, testReport(device, 2))).statusCode).toBe(200)
    const deviceLimited = await post(app, testReport(device, 3))
    expect([deviceLimited.statusCode, (deviceLimited.json() as { code: string }).code]).toEqual([429, 'PINION_ERR_RATE_LIMITED'])
    const ipLimited = await post(app, testReport(device, 3))
    expect([ipLimited.statusCode, (ipLimited.json() as { code: string }).code]).toEqual([429, 'PINION_ERR_RATE_LIMITED'])
    expect(ipLimited.headers['retry-after']).toBe('1')
    expect(await storedSequences(device)).toEqual([1, 2])
    now += 1_000
    expect((await post(app, testReport(device, 3))).statusCode).toBe(200)
    now = TEST_NOW_MS
    await app.close()
  })

  it('keeps a second signed body under one sequence as evidence (once per sequence) and refuses it', async () => {
    const { app } = await server()
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    const first = testReport(device, 20)
    const second = testReport(device, 20, { payload: new Uint8Array([2]) })
    const third = testReport(device, 20, { payload: new Uint8Array([3]) })
    expect((await post(app, first)).json()).toMatchObject({ status: 'accepted' })
    for (const conflicting of [second, third]) {
      const answer = await post(app, conflicting)
      expect([answer.statusCode, (answer.json() as { code: string }).code]).toEqual([409, 'PINION_ERR_EQUIVOCATION'])
    }
    const evidence = await db.query<{ report_id: string; signed: Uint8Array }>('select report_id, signed from conflicting_reports where device_id = $1', [
      keccak256(device.publicKey),
    ])
    expect(evidence.rows).toEqual([{ report_id: testReportId(second), signed: second }])
    expect(await storedSequences(device)).toEqual([20])
    await app.close()
  })

  it('judges timestamps against the moment a request arrived, not when it was processed', async () => {
    // The verifiers take two minutes (by the ingest's clock): the report was fresh when it came.
    const slow: SignatureVerifier = {
      verify: async (items) => {
        const valid = await pool.verify(items)
        now += 120_000
        return valid
      },
      close: () => Promise.resolve(),
    }
    const device = generateDeviceKey('p256')
    await seedDevice(db, device)
    const { app } = await server(NO_RATE_LIMITS, db, slow)
    expect((await post(app, testReport(device, 1))).json()).toMatchObject({ status: 'accepted' })
    now = TEST_NOW_MS
    await app.close()
  })

  it('refuses reports of a sealed epoch as stale, whatever the acceptance window says', async () => {
    const { app, ingest } = await server()
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    expect((await post(app, testReport(device, 1, { timestampMs: BigInt(TEST_NOW_MS - 1_000) }))).json()).toMatchObject({ status: 'accepted' })
    await ingest.sealBefore(BigInt(TEST_NOW_MS))
    const late = await post(app, testReport(device, 2, { timestampMs: BigInt(TEST_NOW_MS - 1) }))
    expect([late.statusCode, (late.json() as { code: string }).code]).toEqual([422, 'PINION_ERR_STALE_TIMESTAMP'])
    expect((await post(app, testReport(device, 3))).json()).toMatchObject({ status: 'accepted' })
    expect(await storedSequences(device)).toEqual([1, 3])
    await app.close()
  })

  it('answers 503 and acknowledges nothing when the store fails, then recovers', async () => {
    let failing = true
    const flaky: Db = {
      dialect: db.dialect,
      query: (sql, params) => db.query(sql, params),
      transaction: (work) => (failing ? Promise.reject(new Error('disk full')) : db.transaction(work)),
      migrate: () => db.migrate(),
      close: () => Promise.resolve(),
    }
    const device = generateDeviceKey('ed25519')
    await seedDevice(db, device)
    const { app } = await server(NO_RATE_LIMITS, flaky)
    const report = testReport(device, 1)
    const failed = await post(app, report)
    expect([failed.statusCode, (failed.json() as { code: string }).code]).toEqual([503, 'PINION_ERR_UNAVAILABLE'])
    const failedBatch = await postBatch(app, testBatch([report]))
    expect(failedBatch.statusCode).toBe(503)
    expect(await storedSequences(device)).toEqual([])
    failing = false
    expect((await post(app, report)).json()).toMatchObject({ status: 'accepted' })
    await app.close()
  })
})

/** `bytes` with its first byte replaced. */
function withFirstByte(bytes: Uint8Array, value: number): Uint8Array {
  const copy = bytes.slice()
  copy[0] = value
  return copy
}

/** A SignedReport from a body and a signature taken separately. */
function signedBodyWith(body: Uint8Array, signature: Uint8Array): Uint8Array {
  return new Uint8Array([0x0a, ...lengthPrefix(body.length), ...body, 0x12, signature.length, ...signature])
}
