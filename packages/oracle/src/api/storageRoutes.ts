import { ONE } from '@pinion/protocol'
import type { FastifyInstance } from 'fastify'
import { OracleError } from '../errors.ts'
import type { ApiContext } from './context.ts'
import { storageDealResponse, storageDealsResponse, storageProvidersResponse } from './responseSchemas.ts'
import { type PageQuery, dealIdSchema, pageQuery, paramsSchema } from './schemas.ts'
import { NOT_PROVEN } from './storageFaultReasons.ts'
import { dealJson, readStorageMarket } from './storageMarket.ts'
import { dealPeriods } from './storagePeriods.ts'
import { latestStorageCarried, storageProviders } from './storageProviders.ts'

const dealListSchemas = { querystring: pageQuery(100, 1000), response: { 200: storageDealsResponse } }
const dealSchemas = { params: paramsSchema({ dealId: dealIdSchema }), querystring: pageQuery(100, 1000), response: { 200: storageDealResponse } }
const providerListSchemas = { querystring: pageQuery(100, 1000), response: { 200: storageProvidersResponse } }

/**
 * PERIOD_NOT_PROVEN is the code a missed period's record stands for, not a reason any report gets,
 * so it is not among the network's reason words (reasonWords): its words are here, as reasons.ts
 * defines it.
 */
const NOT_PROVEN_WORDS = 'No proof of the period arrived: the provider sent none, so nothing proved it held the deal’s data.'

/** A deal id from the path: its schema checked the digits; this checks what JSON Schema cannot, that it fits a uint256. */
function parseDealId(value: string): bigint {
  const id = BigInt(value)
  if (id >= 2n ** 256n) throw new OracleError('PINION_ERR_BAD_DEAL_ID', `deal id "${value}" is not valid: expected ${dealIdSchema.description}`)
  return id
}

/** A fixed-point fraction (10^18 = 1) as a decimal, every digit kept and trailing zeros trimmed: "1", "0.998", "0". */
function fractionText(value: bigint): string {
  const whole = value / ONE
  const fraction = (value % ONE).toString().padStart(18, '0').replace(/0+$/, '')
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`
}

/**
 * The storage kind's read API, for the explorer's Storage pages: StorageMarket's deals and their
 * proving periods, and its providers. Served on every network; where the storage kind does not run,
 * no StorageMarket events are indexed, so the lists are empty and every deal is unknown.
 *
 * - GET /v1/kinds/storage/deals: a page of deals, in deal id order.
 * - GET /v1/kinds/storage/deals/:dealId: one deal, its termination, and a page of its periods,
 *   newest first, each with its outcome, a fault's reason and the market's record of it.
 * - GET /v1/kinds/storage/providers: a page of the devices deals were made with, in order of their
 *   first deal, with their deals, pay, fees, collateral and reputation.
 *
 * Each request folds the kind's indexed events afresh (foldStorageEvents), as the epoch pipeline
 * does; nothing is cached, so an answer is as fresh as the follower.
 */
export function registerStorageRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context

  app.get<{ Querystring: PageQuery }>('/v1/kinds/storage/deals', { schema: dealListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const { deals } = await readStorageMarket(db)
    return { total: deals.length, deals: deals.slice(offset, offset + limit).map(dealJson) }
  })

  app.get<{ Params: { dealId: string }; Querystring: PageQuery }>('/v1/kinds/storage/deals/:dealId', { schema: dealSchemas }, async (request) => {
    const dealId = parseDealId(request.params.dealId)
    const market = await readStorageMarket(db)
    const deal = market.deals.find((d) => d.dealId === dealId)
    if (deal === undefined) throw new OracleError('PINION_ERR_DEAL_NOT_FOUND', `no storage deal ${dealId} is among StorageMarket's events`)
    const { total, periods } = await dealPeriods(db, market, deal, request.query, context.challenges)
    const termination = market.terminations.get(dealId)
    return {
      ...dealJson(deal),
      termination: termination === undefined ? null : { epoch: termination.epoch.toString(), refunded: termination.refunded.toString(), slashed: termination.slashed.toString() },
      provingPeriodsTotal: total,
      provingPeriods: periods.map((period) => ({
        epoch: period.epoch.toString(),
        proven: period.proven,
        reason: period.reason,
        reasonText: period.reason === null ? null : period.reason === NOT_PROVEN ? NOT_PROVEN_WORDS : (context.reasons[period.reason] ?? period.reason),
        settlement:
          period.settlement === null
            ? null
            : {
                proven: period.settlement.proven,
                paid: period.settlement.paid.toString(),
                fee: period.settlement.fee.toString(),
                block: period.settlement.block.toString(),
                timeMs: period.settlement.timeMs.toString(),
              },
      })),
    }
  })

  app.get<{ Querystring: PageQuery }>('/v1/kinds/storage/providers', { schema: providerListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const [market, reputations] = await Promise.all([readStorageMarket(db), latestStorageCarried(db)])
    const providers = storageProviders(market, reputations.carried)
    return {
      total: providers.length,
      reputationEpoch: reputations.epoch === null ? null : reputations.epoch.toString(),
      providers: providers.slice(offset, offset + limit).map((p) => ({
        deviceId: p.deviceId,
        provider: p.provider,
        bytesCommitted: p.bytesCommitted.toString(),
        dealsProposed: p.dealsProposed,
        dealsActive: p.dealsActive,
        dealsEnded: p.dealsEnded,
        periodsProven: p.periodsProven,
        periodsFaulted: p.periodsFaulted,
        paid: p.paid.toString(),
        feesBurnt: p.feesBurnt.toString(),
        collateralHeld: p.collateralHeld.toString(),
        reputation: fractionText(p.reputation),
        disqualified: p.disqualified,
      })),
    }
  })
}
