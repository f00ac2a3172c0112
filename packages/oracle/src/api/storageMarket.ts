import type { EpochWindow } from '@pinion/kinds'
import { type Deal, LEAF_BYTES, STORAGE_MARKET, type StorageChainState, foldStorageEvents } from '@pinion/kinds/storage'
import { kindEventsUpTo } from '../chain/kindEvents.ts'
import type { Db } from '../store/db.ts'

/** The storage kind's name: its rows in kind_events, kind_settlements, verdicts' reasons and epochs' carried state. */
export const STORAGE = 'storage'

/** What StorageMarket recorded for one proving period of a deal: PeriodProven (paid) or PeriodFaulted (fee). */
export type SettledPeriod = { proven: boolean; paid: bigint; fee: bigint; block: bigint; timeMs: bigint }

/** DealTerminated: the epoch whose fault ended the deal, the escrow refunded and the collateral burnt. */
type Termination = { epoch: bigint; refunded: bigint; slashed: bigint }

/** StorageMarket as the follower indexed it: every deal, and what the market recorded per period. */
export type StorageMarketView = {
  /** Every deal, in deal id order. */
  deals: Deal[]
  /** Deal id → epoch → its period's record. */
  settled: ReadonlyMap<bigint, ReadonlyMap<bigint, SettledPeriod>>
  terminations: ReadonlyMap<bigint, Termination>
}

/** Past every block the store can hold (its block columns are signed 64-bit): all indexed events. */
const EVERY_BLOCK = 2n ** 63n - 1n

/** foldStorageEvents takes a window for revenue, which deals never are (escrow pays providers directly): any will do. */
const ANY_WINDOW: EpochWindow = { epoch: 0n, startMs: 0n, endMs: 0n, entropy: '0x' }

/**
 * StorageMarket as of the last block the follower indexed: the kind's own fold (foldStorageEvents)
 * over the stored events, read back as the epoch pipeline reads them (kindEventsUpTo), so a deal
 * here is the deal the kind challenges; and the per-period records the fold only counts. On a
 * network without the storage kind there are no such events: no deals.
 */
export async function readStorageMarket(db: Db): Promise<StorageMarketView> {
  const events = await kindEventsUpTo(db, STORAGE, EVERY_BLOCK)
  const { deals } = foldStorageEvents(events, ANY_WINDOW).state as StorageChainState
  const settled = new Map<bigint, Map<bigint, SettledPeriod>>()
  const terminations = new Map<bigint, Termination>()
  for (const event of events) {
    if (event.contract !== STORAGE_MARKET) continue
    const { args } = event
    const at = { block: event.blockNumber, timeMs: event.timestampMs }
    if (event.eventName === 'PeriodProven' || event.eventName === 'PeriodFaulted') {
      const dealId = BigInt(args.dealId!)
      let periods = settled.get(dealId)
      if (periods === undefined) settled.set(dealId, (periods = new Map()))
      const proven = event.eventName === 'PeriodProven'
      periods.set(BigInt(args.epoch!), { proven, paid: proven ? BigInt(args.paid!) : 0n, fee: proven ? 0n : BigInt(args.fee!), ...at })
    } else if (event.eventName === 'DealTerminated') {
      terminations.set(BigInt(args.dealId!), { epoch: BigInt(args.epoch!), refunded: BigInt(args.refunded!), slashed: BigInt(args.slashed!) })
    }
  }
  return { deals: [...deals.values()].sort((a, b) => (a.dealId < b.dealId ? -1 : 1)), settled, terminations }
}

/** The bytes a deal's periods prove: its pieces' leaves × 32. */
export const dealBytes = (deal: Deal): bigint => deal.pieces.reduce((sum, piece) => sum + piece.leafCount * LEAF_BYTES, 0n)

/**
 * The escrow StorageMarket still holds for a deal: pricePerPeriod × (periods − periodsRecorded)
 * while it is proposed or active (its `_escrowLeft`), none once it is over (paid out or refunded).
 */
const escrowLeft = (deal: Deal): bigint =>
  deal.state === 'proposed' || deal.state === 'active' ? deal.pricePerPeriod * BigInt(Math.max(0, deal.periods - deal.periodsRecorded)) : 0n

/** A deal as the storage routes answer it (storageDealProperties). */
export function dealJson(deal: Deal) {
  return {
    dealId: deal.dealId.toString(),
    deviceId: deal.deviceId,
    customer: deal.customer,
    provider: deal.provider,
    state: deal.state,
    pricePerPeriod: deal.pricePerPeriod.toString(),
    periods: deal.periods,
    periodsRecorded: deal.periodsRecorded,
    faults: deal.faults,
    faultFee: deal.faultFee.toString(),
    maxConsecutiveFaults: deal.maxConsecutiveFaults,
    collateral: deal.collateral.toString(),
    collateralLeft: deal.collateralLeft.toString(),
    escrowLeft: escrowLeft(deal).toString(),
    acceptedAtMs: deal.acceptedAtMs === null ? null : deal.acceptedAtMs.toString(),
    pieces: deal.pieces.map((piece) => ({ root: piece.root, height: piece.height, leafCount: piece.leafCount.toString() })),
    bytes: dealBytes(deal).toString(),
  }
}
