import type { Deal } from '@pinion/kinds/storage'
import type { EpochChallenges } from '../service/challengeBoard.ts'
import type { Db } from '../store/db.ts'
import { faultReasons } from './storageFaultReasons.ts'
import { STORAGE, type SettledPeriod, type StorageMarketView } from './storageMarket.ts'

/** One proving period of a deal: the oracles' outcome, a fault's reason, and StorageMarket's record of it. */
export type DealPeriod = { epoch: bigint; proven: boolean; reason: string | null; settlement: SettledPeriod | null }

/**
 * A page (newest first) of `deal`'s proving periods: every epoch with a settlement record for it
 * (kind_settlements: the oracles' outcome of each period they issued, exactly what they sign for
 * StorageMarket.recordPeriods) or a period StorageMarket recorded for it (PeriodProven or
 * PeriodFaulted). The outcome is the record's, else the market's; a fault's reason is what the
 * provider's proofs got (faultReasons), null for a period this oracle did not judge. A record
 * without its market event is not settled yet, or was skipped because the deal had ended.
 */
export async function dealPeriods(
  db: Db,
  market: StorageMarketView,
  deal: Deal,
  page: { limit: number; offset: number },
  challengesOf: ((epoch: bigint) => Promise<EpochChallenges>) | undefined,
): Promise<{ total: number; periods: DealPeriod[] }> {
  // Records are stored as the plain JSON the oracles sign: { dealId: "<decimal>", proven: true|false }.
  // No index serves one deal's: this reads the kind's records (one per deal and epoch) through.
  const { rows } = await db.query<{ epoch: unknown; record: string }>(`select epoch, record from kind_settlements where kind = $1 and (record::jsonb ->> 'dealId') = $2`, [
    STORAGE,
    deal.dealId.toString(),
  ])
  const judged = new Map(rows.map((row) => [BigInt(String(row.epoch)), (JSON.parse(row.record) as { proven: boolean }).proven === true]))
  const settled = market.settled.get(deal.dealId) ?? new Map<bigint, SettledPeriod>()
  const epochs = [...new Set([...judged.keys(), ...settled.keys()])].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
  const shown = epochs.slice(page.offset, page.offset + page.limit)
  const provenIn = (epoch: bigint) => judged.get(epoch) ?? settled.get(epoch)!.proven
  const faulted = shown.filter((epoch) => judged.has(epoch) && !provenIn(epoch))
  const otherDeals = market.deals.filter((d) => d.deviceId === deal.deviceId && d.dealId !== deal.dealId).map((d) => d.dealId)
  const reasons = await faultReasons(db, deal, faulted, otherDeals, challengesOf)
  return {
    total: epochs.length,
    periods: shown.map((epoch) => {
      const proven = provenIn(epoch)
      return { epoch, proven, reason: proven ? null : (reasons.get(epoch) ?? null), settlement: settled.get(epoch) ?? null }
    }),
  }
}
