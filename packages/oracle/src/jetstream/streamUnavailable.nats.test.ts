import { type MqttAck, mqttTopicsOf, signMqttToken } from '@pinion/device'
import { type DeviceKey, deviceIdOf } from '@pinion/protocol'
import { makeDevices } from '@pinion/testkit/oracle/epochFixture'
import { deleteStream, natsUrl, scratchOracleDb, uniqueStream } from '@pinion/testkit/oracle/jetstreamFixture'
import { TEST_NETWORK_ID, TEST_NOW_MS, testBatch, testReport, testReportId } from '@pinion/testkit/oracle/sampleReports'
import { type TcpProxy, startTcpProxy } from '@pinion/testkit/oracle/tcpProxy'
import { until } from '@pinion/testkit/until'
import Fastify, { type FastifyInstance } from 'fastify'
import { type MqttClient, connectAsync } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Ingest, createIngest } from '../ingest/createIngest.ts'
import { type MqttIngestService, startMqttIngest } from '../ingest/mqttService.ts'
import { publishReports } from './publishReports.ts'
import { type ReportStream, type ReportStreamConfig, connectReportStream } from './reportStream.ts'
import { startShardWriter } from './shardWriter.ts'
import { allShards } from './shards.ts'

/**
 * An ingest node whose way to NATS goes through a TCP proxy that the test cuts: while NATS is
 * unreachable (connections refused, or accepted and never answered), every report is refused with
 * PINION_ERR_STREAM_UNAVAILABLE (503 and retryAfterMs over HTTP, the same code in the MQTT ack),
 * nothing is acknowledged and nothing is stored; once NATS is back, the device's retry of the same
 * bytes is acknowledged and stored exactly once. The writers reach NATS directly, so anything the
 * ingest node did get into the stream would show up in PostgreSQL.
 */
const ORACLE = '0x00000000000000000000000000000000000000aa'
const clock = () => TEST_NOW_MS
/** What a refusal tells the device to wait. */
const RETRY_AFTER_MS = 1_500
/** How long one publish waits for its PubAck before ingest refuses (short: the outage is certain). */
const PUBLISH_TIMEOUT_MS = 1_000

const [httpDevice, mqttDevice] = makeDevices('unreachable', ['honest', 'honest'])

describe('an ingest node that cannot reach NATS', () => {
  let proxy: TcpProxy
  let config: ReportStreamConfig
  let store: Awaited<ReturnType<typeof scratchOracleDb>>
  let stream: ReportStream
  let writerStream: ReportStream
  let writers: { stop(): Promise<void> }[] = []
  let ingest: Ingest
  let app: FastifyInstance
  let url: string
  let mqtt: MqttIngestService

  beforeAll(async () => {
    proxy = await startTcpProxy()
    proxy.setTarget(Number(new URL(natsUrl()).port))
    config = uniqueStream({ publishTimeoutMs: PUBLISH_TIMEOUT_MS })
    store = await scratchOracleDb([httpDevice!, mqttDevice!])
    writerStream = await connectReportStream(config, { name: 'test writer' })
    writers = allShards(config.partitions).map((shard) => startShardWriter({ db: store.db, databaseUrl: store.url, stream: writerStream, shard, fetchWaitMs: 1_000 }))
    stream = await connectReportStream({ ...config, url: `nats://127.0.0.1:${proxy.port}` }, { name: 'test ingest behind a proxy' })
    ingest = await createIngest({
      db: store.db,
      networkId: TEST_NETWORK_ID,
      clock,
      verifierThreads: 0,
      limits: { perIp: false, perDevice: false, maxAgeMs: 10 * 60_000 },
      publish: publishReports({ stream, db: store.db, clock, sealAtOf: () => BigInt(TEST_NOW_MS + 3_600_000), retryAfterMs: RETRY_AFTER_MS }),
    })
    app = Fastify()
    await app.register(ingest.plugin)
    url = await app.listen({ host: '127.0.0.1', port: 0 })
    mqtt = await startMqttIngest({ listen: { port: 0 } }, { ingest, networkId: TEST_NETWORK_ID, oracle: ORACLE, clock, challengesOf: async () => ({ status: 'not-started' }) })
  })
  afterAll(async () => {
    await mqtt?.close()
    await app?.close()
    await ingest?.close()
    await Promise.all(writers.map((writer) => writer.stop()))
    await stream?.close()
    await writerStream?.close()
    await proxy?.close()
    await deleteStream(config).catch(() => undefined)
    await store?.drop()
  })

  /** Resolves once the ingest node's NATS connection answers a PING again. */
  const reconnected = () =>
    until('the ingest node reconnected to NATS', async () => {
      await stream.nc.flush()
      return true
    })

  const storedIds = async (key: DeviceKey) =>
    (await store.db.query<{ report_id: string }>('select report_id from reports where device_id = $1 order by sequence', [deviceIdOf(key.publicKey)])).rows.map(
      (row) => row.report_id,
    )

  const post = async (body: Uint8Array) => {
    const response = await fetch(`${url}/v1/reports/batch`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(body) })
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> }
  }

  it.each([
    ['refused', 'refuse'],
    ['accepted and never answered', 'hang'],
  ] as const)(
    'over HTTP, with connections to NATS %s: 503 PINION_ERR_STREAM_UNAVAILABLE with retryAfterMs, nothing stored; the retry once NATS is back is stored once',
    async (_, mode) => {
      const key = httpDevice!.key
      const sequence = mode === 'refuse' ? 1 : 2
      const report = testReport(key, sequence)
      const before = await storedIds(key)

      proxy.setMode(mode)
      const refused = await post(testBatch([report]))
      expect(refused).toMatchObject({ status: 503, body: { code: 'PINION_ERR_STREAM_UNAVAILABLE', retryAfterMs: RETRY_AFTER_MS } })
      expect(refused.retryAfter).toBe(String(Math.ceil(RETRY_AFTER_MS / 1000)))
      // No report body, no verdict: the device keeps the report and sends it again.
      expect(refused.body).not.toHaveProperty('results')
      // A second refusal while still down: ingest does not hang on the outage.
      expect((await post(testBatch([report]))).status).toBe(503)
      expect(await storedIds(key)).toEqual(before)

      proxy.setMode('pass')
      await reconnected()
      const retried = await post(testBatch([report]))
      // Accepted, not a duplicate: the refused publishes never reached JetStream (the NATS client
      // drops what it buffered while disconnected at every dial, nats-core protocol.js resetOutbound).
      expect(retried).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0, rejected: 0 } })
      await until('the writer stored the retried report', async () => ((await storedIds(key)).length > before.length ? true : undefined))
      // Sent three times, stored once.
      expect(await storedIds(key)).toEqual([...before, testReportId(report)])
      // And again: a duplicate, still one row.
      expect((await post(testBatch([report]))).body).toMatchObject({ accepted: 0, duplicates: 1 })
      expect(await storedIds(key)).toEqual([...before, testReportId(report)])
    },
  )

  it('over MQTT: the ack topic carries the same code and retryAfterMs, and no verdict; the retry once NATS is back is acked and stored once', async () => {
    const key = mqttDevice!.key
    const deviceId = deviceIdOf(key.publicKey)
    const topics = mqttTopicsOf(TEST_NETWORK_ID, deviceId)
    const client: MqttClient = await connectAsync(
      mqtt.url,
      { username: deviceId, password: signMqttToken(key, TEST_NETWORK_ID, TEST_NOW_MS + 60_000), reconnectPeriod: 0, connectTimeout: 5_000 },
      false,
    )
    await client.subscribeAsync(topics.acks, { qos: 1 })
    const publish = async (payload: Uint8Array) => {
      const acked = new Promise<MqttAck>((resolve) => client.once('message', (_topic, body) => resolve(JSON.parse(body.toString()) as MqttAck)))
      await client.publishAsync(topics.reports, Buffer.from(payload), { qos: 1 })
      return acked
    }
    try {
      const report = testReport(key, 1)
      proxy.setMode('refuse')
      const refused = await publish(testBatch([report]))
      expect(refused).toMatchObject({ oracle: ORACLE, code: 'PINION_ERR_STREAM_UNAVAILABLE', status: 503, retryAfterMs: RETRY_AFTER_MS })
      expect(refused).not.toHaveProperty('results')
      expect(await storedIds(key)).toEqual([])

      proxy.setMode('pass')
      await reconnected()
      const retried = await publish(testBatch([report]))
      expect(retried).toMatchObject({ oracle: ORACLE, accepted: 1, duplicates: 0, rejected: 0, results: [{ index: 0, status: 'accepted' }] })
      await until('the writer stored the retried report', async () => ((await storedIds(key)).length > 0 ? true : undefined))
      expect(await storedIds(key)).toEqual([testReportId(report)])
    } finally {
      await client.endAsync()
    }
  })
})
