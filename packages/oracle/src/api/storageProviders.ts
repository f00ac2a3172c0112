import { STORJ_AUDIT_REPUTATION, isDisqualified, reputationScore } from '@pinion/kinds'
import { type StorageCarried, reputationOf, storage } from '@pinion/kinds/storage'
import type { Address, Hex } from 'viem'
import type { Db } from '../store/db.ts'
import { STORAGE, type StorageMarketView, dealBytes } from './storageMarket.ts'

/** One storage provider: its deals, what StorageMarket paid and took, and its audit reputation. */
export type StorageProviderView = {
  deviceId: Hex
  provider: Address | null
  bytesCommitted: bigint
  dealsProposed: number
  dealsActive: number
  dealsEnded: number
  periodsProven: number
  periodsFaulted: number
  paid: bigint
  feesBurnt: bigint
  collateralHeld: bigint
  /** α/(α+β), fixed point (10^18 = 1), rounded toward zero (reputationScore). */
  reputation: bigint
  disqualified: boolean
}

/**
 * Every device a deal was made with, in order of its first deal: its deals by where they stand, the
 * bytes of its active ones, the periods StorageMarket recorded for them (all time) with what the
 * escrows paid (PeriodProven) and the fees burnt (PeriodFaulted), the collateral the market holds for
 * it, and its reputation as `carried` (the kind's carried state) gives it: a provider never audited
 * yet has the initial α/β, a score of 1.
 */
export function storageProviders(market: StorageMarketView, carried: StorageCarried | null): StorageProviderView[] {
  const providers = new Map<Hex, StorageProviderView>()
  for (const deal of market.deals) {
    let row = providers.get(deal.deviceId)
    if (row === undefined) {
      const reputation = reputationOf(carried, deal.deviceId)
      row = {
        deviceId: deal.deviceId,
        provider: null,
        bytesCommitted: 0n,
        dealsProposed: 0,
        dealsActive: 0,
        dealsEnded: 0,
        periodsProven: 0,
        periodsFaulted: 0,
        paid: 0n,
        feesBurnt: 0n,
        collateralHeld: 0n,
        reputation: reputationScore(reputation),
        disqualified: isDisqualified(reputation, STORJ_AUDIT_REPUTATION),
      }
      providers.set(deal.deviceId, row)
    }
    if (deal.provider !== null) row.provider = deal.provider
    if (deal.state === 'proposed') row.dealsProposed += 1
    else if (deal.state === 'active') {
      row.dealsActive += 1
      row.bytesCommitted += dealBytes(deal)
      row.collateralHeld += deal.collateralLeft
    } else row.dealsEnded += 1
    for (const period of market.settled.get(deal.dealId)?.values() ?? []) {
      if (period.proven) row.periodsProven += 1
      else row.periodsFaulted += 1
      row.paid += period.paid
      row.feesBurnt += period.fee
    }
  }
  return [...providers.values()]
}

/** The storage kind's carried state out of the latest computed epoch, with that epoch; null for either when there is none. */
export async function latestStorageCarried(db: Db): Promise<{ epoch: bigint | null; carried: StorageCarried | null }> {
  const { rows } = await db.query<{ epoch: unknown; carried: unknown }>('select epoch, carried from epochs order by epoch desc limit 1')
  const row = rows[0]
  if (row === undefined) return { epoch: null, carried: null }
  const all = (typeof row.carried === 'string' ? JSON.parse(row.carried) : row.carried) as Record<string, unknown> | null
  const own = all !== null && Object.hasOwn(all, STORAGE) ? all[STORAGE] : undefined
  return { epoch: BigInt(String(row.epoch)), carried: own === undefined || own === null ? null : (storage.parseCarried!(own) as StorageCarried) }
}
