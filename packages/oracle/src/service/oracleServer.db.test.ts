import { generateDeviceKey, openSignedReport } from '@pinion/protocol'
import { type TestDb, openTestDb } from '@pinion/testkit/db'
import { seedDevice } from '@pinion/testkit/devices'
import { TEST_NETWORK_ID, TEST_NOW_MS, testReport } from '@pinion/testkit/oracle/sampleReports'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pinionServerOptions, useErrorHandling } from '../api/errorPlugin.ts'
import { TreeCache } from '../api/proofs.ts'
import { createIngest } from '../ingest/createIngest.ts'
import { InThreadVerifier } from '../ingest/inThreadVerifier.ts'
import { OracleMetrics } from '../metrics/oracleMetrics.ts'
import { mountOracleRoutes } from './oracleServer.ts'

const PROTOBUF = { 'content-type': 'application/x-protobuf' }

type Sample = { name: string; labels: Record<string, string>; value: number }

/**
 * Parses Prometheus' text exposition format (0.0.4) strictly: every line a comment (# HELP, # TYPE)
 * or a sample `name{label="value",…} number`; every sample's metric (histogram and summary series
 * by their base name) declared by a # TYPE line before it. Throws on anything else.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>()
  const samples: Sample[] = []
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*'
  const sample = new RegExp(`^(${NAME})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*)\\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$`)
  for (const line of text.split('\n')) {
    if (line === '') continue
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line)
    if (type !== null) {
      types.set(type[1]!, type[2]!)
      continue
    }
    if (new RegExp(`^# HELP ${NAME} .*$`).test(line)) continue
    const match = sample.exec(line)
    if (match === null) throw new Error(`not exposition format: ${JSON.stringify(line)}`)
    const [, name, labelText, value] = match
    const base = name!.replace(/_(bucket|sum|count)$/, '')
    if (!types.has(name!) && !types.has(base)) throw new Error(`sample of an undeclared metric: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of labelText?.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g) ?? []) labels[pair[1]!] = pair[2]!
    samples.push({ name: name!, labels, value: Number(value) })
  }
  return { types, samples }
}

describe("the oracle's server: /metrics and the API reference", () => {
  let test: TestDb
  let app: FastifyInstance
  const metrics = new OracleMetrics()
  const device = generateDeviceKey('ed25519')

  beforeAll(async () => {
    test = await openTestDb()
    await seedDevice(test.db, device)
    const ingest = await createIngest({
      db: test.db,
      networkId: TEST_NETWORK_ID,
      clock: () => TEST_NOW_MS,
      verifier: new InThreadVerifier(),
      limits: { perIp: false, perDevice: false, maxAgeMs: 60_000, maxFutureMs: 5_000 },
      onVerdicts: (results) => metrics.verdicts(results),
      onRequestRefused: (code) => metrics.requestRefused(code),
    })
    app = Fastify(pinionServerOptions)
    useErrorHandling(app)
    await mountOracleRoutes(app, {
      ingest,
      metrics,
      context: {
        db: test.db,
        trees: new TreeCache(test.db),
        oracle: `0x${'00'.repeat(20)}`,
        reasons: {},
        windowOf: () => ({ startMs: 0n, endMs: 60_000n }),
        isSealed: () => false,
        now: () => TEST_NOW_MS,
        network: {},
      },
    })
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await test.cleanup()
  })

  const scrape = async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    return parseExposition(response.body)
  }
  const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value

  it('serves valid exposition format, and ingest counters move with the verdicts', async () => {
    const before = await scrape()
    expect(before.types.get('pinion_ingest_accepted_total')).toBe('counter')
    expect(before.types.get('pinion_ingest_rejected_total')).toBe('counter')
    expect(before.types.get('pinion_epoch_compute_seconds')).toBe('histogram')
    expect(before.types.get('pinion_signer_status')).toBe('gauge')
    expect(before.types.get('pinion_follower_lag_blocks')).toBe('gauge')
    expect(value(before.samples, 'pinion_ingest_accepted_total')).toBe(0)

    const post = (payload: Uint8Array) => app.inject({ method: 'POST', url: '/v1/reports', headers: PROTOBUF, payload: Buffer.from(payload) })
    expect((await post(testReport(device, 1))).statusCode).toBe(200)
    expect((await post(testReport(device, 2))).statusCode).toBe(200)
    expect((await post(testReport(device, 2))).json()).toMatchObject({ status: 'duplicate' })
    expect((await post(testReport(device, 1, { payload: new Uint8Array([3]) }))).statusCode).toBe(409)
    const { body, signature } = openSignedReport(testReport(device, 3))
    signature[0]! ^= 1
    expect((await post(new Uint8Array([0x0a, body.length, ...body, 0x12, 64, ...signature]))).json()).toMatchObject({ code: 'PINION_ERR_BAD_SIGNATURE' })
    expect((await post(testReport(generateDeviceKey('ed25519'), 1))).statusCode).toBe(403)
    // Refused as a whole request: not protobuf, and a batch that is not one.
    expect((await app.inject({ method: 'POST', url: '/v1/reports', headers: { 'content-type': 'text/plain' }, payload: 'hello' })).statusCode).toBe(415)
    expect((await app.inject({ method: 'POST', url: '/v1/reports/batch', headers: PROTOBUF, payload: Buffer.from([0xff, 0xff]) })).statusCode).toBe(400)

    const after = (await scrape()).samples
    expect(value(after, 'pinion_ingest_accepted_total')).toBe(2)
    expect(value(after, 'pinion_ingest_duplicates_total')).toBe(1)
    expect(value(after, 'pinion_ingest_rejected_total', { code: 'PINION_ERR_EQUIVOCATION' })).toBe(1)
    expect(value(after, 'pinion_ingest_rejected_total', { code: 'PINION_ERR_BAD_SIGNATURE' })).toBe(1)
    expect(value(after, 'pinion_ingest_rejected_total', { code: 'PINION_ERR_UNKNOWN_DEVICE' })).toBe(1)
    expect(value(after, 'pinion_ingest_requests_refused_total', { code: 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE' })).toBe(1)
    expect(value(after, 'pinion_ingest_requests_refused_total', { code: 'PINION_ERR_MALFORMED_BATCH' })).toBe(1)
    // A refused report is a verdict, not a refused request.
    expect(after.filter((s) => s.name === 'pinion_ingest_requests_refused_total')).toHaveLength(2)
  })

  it("reads epoch durations, the signer's state and the follower's lag from the oracle's events", async () => {
    metrics.event('epoch waiting', { epoch: '4', why: 'a peer has not sealed' })
    let samples = (await scrape()).samples
    expect([
      value(samples, 'pinion_signer_status', { status: 'signed' }),
      value(samples, 'pinion_signer_status', { status: 'waiting' }),
      value(samples, 'pinion_signer_status', { status: 'refused' }),
    ]).toEqual([0, 1, 0])
    expect(value(samples, 'pinion_signer_epoch')).toBe(4)

    metrics.event('epoch computed', { epoch: '4', computeMs: 1_500, signed: true })
    metrics.follower({ head: 120n, processed: 112n })
    samples = (await scrape()).samples
    expect(value(samples, 'pinion_signer_status', { status: 'signed' })).toBe(1)
    expect(value(samples, 'pinion_signer_status', { status: 'waiting' })).toBe(0)
    expect(value(samples, 'pinion_epoch_compute_seconds_count')).toBe(1)
    expect(value(samples, 'pinion_epoch_compute_seconds_sum')).toBe(1.5)
    expect(value(samples, 'pinion_epoch_compute_seconds_bucket', { le: '1' })).toBe(0)
    expect(value(samples, 'pinion_epoch_compute_seconds_bucket', { le: '2.5' })).toBe(1)
    expect(value(samples, 'pinion_follower_lag_blocks')).toBe(8)

    metrics.event('epoch not signed', { epoch: '5', why: 'already signed another root' })
    samples = (await scrape()).samples
    expect(value(samples, 'pinion_signer_status', { status: 'refused' })).toBe(1)
    expect(value(samples, 'pinion_signer_status', { status: 'signed' })).toBe(0)
  })

  it('serves the API reference as HTML at /docs and as OpenAPI at /docs/json, generated from the routes and their schemas', async () => {
    const html = await app.inject({ method: 'GET', url: '/docs' })
    const page = html.statusCode === 302 ? await app.inject({ method: 'GET', url: html.headers.location as string }) : html
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('swagger-ui')
    // The UI's assets come from the package itself.
    expect((await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })).statusCode).toBe(200)

    const response = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(response.statusCode).toBe(200)
    const document = response.json() as {
      openapi: string
      info: { title: string }
      paths: Record<
        string,
        Record<
          string,
          {
            tags?: string[]
            parameters?: { name: string; in: string }[]
            requestBody?: { content: Record<string, unknown> }
            responses: Record<string, { content?: Record<string, { schema: unknown }> }>
          }
        >
      >
    }
    expect(document.openapi).toBe('3.1.0')
    expect(document.info.title).toBe('Pinion oracle API')
    const { paths } = document
    // Ingest: protobuf in, the verdict's schema out.
    expect(paths['/v1/reports']?.post?.tags).toEqual(['ingest'])
    expect(Object.keys(paths['/v1/reports']!.post!.requestBody!.content)).toEqual(['application/x-protobuf'])
    expect(paths['/v1/reports']!.post!.responses['200']!.content!['application/json']!.schema).toMatchObject({
      properties: { status: { enum: ['accepted', 'duplicate'] }, reportId: { pattern: '^0x[0-9a-fA-F]*$' } },
    })
    expect(paths['/v1/reports/batch']?.post?.responses['200']).toBeDefined()
    // Read routes: parameters and response schemas, the rejection counts among them.
    const rejections = paths['/v1/devices/{deviceId}/rejections']?.get
    expect(rejections?.tags).toEqual(['read'])
    expect(rejections?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['path:deviceId', 'query:epoch', 'query:limit'])
    expect(rejections?.responses['200']?.content?.['application/json']?.schema).toMatchObject({ properties: { deviceId: {}, epochs: { type: 'array' } } })
    for (const path of [
      '/v1/status',
      '/v1/epochs',
      '/v1/epochs/{epoch}',
      '/v1/devices',
      '/v1/devices/{deviceId}',
      '/v1/devices/{deviceId}/epochs/{epoch}',
      '/v1/recipients/{address}',
    ]) {
      expect(paths[path]?.get?.responses['200']?.content?.['application/json']?.schema, path).toBeDefined()
    }
    expect(paths['/v1/epochs/{epoch}/manifest']?.get?.tags).toEqual(['oracle to oracle'])
    expect(paths['/v1/reports/by-id']?.post?.tags).toEqual(['oracle to oracle'])
    // Neither the metrics nor the reference itself are API routes.
    expect(paths['/metrics']).toBeUndefined()
    expect(Object.keys(paths).filter((p) => p.startsWith('/docs'))).toEqual([])
  })
})
