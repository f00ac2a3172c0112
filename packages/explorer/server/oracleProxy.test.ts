import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Upstream, startFakeOracle } from './fakeUpstreams.ts'
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

  it('answers 502 with a stable code when the oracle does not answer', async () => {
    const response = await proxyTo('http://127.0.0.1:9').inject('/api/v1/status')
    expect(response.statusCode).toBe(502)
    expect(response.json()).toMatchObject({ code: 'PINION_ERR_UPSTREAM_UNAVAILABLE' })
  })
})
