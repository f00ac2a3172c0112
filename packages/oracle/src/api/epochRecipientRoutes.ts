import type { FastifyInstance } from 'fastify'
import { OracleError } from '../errors.ts'
import { type ApiContext, decimal, parseEpoch } from './context.ts'
import { epochRecipientsResponse } from './responseSchemas.ts'
import { type PageQuery, epochSchema, pageQuery, paramsSchema } from './schemas.ts'

export function registerEpochRecipientRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  // The leaves of an epoch's reward tree, largest first, with what each recipient gained in the
  // epoch: whom to pick when checking a proof against the root, and who earned most.
  const schema = { params: paramsSchema({ epoch: epochSchema }), querystring: pageQuery(100, 1000), response: { 200: epochRecipientsResponse } }
  app.get<{ Params: { epoch: string }; Querystring: PageQuery }>('/v1/epochs/:epoch/recipients', { schema }, async (request) => {
    const epoch = parseEpoch(request.params.epoch)
    const { limit, offset } = request.query
    const computed = await db.query('select 1 from epochs where epoch = $1', [epoch.toString()])
    if (computed.rows.length === 0) throw new OracleError('PINION_ERR_EPOCH_NOT_FOUND', `epoch ${epoch} has not been computed`)
    const [{ rows }, total] = await Promise.all([
      db.query(
        `select c.recipient, c.amount, coalesce(p.amount, 0) as previous
           from cumulative c left join cumulative p on p.recipient = c.recipient and p.epoch = $2
          where c.epoch = $1 and c.amount > 0
          order by c.amount desc, c.recipient limit $3 offset $4`,
        [epoch.toString(), (epoch - 1n).toString(), limit, offset],
      ),
      db.query<{ n: unknown }>('select count(*) as n from cumulative where epoch = $1 and amount > 0', [epoch.toString()]),
    ])
    return {
      epoch: epoch.toString(),
      total: Number(total.rows[0]?.n ?? 0),
      recipients: rows.map((row) => ({
        recipient: row.recipient,
        cumulativeAmount: decimal(row.amount),
        earnedInEpoch: (BigInt(decimal(row.amount)) - BigInt(decimal(row.previous))).toString(),
      })),
    }
  })
}
