import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from './createLogger.ts'
import { returnRequestIds, requestIdFrom, serverLogOptions } from './requestLogging.ts'
import { capturedStream } from '@pinion/testkit/capturedStream'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

function server(level: 'info' | 'debug') {
  const out = capturedStream()
  const app = Fastify(serverLogOptions(createLogger({ destination: out, level })))
  apps.push(app)
  returnRequestIds(app)
  // As Pinion's error plugins do (Fastify's own handler stays quiet with request logging off).
  app.setErrorHandler((error, request, reply) => {
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ code: 'PINION_ERR_INTERNAL' })
  })
  app.get('/ok', async () => ({ ok: true }))
  app.get('/boom', async () => {
    throw new Error('store write failed', { cause: new Error('disk full') })
  })
  return { app, out }
}

describe('requestIdFrom', () => {
  it('keeps a sane incoming id and replaces anything else', () => {
    expect(requestIdFrom({ 'x-request-id': 'edge-7f3a:42' })).toBe('edge-7f3a:42')
    for (const bad of ['', 'a'.repeat(129), 'two words', 'line\nbreak', 'é']) expect(requestIdFrom({ 'x-request-id': bad })).toMatch(/^[0-9a-f-]{36}$/)
    expect(requestIdFrom({})).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('Pinion servers log requests', () => {
  it('round-trips the request id and logs completed requests at debug only', async () => {
    const { app, out } = server('info')
    const answer = await app.inject({ url: '/ok', headers: { 'x-request-id': 'client-1' } })
    expect(answer.headers['x-request-id']).toBe('client-1')
    const fresh = await app.inject({ url: '/ok' })
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(out.text()).toBe('')

    const verbose = server('debug')
    await verbose.app.inject({ url: '/ok', headers: { 'x-request-id': 'client-2' } })
    expect(verbose.out.records()).toMatchObject([{ level: 20, msg: 'request completed', reqId: 'client-2', method: 'GET', url: '/ok', status: 200 }])
  })

  it('logs a 500 at error with the request id, the stack and the cause', async () => {
    const { app, out } = server('info')
    const answer = await app.inject({ url: '/boom', headers: { 'x-request-id': 'client-3' } })
    expect(answer.statusCode).toBe(500)
    expect(answer.headers['x-request-id']).toBe('client-3')
    const [record] = out.records() as { level: number; reqId: string; err: { message: string; stack: string; cause: { message: string; stack: string } } }[]
    expect(record).toMatchObject({ level: 50, reqId: 'client-3', err: { message: 'store write failed', cause: { message: 'disk full' } } })
    expect(record!.err.stack).toContain('requestLogging.test.ts')
    expect(record!.err.cause.stack).toContain('Error: disk full')
  })
})
