import type { FastifyInstance } from 'fastify'
import { OracleError } from '../errors.ts'
import type { DeviceEpochRow } from './apiTypes.ts'
import { type ApiContext, decimal, parseDeviceId } from './context.ts'
import { deviceEpochsResponse } from './responseSchemas.ts'
import { deviceIdSchema, limitSchema, paramsSchema, querySchema } from './schemas.ts'

export function registerDeviceHistoryRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // A device's latest computed epochs, one row each (epochs it was silent in included): how many
  // reports were valid, why the others were not, and what each pool paid it. The per-epoch detail
  // with multipliers is /v1/devices/:id/epochs/:n.
  const schema = { params: paramsSchema({ deviceId: deviceIdSchema }), querystring: querySchema({ limit: limitSchema(50, 500) }), response: { 200: deviceEpochsResponse } }
  app.get<{ Params: { deviceId: string }; Querystring: { limit: number } }>('/v1/devices/:deviceId/epochs', { schema }, async (request) => {
    const deviceId = parseDeviceId(request.params.deviceId)
    const { limit } = request.query
    const known = await db.query('select 1 from devices where device_id = $1', [deviceId])
    if (known.rows.length === 0) throw new OracleError('PINION_ERR_DEVICE_NOT_FOUND', `no device ${deviceId} is registered`)
    const epochs = await db.query<{ epoch: unknown }>('select epoch from epochs order by epoch desc limit $1', [limit])
    const oldest = epochs.rows.at(-1)
    if (oldest === undefined) return { deviceId, epochs: [] }
    const from = decimal(oldest.epoch)
    const [verdicts, shares] = await Promise.all([
      db.query<{ epoch: unknown; valid: boolean; reason: string | null; n: unknown }>(
        `select epoch, valid, reason, count(*) as n from verdicts
          where device_id = $1 and epoch >= $2 group by epoch, valid, reason`,
        [deviceId, from],
      ),
      db.query<{ epoch: unknown; pool: string; amount: unknown }>('select epoch, pool, amount from shares where device_id = $1 and epoch >= $2', [deviceId, from]),
    ])
    const history = new Map<string, DeviceEpochRow>(
      epochs.rows.reverse().map((row) => {
        const epoch = decimal(row.epoch)
        return [epoch, { epoch, validReports: 0, invalidReports: 0, invalidReasons: [], pools: {}, amount: '0' }]
      }),
    )
    for (const v of verdicts.rows) {
      const entry = history.get(decimal(v.epoch))
      if (entry === undefined) continue
      const count = Number(v.n)
      if (v.valid) {
        entry.validReports += count
      } else {
        entry.invalidReports += count
        const reason = v.reason ?? 'UNKNOWN'
        entry.invalidReasons.push({ reason, reasonText: context.reasons[reason] ?? reason, count })
      }
    }
    for (const s of shares.rows) {
      const entry = history.get(decimal(s.epoch))
      if (entry === undefined) continue
      entry.pools[s.pool] = decimal(s.amount)
      entry.amount = (BigInt(entry.amount) + BigInt(decimal(s.amount))).toString()
    }
    for (const entry of history.values()) entry.invalidReasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    return { deviceId, epochs: [...history.values()] }
  })
}
