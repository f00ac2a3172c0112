import { type Address, type Hex, numberToHex } from 'viem'
import { type KindChain, type KindChainState, type KindEvent, inChainOrder } from '../src/chain.ts'
import type { EpochWindow } from '../src/kind.ts'
import type { ComputeParams } from './params.ts'

/** The compute kind's contract, as deploy() names it: packages/contracts/src/kinds/compute/ComputeMarket.sol. */
export const COMPUTE_MARKET = 'ComputeMarket'

/** The ComputeMarket events the chain follower indexes for the compute kind (constructor(address token, address registry, address oracleSet)). */
export const COMPUTE_MARKET_EVENTS = [
  'event OrderPosted(uint256 indexed orderId, address indexed customer, bytes32 indexed specHash, uint32 cpuMillis, uint32 memoryMiB, uint32 storageMiB, uint256 maxPricePerSecond, uint32 durationSeconds, uint256 deposit, uint64 biddingEndsAt, uint32 approvalWindowSeconds)',
  'event OrderCancelled(uint256 indexed orderId, uint256 refunded)',
  'event OrderReopened(uint256 indexed orderId, uint64 biddingEndsAt)',
  'event BidPlaced(uint256 indexed bidId, uint256 indexed orderId, uint256 indexed deviceId, address provider, uint256 pricePerSecond, uint256 collateral)',
  'event BidWithdrawn(uint256 indexed bidId, uint256 collateralReturned)',
  'event BidLost(uint256 indexed bidId, uint256 collateralReturned)',
  'event LeaseFormed(uint256 indexed leaseId, uint256 indexed orderId, uint256 indexed bidId, address provider, uint256 pricePerSecond)',
  'event LeaseStarted(uint256 indexed leaseId, uint64 startedAt, uint256 endsAt)',
  'event LeaseApproved(uint256 indexed leaseId, uint64 approvedUntil)',
  'event LeaseSettled(uint256 indexed leaseId, uint256 paid, uint256 releasedUntil)',
  'event LeaseClosed(uint256 indexed leaseId, uint8 reason, uint256 stoppedAt, uint256 refunded)',
  'event LeaseFinalized(uint256 indexed leaseId, uint256 collateralReturned)',
  'event LeaseNoShow(uint256 indexed leaseId, uint256 slashed)',
  'event LeaseVerified(uint256 indexed leaseId, uint64 indexed epoch, uint32 verifiedEpochs)',
  'event LeaseFaulted(uint256 indexed leaseId, uint64 indexed epoch, uint16 fault, uint256 paid, uint256 refunded, uint256 slashed)',
  'event VerdictSkipped(uint256 indexed leaseId, uint64 indexed epoch, uint16 fault)',
  'event VerdictsRecorded(uint64 indexed epoch, uint256 count)',
  'event Withdrawn(address indexed account, uint256 amount)',
] as const

/** Where a lease stands: formed (waiting for its provider to start it), running, or over (why). */
export type LeaseState = 'formed' | 'running' | 'closed' | 'faulted' | 'no-show'

/** A lease as ComputeMarket's events describe it as of a block. */
export type Lease = {
  leaseId: bigint
  orderId: bigint
  /** The provider's device (the bid's) and the owner who bid with it. */
  deviceId: Hex
  provider: Address
  customer: Address
  /** SHA-256 of the job manifest the order names. */
  specHash: Hex
  pricePerSecond: bigint
  /** Bid collateral locked while the lease lasts: what a fault burns. */
  collateral: bigint
  state: LeaseState
  /** Unix ms: when its provider started it, and when it stops accruing (its duration's end); null until started. */
  startedAtMs: bigint | null
  endsAtMs: bigint | null
}

/** The compute kind's own chain state (KindChainState.state): every lease by id. */
export type ComputeChainState = { leases: ReadonlyMap<bigint, Lease> }

const UINT256_DECIMAL = /^(0|[1-9][0-9]{0,77})$/

function uint(decimal: string | undefined, what: string): bigint {
  if (decimal === undefined || !UINT256_DECIMAL.test(decimal) || BigInt(decimal) >= 2n ** 256n) {
    throw new RangeError(`ComputeMarket's ${what} must be a uint256 in decimal, got ${JSON.stringify(decimal)}`)
  }
  return BigInt(decimal)
}

/**
 * Folds ComputeMarket's events, in chain order, into the compute kind's inputs:
 * - `state.leases`: every lease with its order's customer and job (specHash), its provider's device,
 *   and where it stands;
 * - stake per device and per provider: the bid collateral the market holds for their running and
 *   formed leases (what a fault or a no-show can still burn);
 * - revenue: none. Customers pay providers through the lease's escrow, released by the market
 *   itself; counting it again as revenue would pay it twice out of emissions.
 */
export function foldComputeEvents(events: readonly KindEvent[], _window: EpochWindow): KindChainState {
  const orders = new Map<bigint, { customer: Address; specHash: Hex }>()
  const bids = new Map<bigint, { deviceId: Hex; collateral: bigint }>()
  const leases = new Map<bigint, Lease>()
  const leaseOf = (event: KindEvent) => leases.get(uint(event.args.leaseId, 'leaseId'))
  for (const event of inChainOrder(events)) {
    if (event.contract !== COMPUTE_MARKET) continue
    const { args } = event
    switch (event.eventName) {
      case 'OrderPosted':
        orders.set(uint(args.orderId, 'orderId'), { customer: args.customer!.toLowerCase() as Address, specHash: args.specHash!.toLowerCase() as Hex })
        break
      case 'BidPlaced':
        bids.set(uint(args.bidId, 'bidId'), { deviceId: numberToHex(uint(args.deviceId, 'deviceId'), { size: 32 }), collateral: uint(args.collateral, 'collateral') })
        break
      case 'LeaseFormed': {
        const leaseId = uint(args.leaseId, 'leaseId')
        const orderId = uint(args.orderId, 'orderId')
        const order = orders.get(orderId)
        const bid = bids.get(uint(args.bidId, 'bidId'))
        if (order === undefined || bid === undefined) break
        leases.set(leaseId, {
          leaseId,
          orderId,
          deviceId: bid.deviceId,
          provider: args.provider!.toLowerCase() as Address,
          customer: order.customer,
          specHash: order.specHash,
          pricePerSecond: uint(args.pricePerSecond, 'pricePerSecond'),
          collateral: bid.collateral,
          state: 'formed',
          startedAtMs: null,
          endsAtMs: null,
        })
        break
      }
      case 'LeaseStarted': {
        const lease = leaseOf(event)
        if (lease === undefined) break
        lease.state = 'running'
        lease.startedAtMs = uint(args.startedAt, 'startedAt') * 1000n
        lease.endsAtMs = uint(args.endsAt, 'endsAt') * 1000n
        break
      }
      case 'LeaseClosed': {
        // A fault closes the lease too (LeaseFaulted follows); the collateral stays locked until the
        // held pay is settled (LeaseFinalized), but the lease runs no more either way.
        const lease = leaseOf(event)
        if (lease !== undefined && lease.state !== 'faulted') lease.state = 'closed'
        break
      }
      case 'LeaseFaulted':
        over(leaseOf(event), 'faulted')
        break
      case 'LeaseNoShow':
        over(leaseOf(event), 'no-show')
        break
      case 'LeaseFinalized': {
        const lease = leaseOf(event)
        if (lease !== undefined) lease.collateral = 0n
        break
      }
    }
  }
  const stake = new Map<Hex, bigint>()
  const operatorStake = new Map<Address, bigint>()
  for (const lease of leases.values()) {
    if (lease.collateral === 0n) continue
    stake.set(lease.deviceId, (stake.get(lease.deviceId) ?? 0n) + lease.collateral)
    operatorStake.set(lease.provider, (operatorStake.get(lease.provider) ?? 0n) + lease.collateral)
  }
  const state: ComputeChainState = { leases }
  return { stake, operatorStake, revenue: new Map(), state }
}

/** A lease that faulted or never started holds no collateral any more. */
function over(lease: Lease | undefined, state: LeaseState): void {
  if (lease === undefined) return
  lease.state = state
  lease.collateral = 0n
}

/** The compute kind's state as a challenge input gives it: `chain`, or no leases when the kind has none. */
export function computeStateOf(chain: unknown): ComputeChainState {
  if (chain !== null && typeof chain === 'object' && (chain as ComputeChainState).leases instanceof Map) return chain as ComputeChainState
  return { leases: new Map() }
}

/** The compute kind's on-chain side: ComputeMarket, and how its events become leases and collateral. */
export const computeChain: KindChain<ComputeParams> = {
  contracts: { [COMPUTE_MARKET]: COMPUTE_MARKET_EVENTS },
  fold: foldComputeEvents,
}
