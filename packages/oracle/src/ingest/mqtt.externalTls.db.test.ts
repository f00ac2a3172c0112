import type { AddressInfo, Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { createDeviceAgent, deviceKeyPem, mqttTransport } from '@pinion/device'
import { deviceIdOf, generateDeviceKey } from '@pinion/protocol'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { type TestPki, makeTestPki } from '@pinion/testkit/mqttCertificates'
import { TEST_NETWORK_ID, TEST_NOW_MS } from '@pinion/testkit/oracle/sampleReports'
import { Aedes } from 'aedes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Ingest, createIngest } from './createIngest.ts'
import { type MqttIngestService, startMqttIngest } from './mqttService.ts'

const ORACLE = '0x00000000000000000000000000000000000000aa'

/**
 * The oracle as a TLS client of an external broker (`pinion oracle --mqtt-broker mqtts://…` with
 * --mqtt-ca, --mqtt-cert and --mqtt-key). The machine's Mosquitto has no TLS listener, so the broker
 * here is a plain aedes behind a TLS server that, like a Mosquitto with `require_certificate true`,
 * admits only clients whose certificate its CA issued, and authorizes nothing beyond that: the
 * oracle is one client among the devices.
 */
describe.each(testBackends())('MQTT ingest through an external broker over TLS, on %s', (backend) => {
  let test: TestDb
  let ingest: Ingest
  let pki: TestPki
  let brokerUrl: string
  let closeBroker: () => Promise<void>
  const services: MqttIngestService[] = []
  const clock = () => TEST_NOW_MS
  const device = generateDeviceKey('ed25519')
  // The oracle's own TLS identity at the broker: any key the broker's CA certifies.
  const oracleKey = generateDeviceKey('p256')

  beforeAll(async () => {
    pki = makeTestPki()
    test = await openTestDb({ backend })
    await seedDevice(test.db, device)
    ingest = await createIngest({ db: test.db, networkId: TEST_NETWORK_ID, clock, verifierThreads: 0, limits: { perIp: false, perDevice: false, maxAgeMs: 60_000 } })
    const broker = await Aedes.createBroker()
    const server = createTlsServer({ cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, broker.handle)
    server.on('tlsClientError', () => undefined)
    const sockets = new Set<Socket>()
    server.on('secureConnection', (socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    brokerUrl = `mqtts://127.0.0.1:${(server.address() as AddressInfo).port}`
    closeBroker = async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await new Promise<void>((resolve) => broker.close(() => resolve()))
    }
  })
  afterAll(async () => {
    for (const service of services) await service.close()
    await closeBroker?.()
    await ingest?.close()
    await test?.cleanup()
    pki?.cleanup()
  })

  const oracleTls = () => ({ ca: pki.ca.cert, cert: pki.deviceCertificate(oracleKey, { cn: 'pinion-oracle' }), key: deviceKeyPem(oracleKey) })
  const start = async (tls: { ca?: string; cert?: string; key?: string }) => {
    // aedes speaks MQTT 3.1.1 only; the oracle's default is 5.
    const service = await startMqttIngest({ brokerUrl, protocolVersion: 4, tls }, { ingest, networkId: TEST_NETWORK_ID, oracle: ORACLE, clock })
    services.push(service)
    return service
  }

  it("takes a device's reports through the broker over TLS, stores them and acks them", async () => {
    await start(oracleTls())
    const agent = await createDeviceAgent({
      key: device,
      networkId: TEST_NETWORK_ID,
      oracleUrls: [brokerUrl],
      kind: 'uptime',
      outbox: 'memory',
      transport: mqttTransport({ key: device, networkId: TEST_NETWORK_ID, now: clock, tls: { cert: pki.deviceCertificate(device), ca: pki.ca.cert } }),
      clock: { now: clock, sleep: async () => {} },
      requestTimeoutMs: 5_000,
    })
    const sequences = [await agent.report('heartbeat', new Uint8Array([8, 1]), BigInt(TEST_NOW_MS)), await agent.report('heartbeat', new Uint8Array([8, 2]), BigInt(TEST_NOW_MS))]
    const flushed = await agent.flush()
    expect(flushed.results).toEqual(sequences.map((sequence) => ({ oracle: brokerUrl, sequence, status: 'accepted' })))
    const { rows } = await test.db.query<{ sequence: string }>('select sequence from reports where device_id = $1 order by sequence', [deviceIdOf(device.publicKey)])
    expect(rows.map((row) => BigInt(row.sequence))).toEqual(sequences)
    await agent.close()
  })

  it('refuses to start against a broker whose certificate its CA does not vouch for, or without the certificate the broker requires', async () => {
    const { ca: _ca, ...noCa } = oracleTls()
    // Without --mqtt-ca, the broker's certificate must chain to Node's roots; the test CA is not one.
    await expect(start(noCa)).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' })
    // Without --mqtt-cert, a broker that requires one ends the handshake.
    await expect(start({ ca: pki.ca.cert })).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' })
  })
})
