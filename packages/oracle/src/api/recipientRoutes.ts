import type { FastifyInstance } from 'fastify'
import { latestClaimableEpoch } from '../chain/rootFollower.ts'
import { type ApiContext, decimal, parseAddress, parseEpoch } from './context.ts'
import { recipientResponse } from './responseSchemas.ts'
import { addressSchema, epochSchema, paramsSchema, querySchema } from './schemas.ts'

export function registerRecipientRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db, trees } = context

  // A recipient's cumulative rewards, and the proof to claim them: against `?epoch=` (claimants pass
  // the epoch of a claimable root on chain), or against the newest claimable root. Only ever against
  // a root the chain committed and this oracle computed identically (committed_tx is set only when
  // they match): a proof for any other root would not verify, so none is served.
  const schema = { params: paramsSchema({ address: addressSchema }), querystring: querySchema({ epoch: epochSchema }), response: { 200: recipientResponse } }
  app.get<{ Params: { address: string }; Querystring: { epoch?: string } }>('/v1/recipients/:address', { schema }, async (request) => {
    const recipient = parseAddress(request.params.address)
    const requested = request.query.epoch === undefined ? undefined : parseEpoch(request.query.epoch)
    const claimable = await latestClaimableEpoch(db)
    const target = requested ?? claimable
    const [history, committed, devices, delegations] = await Promise.all([
      db.query('select epoch, amount from cumulative where recipient = $1 order by epoch', [recipient]),
      db.query('select 1 from epochs where epoch = $1 and committed_tx is not null', [(target ?? -1n).toString()]),
      db.query<{ device_id: string }>('select device_id from devices where coalesce(recipient, owner) = $1 order by device_id', [recipient]),
      db.query<{ epoch: string; operator: string; amount: string }>('select epoch, operator, amount from delegator_payments where delegator = $1 order by epoch, operator', [
        recipient,
      ]),
    ])
    const committedEpoch = target !== undefined && committed.rows.length > 0 ? target : undefined
    const claim = committedEpoch === undefined ? undefined : await trees.proofOf(committedEpoch, recipient)
    const latest = history.rows.at(-1)
    return {
      recipient,
      devices: devices.rows.map((d) => d.device_id),
      cumulative: history.rows.map((row) => ({ epoch: decimal(row.epoch), amount: decimal(row.amount) })),
      delegations: delegations.rows.map((row) => ({ epoch: decimal(row.epoch), operator: row.operator, amount: decimal(row.amount) })),
      latest: latest ? { epoch: decimal(latest.epoch), cumulativeAmount: decimal(latest.amount) } : null,
      claim: claim ? { epoch: String(committedEpoch), root: claim.root, cumulativeAmount: claim.cumulativeAmount.toString(), proof: claim.proof } : null,
    }
  })
}
