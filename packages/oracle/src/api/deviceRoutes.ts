import type { FastifyInstance } from 'fastify'
import { type ApiContext, decimal, parseDeviceId, parseEpoch } from './context.ts'
import { deviceDetailResponse, deviceEpochExplanationResponse, devicesResponse } from './responseSchemas.ts'
import { type PageQuery, deviceIdSchema, epochSchema, pageQuery, paramsSchema } from './schemas.ts'
import { OracleError } from '../errors.ts'

const deviceListSchemas = { querystring: pageQuery(100, 1000), response: { 200: devicesResponse } }
const deviceDetailSchemas = { params: paramsSchema({ deviceId: deviceIdSchema }), response: { 200: deviceDetailResponse } }
const deviceEpochSchemas = { params: paramsSchema({ deviceId: deviceIdSchema, epoch: epochSchema }), response: { 200: deviceEpochExplanationResponse } }

/**
 * The kinds of the reports stored from device `d`, sorted, as a text[] column: what the device does,
 * as its own reports say (the registry knows no kinds). Reads the device's rows of the reports
 * primary key, (device_id, sequence).
 */
const DEVICE_KINDS = 'array(select distinct r.kind from reports r where r.device_id = d.device_id order by r.kind)'

function deviceJson(row: Record<string, unknown>) {
  return {
    deviceId: row.device_id,
    owner: row.owner,
    recipient: row.recipient ?? row.owner,
    recipientIsOwner: row.recipient === null,
    deviceClass: Number(row.device_class),
    keyType: row.key_type,
    publicKey: row.public_key,
    maker: row.maker,
    serial: row.serial,
    location: row.location ?? null,
    status: row.retired ? 'retired' : row.suspended ? 'suspended' : 'active',
    registeredBlock: decimal(row.registered_block),
    registeredTimeMs: decimal(row.registered_time_ms),
    kinds: row.kinds,
  }
}

export function registerDeviceRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  app.get<{ Querystring: PageQuery }>('/v1/devices', { schema: deviceListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const [{ rows }, total] = await Promise.all([
      db.query(
        `select d.*, coalesce(e.earned, 0) as earned, ${DEVICE_KINDS} as kinds from devices d
           left join (select device_id, sum(amount) as earned from shares group by device_id) e on e.device_id = d.device_id
          order by d.registered_block, d.device_id limit $1 offset $2`,
        [limit, offset],
      ),
      db.query<{ n: unknown }>('select count(*) as n from devices'),
    ])
    return { total: Number(total.rows[0]?.n ?? 0), devices: rows.map((row) => ({ ...deviceJson(row), earned: decimal(row.earned) })) }
  })

  app.get<{ Params: { deviceId: string } }>('/v1/devices/:deviceId', { schema: deviceDetailSchemas }, async (request) => {
    const deviceId = parseDeviceId(request.params.deviceId)
    const { rows } = await db.query(`select d.*, ${DEVICE_KINDS} as kinds from devices d where d.device_id = $1`, [deviceId])
    if (rows[0] === undefined) throw new OracleError('PINION_ERR_DEVICE_NOT_FOUND', `no device ${deviceId} is registered`)
    const [locations, earnings] = await Promise.all([
      db.query(
        // Since the device's latest registration: a key released and registered again starts afresh.
        `select args, block_number, block_time_ms from registry_events
          where device_id = $1 and event = 'LocationAsserted'
            and (block_number, log_index) > (select block_number, log_index from registry_events
                                              where device_id = $1 and event = 'DeviceRegistered'
                                              order by block_number desc, log_index desc limit 1)
          order by block_number, log_index`,
        [deviceId],
      ),
      db.query(`select epoch, sum(amount) as amount from shares where device_id = $1 group by epoch order by epoch`, [deviceId]),
    ])
    return {
      ...deviceJson(rows[0]),
      locations: locations.rows.map((row) => {
        const args = (typeof row.args === 'string' ? JSON.parse(row.args) : row.args) as Record<string, unknown>
        return { ...args, block: decimal(row.block_number), timeMs: decimal(row.block_time_ms) }
      }),
      earnings: earnings.rows.map((row) => ({ epoch: decimal(row.epoch), amount: decimal(row.amount) })),
    }
  })

  // Why a device earned what it earned in an epoch: every report's verdict, every share with its
  // inputs and multipliers, and the amount.
  app.get<{ Params: { deviceId: string; epoch: string } }>('/v1/devices/:deviceId/epochs/:epoch', { schema: deviceEpochSchemas }, async (request) => {
    const deviceId = parseDeviceId(request.params.deviceId)
    const epoch = parseEpoch(request.params.epoch).toString()
    const computed = await db.query('select 1 from epochs where epoch = $1', [epoch])
    if (computed.rows.length === 0) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `epoch ${epoch} has not been computed`)
    const [verdicts, shares] = await Promise.all([
      db.query<{ report_id: string; sequence: unknown; valid: boolean; reason: string | null }>(
        'select report_id, sequence, valid, reason from verdicts where epoch = $1 and device_id = $2 order by sequence',
        [epoch, deviceId],
      ),
      db.query('select * from shares where epoch = $1 and device_id = $2 order by pool', [epoch, deviceId]),
    ])
    const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)
    const amount = shares.rows.reduce((sum, row) => sum + BigInt(decimal(row.amount)), 0n)
    return {
      deviceId,
      epoch,
      verdicts: verdicts.rows.map((v) => ({
        reportId: v.report_id,
        sequence: decimal(v.sequence),
        valid: v.valid,
        reason: v.reason,
        reasonText: v.reason === null ? null : (context.reasons[v.reason] ?? v.reason),
      })),
      shares: shares.rows.map((row) => ({
        pool: row.pool,
        recipient: row.recipient,
        base: decimal(row.base),
        weight: decimal(row.weight),
        multipliers: parse(row.multipliers),
        inputs: parse(row.inputs),
        amount: decimal(row.amount),
      })),
      amount: amount.toString(),
    }
  })
}
