import { request } from 'node:http'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Upstream, startFakeOracle } from '@pinion/testkit/explorer/fakeUpstreams'
import { registerOracleProxy } from './oracleProxy.ts'

describe('the oracle proxy', () => {
  let oracle: Upstream
  beforeAll(async () => {
    oracle = await startFakeOracle()
  })
  afterAll(() => oracle.close())

  const proxyTo = (url: string) => {
    const app = Fastify()
    app.setErrorHandler((error: Error & { code?: string; status?: number }, _, reply) => reply.status(error.status ?? 500).send({ code: error.code, message: error.message }))
    registerOracleProxy(app, url)
    return app
  }

  it('forwards GET /api/v1/… with its query to the oracle', async () => {
    const response = await proxyTo(oracle.url).inject('/api/v1/epochs?limit=2')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ epochs: [], query: { limit: '2' } })
    expect(oracle.requests).toContain('/v1/epochs?limit=2')
  })

  it("passes the oracle's errors through with their status and code", async () => {
    const response = await proxyTo(oracle.url).inject('/api/v1/devices/x')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'PINION_ERR_BAD_DEVICE_ID' })
  })

  it('forwards nothing outside the read API', async () => {
    expect((await proxyTo(oracle.url).inject('/api/v2/anything')).statusCode).toBe(404)
    expect((await proxyTo(oracle.url).inject({ method: 'POST', url: '/api/v1/reports' })).statusCode).toBe(404)
  })

  it('refuses paths with dot segments or encoded slashes, raw or percent-encoded, and forwards none of them', async () => {
    // Through a real socket: inject() would resolve the dot segments before the server saw them.
    const app = proxyTo(oracle.url)
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    const before = oracle.requests.length
    const paths = [
      '/api/v1/../../x',
      '/api/v1/../status',
      '/api/v1/./status',
      '/api/v1/devices/..',
      '/api/v1/%2e%2e/%2e%2e/x',
      '/api/v1/%2E%2e/x',
      '/api/v1/.%2e/x',
      '/api/v1/%2e./x',
      '/api/v1/%2e/status',
      '/api/v1/..%2f..%2fx',
      '/api/v1/devices%2F..%2Fx',
      '/api/v1/..%5c..%5cx',
      '/api/v1/..\\..\\x',
      '/api/v1/devices\\x',
    ]
    for (const path of paths) {
      expect({ path, ...(await rawGet(url, path)) }).toEqual({ path, status: 400, body: { code: 'PINION_ERR_BAD_PATH', message: expect.any(String) } })
    }
    expect(oracle.requests.slice(before)).toEqual([])
    // Dots inside a segment or in the query are plain text, forwarded as they are.
    expect((await rawGet(url, '/api/v1/epochs?limit=2&x=../..')).status).toBe(200)
    expect(oracle.requests.at(-1)).toBe('/v1/epochs?limit=2&x=../..')
    expect((await rawGet(url, '/api/v1/devices/a..b')).status).toBe(400)
    expect(oracle.requests.at(-1)).toBe('/v1/devices/a..b')
    await app.close()
  })

  it('answers 502 with a stable code when the oracle does not answer', async () => {
    const response = await proxyTo('http://127.0.0.1:9').inject('/api/v1/status')
    expect(response.statusCode).toBe(502)
    expect(response.json()).toMatchObject({ code: 'PINION_ERR_UPSTREAM_UNAVAILABLE' })
  })
})

/** GET `path` exactly as written (no URL normalisation on the way): status and JSON body. */
function rawGet(base: string, path: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path, method: 'GET' }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }))
    })
      .on('error', reject)
      .end()
  })
}
