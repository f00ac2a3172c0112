import type { KindEvent } from '@pinion/kinds'
import { COMPUTE_MARKET } from '@pinion/kinds/compute'
import { type Address, type Hex, numberToHex } from 'viem'
import { kindEventsUpTo } from '../chain/kindEvents.ts'
import type { Db } from '../store/db.ts'
import { faultReasonOf } from './computeFaultReasons.ts'

/** The compute kind's name: its rows in kind_events, kind_settlements, verdicts' reasons and epochs' carried state. */
export const COMPUTE = 'compute'

/** Where an order stands on ComputeMarket (its OrderState). */
type OrderState = 'open' | 'leased' | 'cancelled'
/** Where a bid stands (its BidState). */
type BidState = 'open' | 'withdrawn' | 'lost' | 'won' | 'no-show'
/** Where a lease stands (its LeaseState): the contract's own states, not the kind's coarser view. */
type MarketLeaseState = 'formed' | 'active' | 'closed' | 'finalized' | 'no-show' | 'faulted'

type MarketOrder = {
  orderId: bigint
  customer: Address
  specHash: Hex
  cpuMillis: number
  memoryMiB: number
  storageMiB: number
  maxPricePerSecond: bigint
  /** 0: open-ended, until the deposit is spent. */
  durationSeconds: number
  deposit: bigint
  /** Unix seconds: when bidding ends, or ended (the latest window, after a re-opening). */
  biddingEndsAt: bigint
  approvalWindowSeconds: number
  state: OrderState
  postedAtMs: bigint
  /** Every bid placed on it, in bid id order. */
  bidIds: bigint[]
  /** Every lease formed from it, in lease id order (more than one after a no-show). */
  leaseIds: bigint[]
}

type MarketBid = {
  bidId: bigint
  orderId: bigint
  deviceId: Hex
  provider: Address
  pricePerSecond: bigint
  /** What the bid locked when placed (BID_COLLATERAL). */
  collateral: bigint
  state: BidState
  placedAtMs: bigint
}

/** One of a lease's own events, in chain order: what its escrow series is drawn from. */
export type LeaseEvent = {
  name: 'formed' | 'started' | 'approved' | 'settled' | 'closed' | 'faulted' | 'finalized' | 'no-show'
  block: bigint
  timeMs: bigint
  /** settled and faulted: what went to the provider's balance. */
  paid: bigint
  /** closed and faulted: what went back to the customer's balance. */
  refunded: bigint
  /** approved: the time (unix seconds) approved up to; closed: when accrual stopped. */
  at: bigint | null
}

/** A verdict ComputeMarket recorded for a lease (LeaseVerified, LeaseFaulted or VerdictSkipped). */
export type ChainVerdict = {
  epoch: bigint
  outcome: 'verified' | 'faulted' | 'skipped'
  /** The fault code recorded (0 for verified). */
  fault: number
  block: bigint
  timeMs: bigint
  paid: bigint
  refunded: bigint
  slashed: bigint
}

/** Why a lease stopped accruing (CloseReason), by its code. */
const CLOSE_REASONS = ['customer', 'provider', 'time-up', 'depleted', 'fault'] as const
type CloseReason = (typeof CLOSE_REASONS)[number]

export type MarketLease = {
  leaseId: bigint
  orderId: bigint
  bidId: bigint
  deviceId: Hex
  provider: Address
  customer: Address
  specHash: Hex
  pricePerSecond: bigint
  /** The order's deposit the lease holds (its escrow). */
  deposit: bigint
  durationSeconds: number
  approvalWindowSeconds: number
  collateral: bigint
  state: MarketLeaseState
  formedAtMs: bigint
  /** Unix seconds, null until started. */
  startedAt: bigint | null
  /** Unix seconds: when accrual stopped (closed or faulted), null while it runs. */
  stoppedAt: bigint | null
  /** Unix seconds: what the customer approved up to (0 for nothing). */
  approvedUntil: bigint
  /** What went to the provider's balance so far (settled, and paid at a fault). */
  paid: bigint
  closeReason: CloseReason | null
  /** The fault that ended it, with its kind reason (qualified), or null. */
  fault: (ChainVerdict & { reason: string | null }) | null
  /** Every verdict ComputeMarket recorded for it, by epoch. */
  verdicts: ChainVerdict[]
  events: LeaseEvent[]
}

/** ComputeMarket as the follower indexed it. */
export type ComputeMarketView = {
  orders: MarketOrder[]
  bids: ReadonlyMap<bigint, MarketBid>
  leases: MarketLease[]
  /** The latest block time among its events (ms): the chain is at least this far on. */
  lastEventMs: bigint
}

const UINT = /^(0|[1-9][0-9]*)$/

/** A decimal argument the follower stored (KindEvent: integers in decimal); anything else is refused, as the kind's fold refuses it. */
function uint(value: string | undefined, what: string): bigint {
  if (value === undefined || !UINT.test(value)) throw new RangeError(`ComputeMarket's ${what} must be a whole number in decimal, got ${JSON.stringify(value)}`)
  return BigInt(value)
}

/**
 * Folds ComputeMarket's events, in chain order, into its orders, bids and leases as its views
 * (orderOf, bidOf, leaseOf) would give them, but for what depends on the clock (leaseMoneyAt): the
 * same transitions as the contract, from the events each transition emits. Events of unknown orders,
 * bids or leases are passed over (the follower started after them, or they are not ComputeMarket's).
 */
export function foldComputeMarket(events: readonly KindEvent[]): ComputeMarketView {
  const orders = new Map<bigint, MarketOrder>()
  const bids = new Map<bigint, MarketBid>()
  const leases = new Map<bigint, MarketLease>()
  let lastEventMs = 0n
  for (const event of events) {
    if (event.contract !== COMPUTE_MARKET) continue
    if (event.timestampMs > lastEventMs) lastEventMs = event.timestampMs
    const { args } = event
    const lease = args.leaseId === undefined ? undefined : leases.get(uint(args.leaseId, 'leaseId'))
    const mark = (name: LeaseEvent['name'], fields: Partial<Pick<LeaseEvent, 'paid' | 'refunded' | 'at'>> = {}) =>
      lease?.events.push({ name, block: event.blockNumber, timeMs: event.timestampMs, paid: 0n, refunded: 0n, at: null, ...fields })
    switch (event.eventName) {
      case 'OrderPosted': {
        const orderId = uint(args.orderId, 'orderId')
        orders.set(orderId, {
          orderId,
          customer: args.customer!.toLowerCase() as Address,
          specHash: args.specHash!.toLowerCase() as Hex,
          cpuMillis: Number(uint(args.cpuMillis, 'cpuMillis')),
          memoryMiB: Number(uint(args.memoryMiB, 'memoryMiB')),
          storageMiB: Number(uint(args.storageMiB, 'storageMiB')),
          maxPricePerSecond: uint(args.maxPricePerSecond, 'maxPricePerSecond'),
          durationSeconds: Number(uint(args.durationSeconds, 'durationSeconds')),
          deposit: uint(args.deposit, 'deposit'),
          biddingEndsAt: uint(args.biddingEndsAt, 'biddingEndsAt'),
          approvalWindowSeconds: Number(uint(args.approvalWindowSeconds, 'approvalWindowSeconds')),
          state: 'open',
          postedAtMs: event.timestampMs,
          bidIds: [],
          leaseIds: [],
        })
        break
      }
      case 'OrderCancelled': {
        const order = orders.get(uint(args.orderId, 'orderId'))
        if (order !== undefined) order.state = 'cancelled'
        break
      }
      case 'OrderReopened': {
        const order = orders.get(uint(args.orderId, 'orderId'))
        if (order === undefined) break
        order.state = 'open'
        order.biddingEndsAt = uint(args.biddingEndsAt, 'biddingEndsAt')
        break
      }
      case 'BidPlaced': {
        const bidId = uint(args.bidId, 'bidId')
        const orderId = uint(args.orderId, 'orderId')
        bids.set(bidId, {
          bidId,
          orderId,
          deviceId: numberToHex(uint(args.deviceId, 'deviceId'), { size: 32 }),
          provider: args.provider!.toLowerCase() as Address,
          pricePerSecond: uint(args.pricePerSecond, 'pricePerSecond'),
          collateral: uint(args.collateral, 'collateral'),
          state: 'open',
          placedAtMs: event.timestampMs,
        })
        orders.get(orderId)?.bidIds.push(bidId)
        break
      }
      case 'BidWithdrawn':
      case 'BidLost': {
        const bid = bids.get(uint(args.bidId, 'bidId'))
        if (bid !== undefined) bid.state = event.eventName === 'BidLost' ? 'lost' : 'withdrawn'
        break
      }
      case 'LeaseFormed': {
        const leaseId = uint(args.leaseId, 'leaseId')
        const order = orders.get(uint(args.orderId, 'orderId'))
        const bid = bids.get(uint(args.bidId, 'bidId'))
        if (order === undefined || bid === undefined) break
        bid.state = 'won'
        order.state = 'leased'
        order.leaseIds.push(leaseId)
        leases.set(leaseId, {
          leaseId,
          orderId: order.orderId,
          bidId: bid.bidId,
          deviceId: bid.deviceId,
          provider: args.provider!.toLowerCase() as Address,
          customer: order.customer,
          specHash: order.specHash,
          pricePerSecond: uint(args.pricePerSecond, 'pricePerSecond'),
          deposit: order.deposit,
          durationSeconds: order.durationSeconds,
          approvalWindowSeconds: order.approvalWindowSeconds,
          collateral: bid.collateral,
          state: 'formed',
          formedAtMs: event.timestampMs,
          startedAt: null,
          stoppedAt: null,
          approvedUntil: 0n,
          paid: 0n,
          closeReason: null,
          fault: null,
          verdicts: [],
          events: [{ name: 'formed', block: event.blockNumber, timeMs: event.timestampMs, paid: 0n, refunded: 0n, at: null }],
        })
        break
      }
      case 'LeaseStarted':
        if (lease === undefined) break
        lease.state = 'active'
        lease.startedAt = uint(args.startedAt, 'startedAt')
        mark('started', { at: lease.startedAt })
        break
      case 'LeaseApproved':
        if (lease === undefined) break
        lease.approvedUntil = uint(args.approvedUntil, 'approvedUntil')
        mark('approved', { at: lease.approvedUntil })
        break
      case 'LeaseSettled': {
        if (lease === undefined) break
        const paid = uint(args.paid, 'paid')
        lease.paid += paid
        mark('settled', { paid })
        break
      }
      case 'LeaseClosed': {
        if (lease === undefined) break
        const code = Number(uint(args.reason, 'reason'))
        lease.closeReason = CLOSE_REASONS[code] ?? null
        const refunded = uint(args.refunded, 'refunded')
        // Closed before it started (by its customer): the deposit went back whole; LeaseFinalized follows.
        if (lease.startedAt !== null) {
          lease.state = 'closed'
          lease.stoppedAt = uint(args.stoppedAt, 'stoppedAt')
        }
        mark('closed', { refunded, at: uint(args.stoppedAt, 'stoppedAt') })
        break
      }
      case 'LeaseFinalized':
        if (lease === undefined) break
        lease.state = 'finalized'
        mark('finalized')
        break
      case 'LeaseNoShow': {
        if (lease === undefined) break
        lease.state = 'no-show'
        const bid = bids.get(lease.bidId)
        if (bid !== undefined) bid.state = 'no-show'
        mark('no-show')
        break
      }
      case 'LeaseVerified':
      case 'LeaseFaulted':
      case 'VerdictSkipped': {
        if (lease === undefined) break
        const faulted = event.eventName === 'LeaseFaulted'
        const verdict: ChainVerdict = {
          epoch: uint(args.epoch, 'epoch'),
          outcome: faulted ? 'faulted' : event.eventName === 'LeaseVerified' ? 'verified' : 'skipped',
          fault: args.fault === undefined ? 0 : Number(uint(args.fault, 'fault')),
          block: event.blockNumber,
          timeMs: event.timestampMs,
          paid: faulted ? uint(args.paid, 'paid') : 0n,
          refunded: faulted ? uint(args.refunded, 'refunded') : 0n,
          slashed: faulted ? uint(args.slashed, 'slashed') : 0n,
        }
        lease.verdicts.push(verdict)
        if (!faulted) break
        // _verdict: accrual stops now (or where it stopped already), the released pay is paid, the rest refunded.
        const nowSec = event.timestampMs / 1000n
        lease.stoppedAt ??= lease.startedAt === null ? nowSec : minBig(nowSec, endOf(lease))
        lease.paid += verdict.paid
        lease.state = 'faulted'
        lease.fault = { ...verdict, reason: faultReasonOf(verdict.fault) }
        mark('faulted', { paid: verdict.paid, refunded: verdict.refunded })
        break
      }
    }
  }
  const byId = <T>(map: ReadonlyMap<bigint, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, value]) => value)
  return { orders: byId(orders), bids, leases: byId(leases), lastEventMs }
}

/** Every indexed ComputeMarket event, folded: nothing on a network without the compute kind. */
export async function readComputeMarket(db: Db): Promise<ComputeMarketView> {
  return foldComputeMarket(await kindEventsUpTo(db, COMPUTE, EVERY_BLOCK))
}

/** Past every block the store can hold (its block columns are signed 64-bit): all indexed events. */
const EVERY_BLOCK = 2n ** 63n - 1n

const minBig = (a: bigint, b: bigint) => (a < b ? a : b)
const maxBig = (a: bigint, b: bigint) => (a > b ? a : b)

/**
 * The seconds a lease's deposit buys at its price, capped by its duration (0: open-ended):
 * ComputeMarket's _endOf less the start. Toward zero, as the contract divides.
 */
export function coveredSeconds(lease: Pick<MarketLease, 'deposit' | 'pricePerSecond' | 'durationSeconds'>): bigint {
  const affordable = lease.deposit / lease.pricePerSecond
  const duration = BigInt(lease.durationSeconds)
  return duration !== 0n && duration < affordable ? duration : affordable
}

/** When a started lease stops accruing unless closed first (unix seconds): _endOf. */
export function endOf(lease: MarketLease): bigint {
  return (lease.startedAt ?? 0n) + coveredSeconds(lease)
}

/** A lease's money as ComputeMarket's views (leaseOf, accrued, releasable) give it at `nowSec`. */
export type LeaseMoney = {
  /** Unix seconds: when accrual stops or stopped (leaseOf's endsAt); null before the start. */
  endsAt: bigint | null
  accrued: bigint
  paid: bigint
  releasable: bigint
  escrowLeft: bigint
  collateralLocked: bigint
}

/**
 * leaseOf's clock-dependent fields at `nowSec` (the chain's time), by the contract's own arithmetic:
 * accrued = price × (stop − start), stop being when it stopped, or now, or its end if sooner; what
 * is released is what accrued until the later of the approval and now − window (at most the stop),
 * less what was paid; the escrow is the deposit not paid out while formed or active, the accruals
 * not paid out once closed, nothing once over; the collateral is locked until the lease is over.
 */
export function leaseMoneyAt(lease: MarketLease, nowSec: bigint): LeaseMoney {
  const { state, startedAt, pricePerSecond: price } = lease
  const running = state === 'active' || state === 'closed'
  let endsAt: bigint | null = null
  let accrued = 0n
  let stop = 0n
  if (startedAt !== null) {
    stop = state === 'active' ? minBig(nowSec, endOf(lease)) : (lease.stoppedAt ?? startedAt)
    endsAt = state === 'active' ? endOf(lease) : stop
    accrued = stop > startedAt ? price * (stop - startedAt) : 0n
  }
  let releasable = 0n
  if (running && startedAt !== null) {
    const window = BigInt(lease.approvalWindowSeconds)
    const aged = nowSec > window ? nowSec - window : 0n
    const releasedUntil = minBig(maxBig(lease.approvedUntil, aged), stop)
    const released = releasedUntil > startedAt ? price * (releasedUntil - startedAt) : 0n
    releasable = maxBig(released - lease.paid, 0n)
  }
  const escrowLeft = state === 'formed' || state === 'active' ? lease.deposit - lease.paid : state === 'closed' ? accrued - lease.paid : 0n
  return { endsAt, accrued, paid: lease.paid, releasable, escrowLeft, collateralLocked: state === 'formed' || running ? lease.collateral : 0n }
}

/**
 * The chain's time as this oracle can tell it (unix seconds): its clock, but never before the last
 * indexed event (a chain whose time was moved on, as a devnet's is, is at least that far).
 */
export function chainNowSec(market: ComputeMarketView, nowMs: number): bigint {
  return maxBig(BigInt(Math.floor(nowMs / 1000)), market.lastEventMs / 1000n)
}
