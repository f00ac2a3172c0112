import type { FastifyInstance } from 'fastify'
import { quoted } from './errorPlugin.ts'
import { ExplorerError } from './errors.ts'

const UPSTREAM_TIMEOUT_MS = 15_000

/**
 * A segment the URL parser would resolve on the way out (`.`, `..`, or either written with `%2e`),
 * or a character it would read as a separator (`\`) or the oracle would decode into one (`%2f`,
 * `%5c`): `/api/v1/../../x` would otherwise reach the oracle's `/x`.
 */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i
const SEPARATOR = /\\|%2f|%5c/i

/** Whether the path (query aside) would reach the oracle as another path than it reads. */
function rewritesOnTheWay(path: string): boolean {
  const pathname = path.split('?', 1)[0] ?? ''
  return SEPARATOR.test(pathname) || pathname.split('/').some((segment) => DOT_SEGMENT.test(segment))
}

/**
 * `GET /api/v1/…` → the oracle's read API, same path and query: the browser stays on one origin
 * (no CORS), and the oracle's answers, errors included, come back unchanged. Only the read API
 * under /v1 is forwarded, and only GET: the explorer never submits reports. A path that would not
 * reach the oracle as written (rewritesOnTheWay) is refused with PINION_ERR_BAD_PATH.
 */
export function registerOracleProxy(app: FastifyInstance, oracleUrl: string): void {
  const base = oracleUrl.replace(/\/$/, '')
  app.get('/api/v1/*', async (request, reply) => {
    const path = request.url.slice('/api'.length)
    if (!path.startsWith('/v1/') || rewritesOnTheWay(path)) {
      throw new ExplorerError('PINION_ERR_BAD_PATH', `the path ${quoted(request.url)} has a dot segment, a backslash or an encoded slash; only plain paths are forwarded`)
    }
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
