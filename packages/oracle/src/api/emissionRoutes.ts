import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal } from './context.ts'
import { emissionsResponse } from './responseSchemas.ts'
import { limitSchema, querySchema } from './schemas.ts'

export function registerEmissionRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // Per epoch: what it emitted, what all epochs so far emitted (the supply minted for rewards),
  // what recipients have earned in total, and how many devices had at least one valid report.
  const schema = { querystring: querySchema({ limit: limitSchema(100, 1000) }), response: { 200: emissionsResponse } }
  app.get<{ Querystring: { limit: number } }>('/v1/emissions', { schema }, async (request) => {
    const { limit } = request.query
    const { rows } = await db.query(
      `select epoch, emission, emitted, total_cumulative, committed_tx from (
          select epoch, emission, total_cumulative, committed_tx, sum(emission) over (order by epoch) as emitted from epochs
        ) e order by epoch desc limit $1`,
      [limit],
    )
    const oldest = rows.at(-1)
    const reporting = oldest
      ? await db.query<{ epoch: unknown; devices: unknown }>('select epoch, count(distinct device_id) as devices from verdicts where valid and epoch >= $1 group by epoch', [
          decimal(oldest.epoch),
        ])
      : { rows: [] }
    const reportingByEpoch = new Map(reporting.rows.map((r) => [decimal(r.epoch), Number(r.devices)]))
    return {
      epochs: rows.reverse().map((row) => ({
        epoch: decimal(row.epoch),
        emission: decimal(row.emission),
        emitted: decimal(row.emitted),
        totalCumulative: decimal(row.total_cumulative),
        reportingDevices: reportingByEpoch.get(decimal(row.epoch)) ?? 0,
        committed: Boolean(row.committed_tx),
      })),
    }
  })
}
