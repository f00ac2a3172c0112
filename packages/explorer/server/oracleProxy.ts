import type { FastifyInstance } from 'fastify'
import { ExplorerError } from './errors.ts'

const UPSTREAM_TIMEOUT_MS = 15_000

/**
 * `GET /api/v1/…` → the oracle's read API, same path and query: the browser stays on one origin
 * (no CORS), and the oracle's answers, errors included, come back unchanged. Only the read API
 * under /v1 is forwarded, and only GET: the explorer never submits reports.
 */
export function registerOracleProxy(app: FastifyInstance, oracleUrl: string): void {
  const base = oracleUrl.replace(/\/$/, '')
  app.get('/api/v1/*', async (request, reply) => {
    const path = request.url.slice('/api'.length)
    const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) }).catch((cause: unknown) => {
      throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the oracle API at ${base} did not answer ${path}`, { cause })
    })
    const body = Buffer.from(await response.arrayBuffer())
    return reply
      .status(response.status)
      .header('content-type', response.headers.get('content-type') ?? 'application/json')
      .header('cache-control', 'no-store')
      .send(body)
  })
}
