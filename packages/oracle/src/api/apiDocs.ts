import { createRequire } from 'node:module'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** Where the HTML reference is served; its OpenAPI document is at `${DOCS_PREFIX}/json` (and /yaml). */
const DOCS_PREFIX = '/docs'

/** The oracle package's version: the API reference's. */
// Found by package name, as sources (src/api/) and the build (dist/src/api/) sit at different depths.
const VERSION = (createRequire(import.meta.url)('@pinion/oracle/package.json') as { version: string }).version

/** The ingest routes take protobuf bodies, which no JSON Schema on the route describes (Fastify would validate it). */
const PROTOBUF_BODIES: Readonly<Record<string, string>> = {
  '/v1/reports': 'One SignedReport (pinion.v1, protocol/proto), encoded canonically.',
  '/v1/reports/batch': 'One ReportBatch: SignedReports, each byte for byte as signed (at most 1,000 by default).',
}

/** Which part of the oracle a route belongs to, by its path. */
function tagOf(url: string): string {
  if (url === '/v1/reports/by-id' || /^\/v1\/epochs\/:epoch\/(manifest|manifests|proposal|signature|inputs)/.test(url)) return 'oracle to oracle'
  if (url.startsWith('/v1/reports')) return 'ingest'
  return 'read'
}

/**
 * The oracle's HTTP API reference, generated from the routes' own schemas (params, query strings,
 * response schemas: the ones Fastify validates and serialises with) by @fastify/swagger, as OpenAPI
 * 3.1 (its JSON Schemas use `type: [..., 'null']`, which 3.0 lacks), and shown by @fastify/swagger-ui
 * from the assets its package ships (nothing is fetched from elsewhere). Register it before the
 * routes: it collects them as they are added. GET /docs serves the HTML, /docs/json the document.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pinion oracle API',
        version: VERSION,
        description:
          'Ingest of signed device reports (protobuf), the read API the explorer and claimants use (JSON), and what oracles fetch from one another. Every error answers `{ code, message }` with a stable code (ERRORS.md). Amounts, epochs, blocks and ms timestamps are decimal strings. Prometheus metrics are at /metrics.',
      },
      tags: [
        { name: 'ingest', description: 'Signed device reports in (protobuf); verdicts out.' },
        { name: 'read', description: 'What the explorer, operators and claimants read.' },
        { name: 'oracle to oracle', description: 'Manifests, proposals, root signatures and epoch inputs the oracles exchange.' },
      ],
    },
    transform: ({ schema, url, route }) => {
      const tagged = { ...(schema ?? {}), tags: [tagOf(url)] }
      const method = [route.method].flat()[0]
      return { schema: method === undefined ? tagged : { summary: `${method} ${url}`, ...tagged }, url }
    },
    transformObject: (document) => {
      const openapi = (document as { openapiObject?: { paths?: Record<string, Record<string, Record<string, unknown>>> } }).openapiObject
      for (const [path, description] of Object.entries(PROTOBUF_BODIES)) {
        const post = openapi?.paths?.[path]?.post
        if (post === undefined) continue
        post.requestBody = {
          required: true,
          description,
          content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } } },
        }
      }
      return openapi ?? {}
    },
  })
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX })
}
