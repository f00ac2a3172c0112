import type { FastifyInstance } from 'fastify'
import { ERROR_CODES, OracleError, isOracleErrorCode } from '../errors.ts'
import { UNREGISTERED_DEVICES, rejectionCountsOf, rejectionTotalsOf } from '../store/rejections.ts'
import type { DeviceRejectionEpoch } from './apiTypes.ts'
import { type ApiContext, parseDeviceId, parseEpoch } from './context.ts'
import { deviceRejectionsResponse, epochRejectionsResponse } from './responseSchemas.ts'
import { deviceIdSchema, epochSchema, limitSchema, paramsSchema, querySchema } from './schemas.ts'

/** What each reason ingest refuses a report for means, in a few words a device page can show. */
const INGEST_REJECTION_WORDS: Readonly<Record<string, string>> = {
  PINION_ERR_BAD_SIGNATURE: "forged: the signature does not verify under the device's key",
  PINION_ERR_REPLAYED_SEQUENCE: 'replayed: a sequence at or below the last accepted one',
  PINION_ERR_EQUIVOCATION: 'equivocation: another body signed under a sequence already used',
  PINION_ERR_WRONG_NETWORK: 'signed for another network',
  PINION_ERR_STALE_TIMESTAMP: 'stale: timestamped before the acceptance window, or in a sealed epoch',
  PINION_ERR_FUTURE_TIMESTAMP: "timestamped in the future: the device's clock runs ahead",
  PINION_ERR_UNKNOWN_DEVICE: 'names no registered device',
  PINION_ERR_INACTIVE_DEVICE: 'the device is suspended or retired',
  PINION_ERR_MALFORMED_REPORT: 'malformed: not a readable signed report',
  PINION_ERR_NON_CANONICAL_REPORT: 'not in canonical encoding',
  PINION_ERR_RATE_LIMITED: "over the device's report rate",
}

/** A reason code of ingest in words: its own, else the error table's description, else the code. */
function ingestRejectionWords(code: string): string {
  return INGEST_REJECTION_WORDS[code] ?? (isOracleErrorCode(code) ? ERROR_CODES[code].description : code)
}

/** Epochs a device's rejection history answers at most. */
const MAX_EPOCHS = 500

export function registerRejectionRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // What ingest refused that named the device: reports never stored, so never given a verdict
  // (forged, replayed, for another network, stale…), counted per epoch of receipt and reason.
  const deviceSchema = {
    params: paramsSchema({ deviceId: deviceIdSchema }),
    querystring: querySchema({ epoch: epochSchema, limit: limitSchema(50, MAX_EPOCHS) }),
    response: { 200: deviceRejectionsResponse },
  }
  app.get<{ Params: { deviceId: string }; Querystring: { epoch?: string; limit: number } }>('/v1/devices/:deviceId/rejections', { schema: deviceSchema }, async (request) => {
    const deviceId = parseDeviceId(request.params.deviceId)
    const epoch = request.query.epoch === undefined ? undefined : parseEpoch(request.query.epoch)
    const known = await db.query('select 1 from devices where device_id = $1', [deviceId])
    if (known.rows.length === 0) throw new OracleError('PINION_ERR_DEVICE_NOT_FOUND', `no device ${deviceId} is registered`)
    const counts = await rejectionCountsOf(db, deviceId, { epochs: request.query.limit, ...(epoch === undefined ? {} : { epoch }) })
    const epochs = new Map<string, DeviceRejectionEpoch>()
    for (const c of counts) {
      const key = c.epoch.toString()
      let entry = epochs.get(key)
      if (entry === undefined) {
        entry = { epoch: key, total: 0, reasons: [] }
        epochs.set(key, entry)
      }
      entry.total += c.count
      entry.reasons.push({ reason: c.reason, reasonText: ingestRejectionWords(c.reason), count: c.count })
    }
    for (const entry of epochs.values()) entry.reasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    return { deviceId, epochs: [...epochs.values()] }
  })

  const epochRouteSchema = { params: paramsSchema({ epoch: epochSchema }), response: { 200: epochRejectionsResponse } }
  app.get<{ Params: { epoch: string } }>('/v1/epochs/:epoch/rejections', { schema: epochRouteSchema }, async (request) => {
    const epoch = parseEpoch(request.params.epoch)
    const [totals, unregistered] = await Promise.all([rejectionTotalsOf(db, epoch), rejectionCountsOf(db, UNREGISTERED_DEVICES, { epoch, epochs: 1 })])
    const reasons = totals
      .map((t) => ({ reason: t.reason, reasonText: ingestRejectionWords(t.reason), count: t.count, devices: t.devices }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    return {
      epoch: epoch.toString(),
      total: reasons.reduce((sum, r) => sum + r.count, 0),
      unregistered: unregistered.reduce((sum, r) => sum + r.count, 0),
      reasons,
    }
  })
}
