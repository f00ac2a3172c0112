import { type MqttAck, createDeviceAgent, mqttTopicsOf, mqttTransport, signMqttToken } from '@pinion/device'
import { type DeviceKey, deviceIdOf, generateDeviceKey, openSignedReport, signWithDeviceKey, reportSigningMessage } from '@pinion/protocol'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { TEST_NETWORK_ID, TEST_NOW_MS, testBatch, testReport } from '@pinion/testkit/oracle/sampleReports'
import Fastify from 'fastify'
import { type MqttClient, connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import { type Ingest, createIngest } from './createIngest.ts'
import { startEmbeddedBroker } from './mqttBroker.ts'
import { type MqttIngestService, startMqttIngest } from './mqttService.ts'

const ORACLE = '0x00000000000000000000000000000000000000aa'

/** A raw MQTT client of `url`, logged in as `key`'s device with `password` (a valid token by default). */
async function connectAs(url: string, key: DeviceKey, password = signMqttToken(key, TEST_NETWORK_ID, TEST_NOW_MS + 60_000)): Promise<MqttClient> {
  return connectAsync(url, { username: deviceIdOf(key.publicKey), password, reconnectPeriod: 0, connectTimeout: 5_000 }, false)
}

/** Publishes `payload` on `key`'s reports topic and waits for its ack. */
async function publishBatch(client: MqttClient, key: DeviceKey, payload: Uint8Array): Promise<MqttAck> {
  const topics = mqttTopicsOf(TEST_NETWORK_ID, deviceIdOf(key.publicKey))
  await client.subscribeAsync(topics.acks, { qos: 1 })
  const acked = new Promise<MqttAck>((resolve) => client.once('message', (_topic, body) => resolve(JSON.parse(body.toString()) as MqttAck)))
  await client.publishAsync(topics.reports, Buffer.from(payload), { qos: 1 })
  return acked
}

/** Resolves with the error that ends the connection attempt (a refused CONNACK). */
const refusal = (attempt: Promise<MqttClient>) =>
  attempt.then(
    async (client) => {
      await client.endAsync(true)
      return undefined
    },
    (error: { code?: number }) => error.code,
  )

describe.each(testBackends())('MQTT ingest, embedded broker, on %s', (backend) => {
  let test: TestDb
  let ingest: Ingest
  let mqtt: MqttIngestService
  const now = TEST_NOW_MS
  const clock = () => now
  const good = generateDeviceKey('ed25519')
  const goodP256 = generateDeviceKey('p256')
  const other = generateDeviceKey('ed25519')
  const stranger = generateDeviceKey('ed25519')
  const suspended = generateDeviceKey('ed25519')
  let challenges: EpochChallenges = { status: 'not-started' }

  const stored = async (key: DeviceKey) =>
    (await test.db.query<{ sequence: string; signed: Uint8Array }>('select sequence, signed from reports where device_id = $1 order by sequence', [deviceIdOf(key.publicKey)])).rows

  beforeAll(async () => {
    test = await openTestDb({ backend })
    for (const key of [good, goodP256, other]) await seedDevice(test.db, key)
    await seedDevice(test.db, suspended, { suspended: true })
    ingest = await createIngest({ db: test.db, networkId: TEST_NETWORK_ID, clock, verifierThreads: 0, limits: { perIp: false, perDevice: false, maxAgeMs: 60_000 } })
    mqtt = await startMqttIngest({ listen: { port: 0 } }, { ingest, networkId: TEST_NETWORK_ID, oracle: ORACLE, clock, challengesOf: async () => challenges })
  })
  afterAll(async () => {
    await mqtt.close()
    await ingest.close()
    await test.cleanup()
  })

  it('acks a device’s reports over MQTT only once they are stored, through the agent’s outbox (ed25519 and P-256)', async () => {
    for (const key of [good, goodP256]) {
      const agent = await createDeviceAgent({
        key,
        networkId: TEST_NETWORK_ID,
        oracleUrls: [mqtt.url],
        kind: 'uptime',
        outbox: 'memory',
        transport: mqttTransport({ key, networkId: TEST_NETWORK_ID, now: clock }),
        clock: { now: clock, sleep: async () => {} },
        requestTimeoutMs: 5_000,
      })
      const sequences = [await agent.report('heartbeat', new Uint8Array([8, 1]), BigInt(now)), await agent.report('heartbeat', new Uint8Array([8, 2]), BigInt(now))]
      const flushed = await agent.flush()
      expect(flushed.results).toEqual(sequences.map((sequence) => ({ oracle: mqtt.url, sequence, status: 'accepted' })))
      expect(flushed.pending).toBe(0)
      // The ack came after the COMMIT: the rows are there the moment the flush returns.
      expect((await stored(key)).map((row) => BigInt(row.sequence))).toEqual(sequences)
      await agent.close()
    }
  })

  it('deduplicates a batch sent again, and refuses a replayed sequence, as HTTP does', async () => {
    const client = await connectAs(mqtt.url, other)
    const batch = testBatch([testReport(other, 1), testReport(other, 2)])
    const first = await publishBatch(client, other, batch)
    expect(first).toMatchObject({ oracle: ORACLE, accepted: 2, duplicates: 0, rejected: 0 })
    const again = await publishBatch(client, other, batch)
    expect(again).toEqual({
      batch: first.batch,
      oracle: ORACLE,
      accepted: 0,
      duplicates: 2,
      rejected: 0,
      results: [
        { index: 0, status: 'duplicate' },
        { index: 1, status: 'duplicate' },
      ],
    })
    // Another body under a stored sequence is equivocation; a sequence below the last is a replay.
    const equivocation = await publishBatch(client, other, testBatch([testReport(other, 2, { timestampMs: BigInt(now - 1) })]))
    expect(equivocation).toMatchObject({ rejected: 1, results: [{ index: 0, status: 'rejected', code: 'PINION_ERR_EQUIVOCATION' }] })
    expect(await publishBatch(client, other, testBatch([testReport(other, 5)]))).toMatchObject({ accepted: 1 })
    const replay = await publishBatch(client, other, testBatch([testReport(other, 3)]))
    expect(replay).toMatchObject({ rejected: 1, results: [{ index: 0, status: 'rejected', code: 'PINION_ERR_REPLAYED_SEQUENCE' }] })
    expect((await stored(other)).map((row) => row.sequence)).toEqual(['1', '2', '5'])
    await client.endAsync()
  })

  it('gives a forged report the error ack with the code HTTP answers, and stores nothing', async () => {
    const valid = testReport(good, 100)
    const { body } = openSignedReport(valid)
    const forged = new Uint8Array([0x0a, body.length, ...body, 0x12, 64, ...signWithDeviceKey(stranger, reportSigningMessage(body))])
    const app = Fastify()
    await app.register(ingest.plugin)
    const http = await app.inject({ method: 'POST', url: '/v1/reports/batch', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(testBatch([forged])) })
    const client = await connectAs(mqtt.url, good)
    const ack = await publishBatch(client, good, testBatch([forged]))
    expect(ack).toMatchObject({ rejected: 1, results: [{ index: 0, status: 'rejected', code: 'PINION_ERR_BAD_SIGNATURE' }] })
    expect({ ...ack, batch: undefined, oracle: undefined }).toEqual({ ...http.json(), batch: undefined, oracle: undefined })
    expect((await stored(good)).map((row) => row.sequence)).not.toContain('100')
    await client.endAsync()
  })

  it('acks a malformed, oversized or misaddressed batch with an error, and keeps serving', async () => {
    const client = await connectAs(mqtt.url, good)
    expect(await publishBatch(client, good, new Uint8Array([0xff, 0xfe, 0xfd]))).toMatchObject({ code: 'PINION_ERR_MALFORMED_BATCH', status: 400 })
    expect(await publishBatch(client, good, new Uint8Array(ingest.limits.maxBatchBytes + 1))).toMatchObject({ code: 'PINION_ERR_BODY_TOO_LARGE', status: 413 })
    // Another device's report on this device's topic: refused by itself, the rest of the batch goes on.
    const mixed = await publishBatch(client, good, testBatch([testReport(other, 50), testReport(good, 50)]))
    expect(mixed).toMatchObject({
      results: [
        { index: 0, status: 'rejected', code: 'PINION_ERR_MQTT_DEVICE_MISMATCH' },
        { index: 1, status: 'accepted' },
      ],
    })
    await client.endAsync()
  })

  it('refuses a wrong, expired, too long-lived or unregistered device’s token at CONNECT (CONNACK 4)', async () => {
    const ahead = (ms: number, key: DeviceKey = good) => signMqttToken(key, TEST_NETWORK_ID, now + ms)
    const deviceOf = (key: DeviceKey) => deviceIdOf(key.publicKey)
    const attempt = (username: string, password: string) => connectAsync(mqtt.url, { username, password, reconnectPeriod: 0, connectTimeout: 5_000 }, false)
    expect(await refusal(attempt(deviceOf(good), ahead(60_000, stranger)))).toBe(4) // signed by another key
    expect(await refusal(attempt(deviceOf(good), ahead(-1)))).toBe(4) // expired
    expect(await refusal(attempt(deviceOf(good), ahead(11 * 60_000)))).toBe(4) // expires too far ahead
    expect(await refusal(attempt(deviceOf(stranger), ahead(60_000, stranger)))).toBe(4) // not registered
    expect(await refusal(attempt(deviceOf(suspended), ahead(60_000, suspended)))).toBe(4) // suspended
    expect(await refusal(attempt(deviceOf(good), 'not a token'))).toBe(4)
    // A token for another network is not this one's.
    const elsewhere = signMqttToken(good, `0x${'11'.repeat(32)}`, now + 60_000)
    expect(await refusal(attempt(deviceOf(good), elsewhere))).toBe(4)
    expect(await refusal(attempt(deviceOf(good), ahead(60_000)))).toBeUndefined()
  })

  it('keeps a device to its own topics: another device’s acks are not granted, publishing as it closes the connection and stores nothing', async () => {
    const client = await connectAs(mqtt.url, good)
    const theirs = mqttTopicsOf(TEST_NETWORK_ID, deviceIdOf(other.publicKey))
    // mqtt.js rejects a SUBACK that refuses any topic (0x80).
    await expect(client.subscribeAsync(theirs.acks, { qos: 1 })).rejects.toThrow(/Subscribe error/)
    await expect(client.subscribeAsync('pinion/#', { qos: 1 })).rejects.toThrow(/Subscribe error/)
    expect((await client.subscribeAsync(mqttTopicsOf(TEST_NETWORK_ID, deviceIdOf(good.publicKey)).acks, { qos: 1 })).map((g) => g.qos)).toEqual([1])
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.publish(theirs.reports, Buffer.from(testBatch([testReport(other, 99)])), { qos: 1 })
    await closed
    await mqtt.idle()
    expect((await stored(other)).map((row) => row.sequence)).not.toContain('99')
    client.end(true)
  })

  it('answers challenge requests on the device’s challenge topic, as GET /v1/challenges does', async () => {
    const agent = await createDeviceAgent({
      key: good,
      networkId: TEST_NETWORK_ID,
      oracleUrls: [mqtt.url],
      kind: 'uptime',
      outbox: 'memory',
      transport: mqttTransport({ key: good, networkId: TEST_NETWORK_ID, now: clock }),
    })
    challenges = { status: 'not-started' }
    expect(await agent.challenges(7n)).toEqual({ type: 'not-started' })
    challenges = { status: 'issued', challenges: [] }
    expect(await agent.challenges(7n)).toEqual({ type: 'issued', challenges: [] })
    await agent.close()
  })

  it('charges each device’s batches to its own rate limit, and counts what it refuses per epoch, device and code, as HTTP does', async () => {
    const limited = await createIngest({
      db: test.db,
      networkId: TEST_NETWORK_ID,
      clock,
      verifierThreads: 0,
      limits: { perIp: { capacity: 1, refillPerSecond: 0.5 }, perDevice: false, maxAgeMs: 60_000 },
      epochOf: () => 42n,
      rejectionFlushMs: 0,
    })
    const service = await startMqttIngest({ listen: { port: 0 } }, { ingest: limited, networkId: TEST_NETWORK_ID, oracle: ORACLE, clock })
    const client = await connectAs(service.url, goodP256)
    // Forged: a report of this device signed by another key.
    const { body } = openSignedReport(testReport(goodP256, 500))
    const forged = new Uint8Array([0x0a, body.length, ...body, 0x12, 64, ...signWithDeviceKey(generateDeviceKey('p256'), reportSigningMessage(body))])
    expect(await publishBatch(client, goodP256, testBatch([forged]))).toMatchObject({ rejected: 1, results: [{ code: 'PINION_ERR_BAD_SIGNATURE' }] })
    // Its second batch within the second is over its rate: refused as a whole, with when to try again.
    expect(await publishBatch(client, goodP256, testBatch([testReport(goodP256, 501)]))).toMatchObject({ code: 'PINION_ERR_RATE_LIMITED', status: 429, retryAfterMs: 2_000 })
    await limited.flushRejections()
    const { rows } = await test.db.query<{ device_id: string; reason: string; count: string }>('select device_id, reason, count from ingest_rejections where epoch = 42')
    expect(rows).toEqual([{ device_id: deviceIdOf(goodP256.publicKey), reason: 'PINION_ERR_BAD_SIGNATURE', count: '1' }])
    await client.endAsync()
    await service.close()
    await limited.close()
  })

  it('keeps reports in the outbox while no ack comes, and retries them with the agent’s backoff', async () => {
    // A broker that authenticates devices but has no ingest behind it: nothing is ever acked.
    const bare = await startEmbeddedBroker({ networkId: TEST_NETWORK_ID, deviceLookup: ingest.deviceLookup, clock, port: 0 })
    const slept: number[] = []
    const agent = await createDeviceAgent({
      key: good,
      networkId: TEST_NETWORK_ID,
      oracleUrls: [bare.url],
      kind: 'uptime',
      outbox: 'memory',
      transport: mqttTransport({ key: good, networkId: TEST_NETWORK_ID, now: clock }),
      clock: { now: clock, sleep: async (ms) => void slept.push(ms) },
      retry: { maxAttempts: 3 },
      random: () => 0,
      requestTimeoutMs: 200,
    })
    await agent.report('heartbeat', new Uint8Array([8, 1]), BigInt(now))
    const flushed = await agent.flush()
    expect(flushed.pending).toBe(1)
    expect(flushed.oracles).toEqual([
      { oracle: bare.url, requests: 3, waitedMs: 750, error: { code: 'PINION_ERR_ORACLE_UNREACHABLE', message: expect.stringContaining('no ack') } },
    ])
    expect(slept).toEqual([250, 500])
    await agent.close()
    await bare.close()
  })
})
