import { randomBytes } from 'node:crypto'
import { createDeviceAgent, mqttTopicsOf, mqttTransport } from '@pinion/device'
import { type DeviceKey, deviceIdOf, generateDeviceKey } from '@pinion/protocol'
import { type TestDb, openTestDb, testBackends } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { TEST_NOW_MS, testBatch, testReport } from '@pinion/testkit/oracle/sampleReports'
import { connectAsync } from 'mqtt'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Ingest, createIngest } from './createIngest.ts'
import { type MqttIngestService, startMqttIngest } from './mqttService.ts'

// Runs only when MQTT_URL names a broker that lets anyone in (the machine's Mosquitto, in .ci/run):
// authentication and topic rules are then the broker's, and the oracle is one of its clients.
const MQTT_URL = process.env.MQTT_URL!

describe.each(testBackends())('MQTT ingest through an external broker (%s)', (backend) => {
  let test: TestDb
  let ingest: Ingest
  let mqtt: MqttIngestService
  const clock = () => TEST_NOW_MS
  // A network of its own, so runs sharing the broker never see each other's topics.
  const networkId = `0x${randomBytes(32).toString('hex')}` as Hex
  const device = generateDeviceKey('ed25519')
  const other = generateDeviceKey('p256')

  const stored = async (key: DeviceKey) =>
    (await test.db.query<{ sequence: string }>('select sequence from reports where device_id = $1 order by sequence', [deviceIdOf(key.publicKey)])).rows.map((r) => r.sequence)

  beforeAll(async () => {
    test = await openTestDb({ backend })
    await seedDevice(test.db, device)
    await seedDevice(test.db, other)
    ingest = await createIngest({ db: test.db, networkId, clock, verifierThreads: 0, limits: { perIp: false, perDevice: false } })
    mqtt = await startMqttIngest({ brokerUrl: MQTT_URL }, { ingest, networkId, oracle: '0x00000000000000000000000000000000000000aa', clock })
  })
  afterAll(async () => {
    await mqtt.close()
    await ingest.close()
    await test.cleanup()
  })

  it('stores a device’s reports sent through the broker and acks them after the COMMIT', async () => {
    const agent = await createDeviceAgent({
      key: device,
      networkId,
      oracleUrls: [MQTT_URL],
      kind: 'uptime',
      outbox: 'memory',
      transport: mqttTransport({ key: device, networkId, now: clock }),
      requestTimeoutMs: 5_000,
    })
    const sequences = [await agent.report('heartbeat', new Uint8Array([8, 1]), BigInt(TEST_NOW_MS)), await agent.report('heartbeat', new Uint8Array([8, 2]), BigInt(TEST_NOW_MS))]
    const flushed = await agent.flush()
    expect(flushed.results).toEqual(sequences.map((sequence) => ({ oracle: MQTT_URL, sequence, status: 'accepted' })))
    expect(flushed.pending).toBe(0)
    expect(await stored(device)).toEqual(['1', '2'])
    await agent.close()
  })

  it('answers the same batch twice with accepted, then duplicate, over MQTT 5', async () => {
    const topics = mqttTopicsOf(networkId, deviceIdOf(other.publicKey))
    const client = await connectAsync(MQTT_URL, { protocolVersion: 5, reconnectPeriod: 0 }, false)
    await client.subscribeAsync(topics.acks, { qos: 1 })
    const acks: Record<string, unknown>[] = []
    client.on('message', (_topic, body) => acks.push(JSON.parse(body.toString()) as Record<string, unknown>))
    const batch = Buffer.from(testBatch([testReport(other, 1, { networkId })]))
    for (const expected of [1, 2]) {
      await client.publishAsync(topics.reports, batch, { qos: 1 })
      while (acks.length < expected) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(acks.map((ack) => [ack.accepted, ack.duplicates])).toEqual([
      [1, 0],
      [0, 1],
    ])
    expect(await stored(other)).toEqual(['1'])
    await client.endAsync()
  })
})
