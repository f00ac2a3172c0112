import { type Address, type Hex, numberToHex } from 'viem'
import { type KindChain, type KindChainState, type KindEvent, inChainOrder } from '../src/chain.ts'
import type { EpochWindow } from '../src/kind.ts'
import type { StorageParams } from './params.ts'

/** The storage kind's contract, as deploy() names it: packages/contracts/src/kinds/storage/StorageMarket.sol. */
export const STORAGE_MARKET = 'StorageMarket'

/** The StorageMarket events the chain follower indexes for the storage kind (constructor(address token, address registry, address oracleSet)). */
export const STORAGE_MARKET_EVENTS = [
  'event DealProposed(uint256 indexed dealId, address indexed customer, uint256 indexed deviceId, uint256 pricePerPeriod, uint32 periods, uint256 collateral, uint256 faultFee, uint16 maxConsecutiveFaults)',
  'event PieceAdded(uint256 indexed dealId, uint256 index, bytes32 root, uint8 height, uint64 leafCount)',
  'event DealAccepted(uint256 indexed dealId, uint256 indexed deviceId, address indexed provider)',
  'event DealCancelled(uint256 indexed dealId, uint256 refunded)',
  'event DealEnded(uint256 indexed dealId, uint256 refunded, uint256 collateralReturned)',
  'event PeriodProven(uint256 indexed dealId, uint64 indexed epoch, uint256 paid)',
  'event PeriodFaulted(uint256 indexed dealId, uint64 indexed epoch, uint256 fee, uint16 consecutiveFaults)',
  'event DealTerminated(uint256 indexed dealId, uint64 indexed epoch, uint256 refunded, uint256 slashed)',
  'event DealCompleted(uint256 indexed dealId, uint256 collateralReturned)',
] as const

/** A piece of a deal's data set, as the deal committed it. */
export type DealPiece = { root: Hex; height: number; leafCount: bigint }

/** Where a deal stands: proposed (not yet accepted), active (being proven), or over (why). */
export type DealState = 'proposed' | 'active' | 'completed' | 'terminated' | 'cancelled' | 'ended'

/** A deal as StorageMarket's events describe it as of a block. */
export type Deal = {
  dealId: bigint
  deviceId: Hex
  customer: Address
  /** Who accepted it (and locked its collateral); null while proposed. */
  provider: Address | null
  pricePerPeriod: bigint
  periods: number
  collateral: bigint
  faultFee: bigint
  maxConsecutiveFaults: number
  pieces: DealPiece[]
  state: DealState
  /** The block time of its acceptance, unix ms; null while proposed. */
  acceptedAtMs: bigint | null
  /** Collateral the market still holds for it. */
  collateralLeft: bigint
  /** Proving periods the oracles recorded on chain, proven or faulted. */
  periodsRecorded: number
  faults: number
}

/** The storage kind's own chain state (KindChainState.state): every deal by id. */
export type StorageChainState = { deals: ReadonlyMap<bigint, Deal> }

const UINT256_DECIMAL = /^(0|[1-9][0-9]{0,77})$/

/** The off-chain id (0x + 64 lower-case hex digits) of a device StorageMarket names by its uint256 token id, in decimal. */
function deviceIdFromUint(decimal: string): Hex {
  return numberToHex(uint(decimal, 'deviceId'), { size: 32 })
}

function uint(decimal: string | undefined, what: string): bigint {
  if (decimal === undefined || !UINT256_DECIMAL.test(decimal) || BigInt(decimal) >= 2n ** 256n) {
    throw new RangeError(`StorageMarket's ${what} must be a uint256 in decimal, got ${JSON.stringify(decimal)}`)
  }
  return BigInt(decimal)
}

/**
 * Folds StorageMarket's events, in chain order, into the storage kind's inputs:
 * - `state.deals`: every deal with its pieces, terms and where it stands;
 * - stake per device and per provider: the collateral the market holds for their active deals
 *   (what a fault or a termination can still take);
 * - revenue: none. Customers pay providers through the deal's escrow, released per proven period by
 *   the market itself; counting it again as revenue would pay it twice out of emissions.
 * Entries that come to zero are left out (absent means zero).
 */
export function foldStorageEvents(events: readonly KindEvent[], _window: EpochWindow): KindChainState {
  const deals = new Map<bigint, Deal>()
  const dealOf = (event: KindEvent): Deal | undefined => deals.get(uint(event.args.dealId, 'dealId'))
  for (const event of inChainOrder(events)) {
    if (event.contract !== STORAGE_MARKET) continue
    const { args } = event
    switch (event.eventName) {
      case 'DealProposed': {
        const dealId = uint(args.dealId, 'dealId')
        const collateral = uint(args.collateral, 'collateral')
        deals.set(dealId, {
          dealId,
          deviceId: deviceIdFromUint(args.deviceId!),
          customer: args.customer!.toLowerCase() as Address,
          provider: null,
          pricePerPeriod: uint(args.pricePerPeriod, 'pricePerPeriod'),
          periods: Number(uint(args.periods, 'periods')),
          collateral,
          faultFee: uint(args.faultFee, 'faultFee'),
          maxConsecutiveFaults: Number(uint(args.maxConsecutiveFaults, 'maxConsecutiveFaults')),
          pieces: [],
          state: 'proposed',
          acceptedAtMs: null,
          collateralLeft: 0n,
          periodsRecorded: 0,
          faults: 0,
        })
        break
      }
      case 'PieceAdded': {
        const deal = dealOf(event)
        if (deal === undefined) break
        deal.pieces.push({ root: args.root!.toLowerCase() as Hex, height: Number(uint(args.height, 'height')), leafCount: uint(args.leafCount, 'leafCount') })
        break
      }
      case 'DealAccepted': {
        const deal = dealOf(event)
        if (deal === undefined) break
        deal.state = 'active'
        deal.provider = args.provider!.toLowerCase() as Address
        deal.acceptedAtMs = event.timestampMs
        deal.collateralLeft = deal.collateral
        break
      }
      case 'DealCancelled':
        over(dealOf(event), 'cancelled')
        break
      case 'DealEnded':
        over(dealOf(event), 'ended')
        break
      case 'DealCompleted':
        over(dealOf(event), 'completed')
        break
      case 'DealTerminated':
        over(dealOf(event), 'terminated')
        break
      case 'PeriodProven': {
        const deal = dealOf(event)
        if (deal !== undefined) deal.periodsRecorded += 1
        break
      }
      case 'PeriodFaulted': {
        const deal = dealOf(event)
        if (deal === undefined) break
        deal.periodsRecorded += 1
        deal.faults += 1
        const fee = uint(args.fee, 'fee')
        deal.collateralLeft = deal.collateralLeft > fee ? deal.collateralLeft - fee : 0n
        break
      }
    }
  }
  const stake = new Map<Hex, bigint>()
  const operatorStake = new Map<Address, bigint>()
  for (const deal of deals.values()) {
    if (deal.state !== 'active' || deal.collateralLeft === 0n) continue
    stake.set(deal.deviceId, (stake.get(deal.deviceId) ?? 0n) + deal.collateralLeft)
    operatorStake.set(deal.provider!, (operatorStake.get(deal.provider!) ?? 0n) + deal.collateralLeft)
  }
  const state: StorageChainState = { deals }
  return { stake, operatorStake, revenue: new Map(), state }
}

/** A deal that is over holds no collateral any more. */
function over(deal: Deal | undefined, state: DealState): void {
  if (deal === undefined) return
  deal.state = state
  deal.collateralLeft = 0n
}

/** The storage kind's state as a challenge input gives it: `chain`, or no deals when the kind has none. */
export function storageStateOf(chain: unknown): StorageChainState {
  if (chain !== null && typeof chain === 'object' && (chain as StorageChainState).deals instanceof Map) return chain as StorageChainState
  return { deals: new Map() }
}

/** The storage kind's on-chain side: StorageMarket, and how its events become deals and collateral. */
export const storageChain: KindChain<StorageParams> = {
  contracts: { [STORAGE_MARKET]: STORAGE_MARKET_EVENTS },
  fold: foldStorageEvents,
}
