import type { FastifyInstance } from 'fastify'
import { registerApiDocs } from '../api/apiDocs.ts'
import type { ApiContext } from '../api/context.ts'
import { registerApi } from '../api/registerApi.ts'
import type { Ingest } from '../ingest/createIngest.ts'
import { type OracleMetrics, registerMetricsRoute } from '../metrics/oracleMetrics.ts'

/**
 * Every route of an oracle's server, in the order they must be mounted: the API reference first
 * (it collects the routes registered after it), then ingest, /metrics and the read API. The server
 * is the caller's (created with pinionServerOptions and useErrorHandling).
 */
export async function mountOracleRoutes(app: FastifyInstance, parts: { ingest: Ingest; metrics: OracleMetrics; context: ApiContext }): Promise<void> {
  await registerApiDocs(app)
  await app.register(parts.ingest.plugin)
  registerMetricsRoute(app, parts.metrics)
  await app.register(async (api) => registerApi(api, parts.context))
}
