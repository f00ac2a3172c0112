import { PinionError, encodeReportBody, encodeSignedReport } from '@pinion/protocol'
import Fastify, { type InjectOptions, errorCodes } from 'fastify'
import { createLogger, returnRequestIds, serverLogOptions } from '@pinion/contracts/log'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODES, OracleError } from '../errors.ts'
import { createIngest } from '../ingest/createIngest.ts'
import { capturedStream } from '@pinion/testkit/capturedStream'
import { rawExchange } from '@pinion/testkit/rawExchange'
import { type TestDb, openTestDb } from '@pinion/testkit/db'
import { clientErrorHandler, errorHandler, errorResponse, pinionServerOptions, useErrorHandling } from './errorPlugin.ts'
import { TreeCache } from './proofs.ts'
import { registerApi } from './registerApi.ts'

/** The status and JSON body of a raw HTTP answer. */
function parseAnswer(answer: string): { status: number; body: unknown } {
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) }
}

describe('errorResponse', () => {
  it('answers each kind of error with a stable code and that code’s status', () => {
    const validation = Object.assign(new Error('body/x must be string'), {
      code: 'FST_ERR_VALIDATION',
      statusCode: 400,
      validationContext: 'body',
      validation: [{ instancePath: '/x', params: {} }],
    })
    const cases: [string, unknown, number, string][] = [
      ['an OracleError', new OracleError('PINION_ERR_RATE_LIMITED', 'slow down'), 429, 'PINION_ERR_RATE_LIMITED'],
      ['a PinionError with an oracle code', new PinionError('PINION_ERR_BAD_EPOCH', 'epoch "x"'), 400, 'PINION_ERR_BAD_EPOCH'],
      ['a PinionError of another package', new PinionError('PINION_ERR_MATH', 'overflow'), 500, 'PINION_ERR_INTERNAL'],
      ['an Error', new Error('secret detail'), 500, 'PINION_ERR_INTERNAL'],
      ['a thrown string', 'oops', 500, 'PINION_ERR_INTERNAL'],
      ['null', null, 500, 'PINION_ERR_INTERNAL'],
      ['a non-Fastify error with a 4xx statusCode', Object.assign(new Error('x'), { statusCode: 418, code: 'ETEAPOT' }), 500, 'PINION_ERR_INTERNAL'],
      ['a body too large', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 413, 'PINION_ERR_BODY_TOO_LARGE'],
      ['a media type', new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), 415, 'PINION_ERR_UNSUPPORTED_MEDIA_TYPE'],
      ['a content length', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), 400, 'PINION_ERR_BAD_REQUEST'],
      ['an empty JSON body', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), 400, 'PINION_ERR_MALFORMED_BODY'],
      ['bad JSON', new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), 400, 'PINION_ERR_MALFORMED_BODY'],
      ['a bad URL', new errorCodes.FST_ERR_BAD_URL('/%zz'), 400, 'PINION_ERR_BAD_REQUEST'],
      ['a long parameter', new errorCodes.FST_ERR_MAX_PARAM_LENGTH('/x'), 414, 'PINION_ERR_URI_TOO_LONG'],
      ['not found', new errorCodes.FST_ERR_NOT_FOUND(), 404, 'PINION_ERR_NOT_FOUND'],
      ['an async constraint', new errorCodes.FST_ERR_ASYNC_CONSTRAINT(), 500, 'PINION_ERR_INTERNAL'],
      ['another Fastify 4xx', new errorCodes.FST_ERR_INVALID_URL(5), 400, 'PINION_ERR_BAD_REQUEST'],
      ['a body schema failure', validation, 400, 'PINION_ERR_MALFORMED_BODY'],
    ]
    for (const [name, error, status, code] of cases) {
      const answer = errorResponse(error)
      expect({ name, status: answer.status, code: answer.body.code }).toEqual({ name, status, code })
      expect(ERROR_CODES[answer.body.code].status).toBe(answer.status)
    }
    expect(errorResponse(new Error('secret detail')).body.message).not.toContain('secret')
  })
})

describe('errorHandler', () => {
  it('logs a 500 with the request id, its stack and cause, tells the service, and answers without the detail', async () => {
    const stream = capturedStream()
    const told: unknown[] = []
    // The servers' own logging: the production logger factory, as startOracle wires it.
    const app = Fastify({ ...serverLogOptions(createLogger({ destination: stream, pretty: false })), ...pinionServerOptions })
    returnRequestIds(app)
    app.setErrorHandler(errorHandler({ onInternalError: (error) => told.push(error) }))
    const failure = new Error('the disk is on fire', { cause: Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }) })
    app.get('/boom', async () => {
      throw failure
    })
    const response = await app.inject({ url: '/boom', headers: { 'x-request-id': 'req-boom-1' } })
    expect([response.statusCode, response.json()]).toEqual([500, { code: 'PINION_ERR_INTERNAL', message: 'internal error; nothing was acknowledged' }])
    expect(response.headers['x-request-id']).toBe('req-boom-1')
    expect(told).toEqual([failure])
    expect(stream.records()).toHaveLength(1)
    const logged = stream.records()[0] as {
      level: number
      msg: string
      reqId: string
      err: { message: string; stack: string; cause: { message: string; code: string; stack: string } }
    }
    expect(logged).toMatchObject({
      level: 50,
      msg: 'request failed',
      reqId: 'req-boom-1',
      err: { message: 'the disk is on fire', cause: { message: 'no space left on device', code: 'ENOSPC' } },
    })
    expect(logged.err.stack).toContain('errorPlugin.db.test.ts')
    expect(logged.err.cause.stack).toContain('Error: no space left on device')
    await app.close()
  })

  it('logs nothing above debug for a 4xx', async () => {
    const stream = capturedStream()
    const app = Fastify({ ...serverLogOptions(createLogger({ destination: stream, pretty: false })), ...pinionServerOptions })
    returnRequestIds(app)
    useErrorHandling(app)
    app.get('/bad', async () => {
      throw new OracleError('PINION_ERR_RATE_LIMITED', 'slow down')
    })
    expect((await app.inject('/bad')).statusCode).toBe(429)
    expect((await app.inject('/nowhere')).statusCode).toBe(404)
    expect(stream.text()).toBe('')
    await app.close()
  })
})

describe('connection errors', () => {
  let port: number
  const app = Fastify(pinionServerOptions)
  beforeAll(async () => {
    useErrorHandling(app)
    await app.listen({ host: '127.0.0.1', port: 0 })
    port = (app.server.address() as { port: number }).port
  })
  afterAll(() => app.close())

  it('answers headers over the limit with 431 PINION_ERR_HEADERS_TOO_LARGE', async () => {
    const answer = await rawExchange(port, `GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(parseAnswer(answer)).toEqual({ status: 431, body: { code: 'PINION_ERR_HEADERS_TOO_LARGE', message: expect.any(String) } })
  })

  it('answers bytes that are not HTTP with 400 PINION_ERR_BAD_REQUEST', async () => {
    const answer = await rawExchange(port, 'HELLO THERE\r\n\r\n')
    expect(parseAnswer(answer)).toEqual({ status: 400, body: { code: 'PINION_ERR_BAD_REQUEST', message: expect.stringContaining('not valid HTTP') } })
  })

  it('answers a request that did not arrive in time with 408 PINION_ERR_REQUEST_TIMEOUT', () => {
    // Node raises this after its headers timeout (60 s): the handler is called as Node would.
    const written: string[] = []
    const socket = { destroyed: false, writable: true, write: (text: string) => written.push(text), destroy: () => undefined }
    clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket as never)
    expect(parseAnswer(written.join(''))).toEqual({ status: 408, body: { code: 'PINION_ERR_REQUEST_TIMEOUT', message: expect.any(String) } })
  })
})

describe('an oracle server, composed as startOracle composes it', () => {
  let test: TestDb
  const app = Fastify(pinionServerOptions)
  beforeAll(async () => {
    test = await openTestDb()
    const verifier = { verify: async (items: readonly unknown[]) => new Uint8Array(items.length), close: async () => {} }
    const ingest = await createIngest({ db: test.db, networkId: `0x${'00'.repeat(32)}`, clock: Date.now, verifier, limits: { perIp: false } })
    useErrorHandling(app)
    await app.register(ingest.plugin)
    await app.register(async (api) =>
      registerApi(api, {
        db: test.db,
        trees: new TreeCache(test.db),
        oracle: `0x${'00'.repeat(20)}`,
        reasons: {},
        windowOf: () => ({ startMs: 0n, endMs: 1n }),
        isSealed: () => false,
        network: {},
      }),
    )
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    await test.cleanup()
  })

  it('answers ingest, read API and unknown routes in one format', async () => {
    const cases: [string, InjectOptions, number, string][] = [
      [
        'ingest: JSON instead of protobuf',
        { method: 'POST', url: '/v1/reports', headers: { 'content-type': 'application/json' }, payload: '{}' },
        415,
        'PINION_ERR_UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'ingest: garbage',
        { method: 'POST', url: '/v1/reports', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from([0xff]) },
        400,
        'PINION_ERR_MALFORMED_REPORT',
      ],
      ['ingest: GET', { method: 'GET', url: '/v1/reports' }, 404, 'PINION_ERR_NOT_FOUND'],
      ['API: a bad epoch', { method: 'GET', url: '/v1/epochs/9223372036854775808' }, 400, 'PINION_ERR_BAD_EPOCH'],
      ['API: a bad limit', { method: 'GET', url: '/v1/epochs?limit=0.5' }, 400, 'PINION_ERR_BAD_QUERY'],
      ['unknown', { method: 'GET', url: '/metrics' }, 404, 'PINION_ERR_NOT_FOUND'],
      ['too long', { method: 'GET', url: `/v1/epochs/${'1'.repeat(101)}` }, 414, 'PINION_ERR_URI_TOO_LONG'],
    ]
    for (const [name, request, status, code] of cases) {
      const response = await app.inject(request)
      expect({ name, status: response.statusCode, body: response.json() }).toEqual({ name, status, body: { code, message: expect.any(String) } })
    }
  })

  it('serves ingest with the server’s own handler, so a 5xx of ingest reaches the service log like any other route’s', async () => {
    const internal: unknown[] = []
    const server = Fastify(pinionServerOptions)
    useErrorHandling(server, { onInternalError: (error) => internal.push(error) })
    // The store fails once ingest is up: every report answers 503 PINION_ERR_UNAVAILABLE.
    let storeDown = false
    const db = new Proxy(test.db, {
      get(target, key) {
        if (storeDown && (key === 'query' || key === 'transaction')) return async () => Promise.reject(new Error('connection terminated'))
        const value = Reflect.get(target, key)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const verifier = { verify: async (items: readonly unknown[]) => new Uint8Array(items.length), close: async () => {} }
    const ingest = await createIngest({ db, networkId: `0x${'00'.repeat(32)}`, clock: Date.now, verifier, limits: { perIp: false } })
    await server.register(ingest.plugin)
    await server.ready()
    storeDown = true
    const signed = encodeSignedReport(
      encodeReportBody(`0x${'01'.repeat(32)}`, {
        networkId: `0x${'00'.repeat(32)}`,
        sequence: 1n,
        timestampMs: BigInt(Date.now()),
        kind: 'uptime',
        payloadType: 'heartbeat',
        payload: new Uint8Array(),
      }),
      new Uint8Array(64),
    )
    const response = await server.inject({ method: 'POST', url: '/v1/reports', headers: { 'content-type': 'application/x-protobuf' }, payload: Buffer.from(signed) })
    storeDown = false
    await server.close()
    expect([response.statusCode, response.json().code]).toEqual([503, 'PINION_ERR_UNAVAILABLE'])
    expect(internal).toHaveLength(1)
  })
})
