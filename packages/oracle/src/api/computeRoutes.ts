import { ONE } from '@pinion/protocol'
import type { FastifyInstance } from 'fastify'
import { OracleError } from '../errors.ts'
import { escrowSeries } from './computeEscrow.ts'
import { reasonText } from './computeFaultReasons.ts'
import { type ChainVerdict, type ComputeMarketView, type MarketLease, chainNowSec, leaseMoneyAt, readComputeMarket } from './computeMarket.ts'
import { computeProviders, judgedFaults, latestComputeCarried, providerTallies } from './computeProviders.ts'
import { type TaskReport, leaseTasks } from './computeTasks.ts'
import { leaseVerdicts } from './computeVerdicts.ts'
import type { ApiContext } from './context.ts'
import { computeLeaseResponse, computeLeasesResponse, computeOrdersResponse, computeProvidersResponse } from './responseSchemas.ts'
import { type PageQuery, pageQuery, paramsSchema } from './schemas.ts'

/** A lease id in the path: ComputeMarket's uint256 lease ids, from 1. */
const leaseIdSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,77})$',
  maxLength: 78,
  description: 'a lease id: a whole number from 0 to 2^256 − 1, without leading zeros',
} as const

const orderListSchemas = { querystring: pageQuery(100, 1000), response: { 200: computeOrdersResponse } }
const leaseListSchemas = { querystring: pageQuery(100, 1000), response: { 200: computeLeasesResponse } }
const leaseSchemas = { params: paramsSchema({ leaseId: leaseIdSchema }), querystring: pageQuery(100, 1000), response: { 200: computeLeaseResponse } }
const providerListSchemas = { querystring: pageQuery(100, 1000), response: { 200: computeProvidersResponse } }

/** A lease id from the path: its schema checked the digits; this checks what JSON Schema cannot, that it fits a uint256. */
function parseLeaseId(value: string): bigint {
  const id = BigInt(value)
  if (id >= 2n ** 256n) throw new OracleError('PINION_ERR_BAD_REQUEST', `leaseId ${value} is not valid: expected ${leaseIdSchema.description}`)
  return id
}

/** A fixed-point fraction (10^18 = 1) as a decimal, every digit kept and trailing zeros trimmed: "1", "0.998", "0". */
function fractionText(value: bigint): string {
  const whole = value / ONE
  const fraction = (value % ONE).toString().padStart(18, '0').replace(/0+$/, '')
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`
}

const ms = (seconds: bigint | null) => (seconds === null ? null : (seconds * 1000n).toString())

const chainVerdictJson = (v: ChainVerdict) => ({
  epoch: v.epoch.toString(),
  outcome: v.outcome,
  fault: v.fault,
  block: v.block.toString(),
  timeMs: v.timeMs.toString(),
  paid: v.paid.toString(),
  refunded: v.refunded.toString(),
  slashed: v.slashed.toString(),
})

/** A lease as the compute routes answer it (computeLeaseProperties), its money as of `nowSec`. */
function leaseJson(lease: MarketLease, nowSec: bigint, reasons: ApiContext['reasons']) {
  const money = leaseMoneyAt(lease, nowSec)
  const { fault } = lease
  return {
    leaseId: lease.leaseId.toString(),
    orderId: lease.orderId.toString(),
    bidId: lease.bidId.toString(),
    deviceId: lease.deviceId,
    provider: lease.provider,
    customer: lease.customer,
    specHash: lease.specHash,
    pricePerSecond: lease.pricePerSecond.toString(),
    deposit: lease.deposit.toString(),
    durationSeconds: lease.durationSeconds,
    approvalWindowSeconds: lease.approvalWindowSeconds,
    state: lease.state,
    closeReason: lease.closeReason,
    formedAtMs: lease.formedAtMs.toString(),
    startedAtMs: ms(lease.startedAt),
    endsAtMs: ms(money.endsAt),
    approvedUntilMs: lease.approvedUntil === 0n ? null : ms(lease.approvedUntil),
    accrued: money.accrued.toString(),
    paid: money.paid.toString(),
    releasable: money.releasable.toString(),
    escrowLeft: money.escrowLeft.toString(),
    collateralLocked: money.collateralLocked.toString(),
    verifiedEpochs: lease.verdicts.filter((v) => v.outcome === 'verified').length,
    fault:
      fault === null
        ? null
        : {
            epoch: fault.epoch.toString(),
            code: fault.fault,
            reason: fault.reason,
            reasonText: fault.reason === null ? null : reasonText(reasons, fault.reason),
            paid: fault.paid.toString(),
            refunded: fault.refunded.toString(),
            slashed: fault.slashed.toString(),
          },
  }
}

const taskReportJson = (r: TaskReport, reasons: ApiContext['reasons']) => ({
  epoch: r.epoch.toString(),
  reportId: r.reportId,
  timestampMs: r.timestampMs.toString(),
  valid: r.valid,
  reason: r.reason,
  reasonText: r.reason === null ? null : reasonText(reasons, r.reason),
})

function ordersJson(market: ComputeMarketView) {
  const leaseOf = new Map(market.leases.map((l) => [l.bidId, l]))
  return market.orders.map((order) => ({
    orderId: order.orderId.toString(),
    customer: order.customer,
    specHash: order.specHash,
    cpuMillis: order.cpuMillis,
    memoryMiB: order.memoryMiB,
    storageMiB: order.storageMiB,
    maxPricePerSecond: order.maxPricePerSecond.toString(),
    durationSeconds: order.durationSeconds,
    deposit: order.deposit.toString(),
    biddingEndsAt: order.biddingEndsAt.toString(),
    approvalWindowSeconds: order.approvalWindowSeconds,
    state: order.state,
    postedAtMs: order.postedAtMs.toString(),
    leaseIds: order.leaseIds.map(String),
    bids: order.bidIds.flatMap((bidId) => {
      const bid = market.bids.get(bidId)
      if (bid === undefined) return []
      const lease = leaseOf.get(bidId)
      // A won bid's collateral is its lease's: locked until the lease is over (bidOf says 0 once won).
      const locked =
        bid.state === 'open' || (bid.state === 'won' && lease !== undefined && (lease.state === 'formed' || lease.state === 'active' || lease.state === 'closed'))
          ? bid.collateral
          : 0n
      return [
        {
          bidId: bid.bidId.toString(),
          deviceId: bid.deviceId,
          provider: bid.provider,
          pricePerSecond: bid.pricePerSecond.toString(),
          state: bid.state,
          collateral: bid.collateral.toString(),
          collateralLocked: locked.toString(),
          placedAtMs: bid.placedAtMs.toString(),
        },
      ]
    }),
  }))
}

/**
 * The compute kind's read API, for the explorer's Compute pages: ComputeMarket's orders and bids,
 * its leases with their money, escrow over time, tasks and verdicts, and its providers. Served on
 * every network; where the compute kind does not run, no ComputeMarket events are indexed, so the
 * lists are empty and every lease is unknown.
 *
 * - GET /v1/kinds/compute/orders: a page of orders, in order id order, each with its bids.
 * - GET /v1/kinds/compute/leases: a page of leases, in lease id order: terms, state, money as of
 *   now, the verdicts the market recorded.
 * - GET /v1/kinds/compute/leases/:leaseId: one lease, its escrow at each of its events, its tasks
 *   with their verification, and a page of its verdicts, newest first.
 * - GET /v1/kinds/compute/providers: a page of the devices that bid, in order of their first bid.
 *
 * Money that depends on the clock (accrued, releasable, escrow left) is computed as ComputeMarket's
 * views compute it, at the chain's time as the oracle knows it (chainNowSec): the market's state
 * changes only through the events the follower indexes, and between them it is a function of the
 * clock. Each request folds the indexed events afresh; nothing is cached.
 */
export function registerComputeRoutes(app: FastifyInstance, context: ApiContext): void {
  const { db } = context
  const nowMs = () => context.now?.() ?? Date.now()

  app.get<{ Querystring: PageQuery }>('/v1/kinds/compute/orders', { schema: orderListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const market = await readComputeMarket(db)
    return { total: market.orders.length, orders: ordersJson(market).slice(offset, offset + limit) }
  })

  app.get<{ Querystring: PageQuery }>('/v1/kinds/compute/leases', { schema: leaseListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const market = await readComputeMarket(db)
    const now = chainNowSec(market, nowMs())
    return {
      total: market.leases.length,
      asOfMs: (now * 1000n).toString(),
      leases: market.leases.slice(offset, offset + limit).map((lease) => ({ ...leaseJson(lease, now, context.reasons), verdicts: lease.verdicts.map(chainVerdictJson) })),
    }
  })

  app.get<{ Params: { leaseId: string }; Querystring: PageQuery }>('/v1/kinds/compute/leases/:leaseId', { schema: leaseSchemas }, async (request) => {
    const leaseId = parseLeaseId(request.params.leaseId)
    const market = await readComputeMarket(db)
    const lease = market.leases.find((l) => l.leaseId === leaseId)
    if (lease === undefined) throw new OracleError('PINION_ERR_NOT_FOUND', `no compute lease ${leaseId} is among ComputeMarket's events`)
    const now = chainNowSec(market, nowMs())
    const [tasks, { total, verdicts }] = await Promise.all([leaseTasks(db, lease), leaseVerdicts(db, lease, request.query)])
    return {
      ...leaseJson(lease, now, context.reasons),
      asOfMs: (now * 1000n).toString(),
      escrow: escrowSeries(lease, now * 1000n).map((p) => ({
        timeMs: p.timeMs.toString(),
        event: p.event,
        accrued: p.accrued.toString(),
        paid: p.paid.toString(),
        escrowLeft: p.escrowLeft.toString(),
        held: p.held.toString(),
      })),
      tasks: tasks.map((t) => ({
        task: t.task,
        commits: t.commits.map((c) => taskReportJson(c, context.reasons)),
        reveals: t.reveals.map((r) => ({ ...taskReportJson(r, context.reasons), exitCode: r.exitCode, fuelUsed: r.fuelUsed.toString(), resultHash: r.resultHash })),
        drawn: t.drawn,
        verification: t.verification,
        reason: t.reason,
        reasonText: t.reason === null ? null : reasonText(context.reasons, t.reason),
      })),
      verdictsTotal: total,
      verdicts: verdicts.map((v) => ({
        epoch: v.epoch.toString(),
        fault: v.fault,
        reason: v.reason,
        reasonText: v.reason === null ? null : reasonText(context.reasons, v.reason),
        onChain: v.onChain === null ? null : chainVerdictJson(v.onChain),
      })),
    }
  })

  app.get<{ Querystring: PageQuery }>('/v1/kinds/compute/providers', { schema: providerListSchemas }, async (request) => {
    const { limit, offset } = request.query
    const [market, latest, tallies, faults] = await Promise.all([readComputeMarket(db), latestComputeCarried(db), providerTallies(db), judgedFaults(db)])
    const providers = computeProviders(market, latest.carried, tallies, faults)
    return {
      total: providers.length,
      reputationEpoch: latest.epoch === null ? null : latest.epoch.toString(),
      providers: providers.slice(offset, offset + limit).map((p) => ({
        deviceId: p.deviceId,
        provider: p.provider,
        bids: p.bids,
        leasesWon: p.leasesWon,
        leasesRunning: p.leasesRunning,
        tasksAccepted: p.tasksAccepted,
        tasksReexecuted: p.tasksReexecuted,
        fuel: p.fuel.toString(),
        faults: p.faults.map((f) => ({ reason: f.reason, reasonText: reasonText(context.reasons, f.reason), count: f.count })),
        paid: p.paid.toString(),
        collateralLocked: p.collateralLocked.toString(),
        reputation: fractionText(p.score),
        alpha: p.reputation.alpha.toString(),
        beta: p.reputation.beta.toString(),
        disqualified: p.disqualified,
      })),
    }
  })
}
