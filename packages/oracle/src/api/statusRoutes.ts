import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal } from './context.ts'
import { statsResponse, statusResponse } from './responseSchemas.ts'
import { limitSchema, querySchema } from './schemas.ts'

export function registerStatusRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context
  const count = async (sql: string) => Number((await db.query<{ n: unknown }>(sql)).rows[0]?.n ?? 0)
  const max = async (sql: string) => {
    const value = (await db.query<{ v: unknown }>(sql)).rows[0]?.v
    return value === null || value === undefined ? null : decimal(value)
  }

  app.get('/v1/status', { schema: { response: { 200: statusResponse } } }, async () => ({
    oracle: context.oracle,
    ...context.network,
    devices: await count('select count(*) as n from devices'),
    activeDevices: await count('select count(*) as n from devices where not retired and not suspended'),
    reports: await count('select count(*) as n from reports'),
    latestEpoch: await max('select max(epoch) as v from epochs'),
    latestCommittedEpoch: await max('select max(epoch) as v from epochs where committed_tx is not null'),
    processedBlock: await max(`select value as v from pinion_meta where key = 'follower.registry.processedBlock'`),
  }))

  // Per-epoch network figures for charts: emission, pools, reports, devices paid.
  const stats = { querystring: querySchema({ limit: limitSchema(100, 1000) }), response: { 200: statsResponse } }
  app.get<{ Querystring: { limit: number } }>('/v1/stats', { schema: stats }, async (request) => {
    const { limit } = request.query
    const { rows } = await db.query(
      `select e.epoch, e.emission, e.total_cumulative, e.report_count, e.valid_count, e.device_count, e.committed_tx,
              (select count(distinct device_id) from shares s where s.epoch = e.epoch and s.amount > 0) as paid_devices
         from epochs e order by e.epoch desc limit $1`,
      [limit],
    )
    const pools = await db.query('select epoch, pool, allocation, paid from pool_allocations where epoch >= $1', [rows.length ? decimal(rows.at(-1)!.epoch) : '0'])
    return {
      epochs: rows.reverse().map((row) => ({
        epoch: decimal(row.epoch),
        emission: decimal(row.emission),
        totalCumulative: decimal(row.total_cumulative),
        reports: Number(row.report_count),
        validReports: Number(row.valid_count),
        devices: Number(row.device_count),
        paidDevices: Number(row.paid_devices),
        committed: Boolean(row.committed_tx),
        pools: Object.fromEntries(pools.rows.filter((p) => decimal(p.epoch) === decimal(row.epoch)).map((p) => [p.pool, decimal(p.allocation)])),
      })),
    }
  })
}
