import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal } from './context.ts'
import { activityResponse } from './responseSchemas.ts'

export function registerActivityRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // What the network is doing right now, for live dashboards: devices that reported within the
  // last epoch's length. Read from the wall clock on purpose: this is a view, it decides no money.
  app.get('/v1/activity', { schema: { response: { 200: activityResponse } } }, async () => {
    const window = context.windowOf(0n)
    const windowMs = window.endMs - window.startMs
    const since = BigInt(Math.floor((context.now ?? Date.now)())) - windowMs
    const { rows } = await db.query<{ devices: unknown; reports: unknown; last: unknown }>(
      `select count(distinct device_id) as devices, count(*) as reports, max(timestamp_ms) as last
         from reports where timestamp_ms >= $1`,
      [since.toString()],
    )
    const row = rows[0]
    return {
      windowMs: windowMs.toString(),
      onlineDevices: Number(row?.devices ?? 0),
      recentReports: Number(row?.reports ?? 0),
      lastReportMs: row?.last === null || row?.last === undefined ? null : decimal(row.last),
    }
  })
}
