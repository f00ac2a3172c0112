import { type MqttAck, createDeviceAgent, deviceKeyPem, mqttTopicsOf, mqttTransport, signMqttToken } from '@pinion/device'
import { type DeviceKey, deviceIdOf, generateDeviceKey } from '@pinion/protocol'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { type TestPki, makeTestPki } from '@pinion/testkit/mqttCertificates'
import { TEST_NETWORK_ID, TEST_NOW_MS, testBatch, testReport } from '@pinion/testkit/oracle/sampleReports'
import { type IClientOptions, type MqttClient, connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OracleErrorCode } from '../errors.ts'
import { type Ingest, createIngest } from './createIngest.ts'
import { type MqttIngestService, startMqttIngest } from './mqttService.ts'

const ORACLE = '0x00000000000000000000000000000000000000aa'

/** Resolves with the CONNACK code that refused the connection, or undefined when it was accepted (and closed again). */
const refusal = (attempt: Promise<MqttClient>) =>
  attempt.then(
    async (client) => {
      await client.endAsync(true)
      return undefined
    },
    (error: { code?: number }) => error.code,
  )

describe.each(testBackends())('MQTT ingest over TLS, embedded broker, on %s', (backend) => {
  let test: TestDb
  let ingest: Ingest
  let mqtt: MqttIngestService
  let pki: TestPki
  const now = TEST_NOW_MS
  const clock = () => now
  const good = generateDeviceKey('ed25519')
  const goodP256 = generateDeviceKey('p256')
  const other = generateDeviceKey('ed25519')
  const stranger = generateDeviceKey('ed25519')
  const suspended = generateDeviceKey('p256')
  const refusedCodes: OracleErrorCode[] = []

  /** A raw client of the broker over TLS, trusting the test CA, with `options` (a certificate, a token…). */
  const connectTls = (options: IClientOptions) => connectAsync(mqtt.url, { ca: pki.ca.cert, reconnectPeriod: 0, connectTimeout: 5_000, ...options }, false)
  /** `device`'s certificate and its key, as mqtt.js takes them. */
  const certOf = (device: DeviceKey, options?: Parameters<TestPki['deviceCertificate']>[1]) => ({ cert: pki.deviceCertificate(device, options), key: deviceKeyPem(device) })
  /** Connects with `options` and says what the broker answered: the CONNACK code and the code it refused with (undefined: accepted). */
  const outcome = async (options: IClientOptions) => {
    refusedCodes.length = 0
    const connack = await refusal(connectTls(options))
    return { connack, code: refusedCodes[0] }
  }

  beforeAll(async () => {
    pki = makeTestPki()
    test = await openTestDb({ backend })
    for (const key of [good, goodP256, other]) await seedDevice(test.db, key)
    await seedDevice(test.db, suspended, { suspended: true })
    ingest = await createIngest({ db: test.db, networkId: TEST_NETWORK_ID, clock, verifierThreads: 0, limits: { perIp: false, perDevice: false, maxAgeMs: 60_000 } })
    mqtt = await startMqttIngest(
      { listen: { port: 0, tls: { cert: pki.server.cert, key: pki.server.key, deviceCa: pki.ca.cert } } },
      { ingest, networkId: TEST_NETWORK_ID, oracle: ORACLE, clock, onRequestRefused: (code) => refusedCodes.push(code) },
    )
  })
  afterAll(async () => {
    await mqtt?.close()
    await ingest?.close()
    await test?.cleanup()
    pki?.cleanup()
  })

  it('serves mqtts://, and a device with a certificate of its own key reports without a token (ed25519 and P-256)', async () => {
    expect(mqtt.url).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/)
    for (const key of [good, goodP256]) {
      const agent = await createDeviceAgent({
        key,
        networkId: TEST_NETWORK_ID,
        oracleUrls: [mqtt.url],
        kind: 'uptime',
        outbox: 'memory',
        // No key given: the certificate's TLS key is the device key.
        transport: mqttTransport({ key, networkId: TEST_NETWORK_ID, now: clock, tls: { cert: pki.deviceCertificate(key), ca: pki.ca.cert }, password: () => 'never sent' }),
        clock: { now: clock, sleep: async () => {} },
        requestTimeoutMs: 5_000,
      })
      const sequence = await agent.report('heartbeat', new Uint8Array([8, 1]), BigInt(now))
      const flushed = await agent.flush()
      expect(flushed.results).toEqual([{ oracle: mqtt.url, sequence, status: 'accepted' }])
      const { rows } = await test.db.query<{ sequence: string }>('select sequence from reports where device_id = $1', [deviceIdOf(key.publicKey)])
      expect(rows.map((row) => BigInt(row.sequence))).toEqual([sequence])
      await agent.close()
    }
  })

  it('accepts a certificate with or without the device id as username', async () => {
    expect(await outcome({ ...certOf(good) })).toEqual({ connack: undefined, code: undefined })
    expect(await outcome({ ...certOf(good), username: deviceIdOf(good.publicKey).toUpperCase().replace('0X', '0x') })).toEqual({ connack: undefined, code: undefined })
  })

  it('refuses with CONNACK 5 and PINION_ERR_MQTT_BAD_CERT a certificate that stands for no active device', async () => {
    const bad = { connack: 5, code: 'PINION_ERR_MQTT_BAD_CERT' }
    // Named after another registered device, but of this device's key.
    expect(await outcome(certOf(good, { cn: deviceIdOf(other.publicKey).slice(2) }))).toEqual(bad)
    // Named after this device, but of another key (the other device's): the name and the key must agree.
    expect(await outcome({ cert: pki.deviceCertificate(good, { keyPem: deviceKeyPem(other) }), key: deviceKeyPem(other) })).toEqual(bad)
    // A CN that is no device id at all.
    expect(await outcome(certOf(good, { cn: 'thermostat-17' }))).toEqual(bad)
    // Its own certificate, but logging in under another device's name.
    expect(await outcome({ ...certOf(good), username: deviceIdOf(other.publicKey) })).toEqual(bad)
    // Unregistered, and suspended.
    expect(await outcome(certOf(stranger))).toEqual(bad)
    expect(await outcome(certOf(suspended))).toEqual(bad)
  })

  it('refuses with CONNACK 5 and PINION_ERR_MQTT_CERT_UNTRUSTED a certificate another CA issued, even for a registered device', async () => {
    const elsewhere = pki.otherCa()
    expect(await outcome(certOf(good, { issuer: elsewhere }))).toEqual({ connack: 5, code: 'PINION_ERR_MQTT_CERT_UNTRUSTED' })
  })

  it('keeps the token path as it was: a device without a certificate logs in with its token over TLS, an expired one is refused (CONNACK 4)', async () => {
    const token = (ms: number) => signMqttToken(other, TEST_NETWORK_ID, now + ms)
    expect(await outcome({ username: deviceIdOf(other.publicKey), password: token(60_000) })).toEqual({ connack: undefined, code: undefined })
    expect(await outcome({ username: deviceIdOf(other.publicKey), password: token(-1) })).toEqual({ connack: 4, code: 'PINION_ERR_MQTT_TOKEN_EXPIRED' })
    // Neither a certificate nor a token.
    expect(await outcome({ username: deviceIdOf(other.publicKey) })).toEqual({ connack: 4, code: 'PINION_ERR_MQTT_BAD_TOKEN' })
  })

  it('keeps a device logged in by certificate to its own topics', async () => {
    const client = await connectTls(certOf(good))
    const own = mqttTopicsOf(TEST_NETWORK_ID, deviceIdOf(good.publicKey))
    const theirs = mqttTopicsOf(TEST_NETWORK_ID, deviceIdOf(other.publicKey))
    await expect(client.subscribeAsync(theirs.acks, { qos: 1 })).rejects.toThrow(/Subscribe error/)
    await client.subscribeAsync(own.acks, { qos: 1 })
    const acked = new Promise<MqttAck>((resolve) => client.once('message', (_topic, body) => resolve(JSON.parse(body.toString()) as MqttAck)))
    await client.publishAsync(own.reports, Buffer.from(testBatch([testReport(good, 40)])), { qos: 1 })
    expect(await acked).toMatchObject({ oracle: ORACLE, accepted: 1 })
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    client.publish(theirs.reports, Buffer.from(testBatch([testReport(other, 41)])), { qos: 1 })
    await closed
    client.end(true)
  })

  it('is not reached by a device that does not trust the broker’s certificate', async () => {
    await expect(connectTls({ ...certOf(good), ca: pki.otherCa().cert })).rejects.toThrow(/certificate/i)
  })
})
