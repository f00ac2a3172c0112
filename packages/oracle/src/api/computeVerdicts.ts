import type { Db } from '../store/db.ts'
import { faultReasonOf } from './computeFaultReasons.ts'
import { COMPUTE, type ChainVerdict, type MarketLease } from './computeMarket.ts'

/** One epoch's verdict on a lease: the oracles' (their settlement record), and ComputeMarket's record of it. */
export type LeaseVerdict = {
  epoch: bigint
  /** The fault code: 0 for an epoch without fault. */
  fault: number
  /** The fault's reason, qualified (`compute.RESULT_MISMATCH`); null for no fault or an unknown code. */
  reason: string | null
  /** What ComputeMarket recorded for it: null until the epoch's verdicts are submitted (or for an epoch this oracle judged after the lease was over). */
  onChain: ChainVerdict | null
}

/**
 * A page (newest first) of `lease`'s verdicts: every epoch with a settlement record for it
 * (kind_settlements: the verdict this oracle computed, what the oracles sign for
 * ComputeMarket.recordVerdicts) or a verdict the market recorded (LeaseVerified, LeaseFaulted,
 * VerdictSkipped). The fault is the record's, else the market's.
 */
export async function leaseVerdicts(db: Db, lease: MarketLease, page: { limit: number; offset: number }): Promise<{ total: number; verdicts: LeaseVerdict[] }> {
  // Records are stored as the plain JSON the oracles sign: { leaseId: "<decimal>", fault: "<decimal>" }.
  const { rows } = await db.query<{ epoch: unknown; record: string }>(`select epoch, record from kind_settlements where kind = $1 and (record::jsonb ->> 'leaseId') = $2`, [
    COMPUTE,
    lease.leaseId.toString(),
  ])
  const judged = new Map(rows.map((row) => [BigInt(String(row.epoch)), Number((JSON.parse(row.record) as { fault: string }).fault)]))
  const recorded = new Map(lease.verdicts.map((v) => [v.epoch, v]))
  const epochs = [...new Set([...judged.keys(), ...recorded.keys()])].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
  return {
    total: epochs.length,
    verdicts: epochs.slice(page.offset, page.offset + page.limit).map((epoch) => {
      const fault = judged.get(epoch) ?? recorded.get(epoch)!.fault
      return { epoch, fault, reason: faultReasonOf(fault), onChain: recorded.get(epoch) ?? null }
    }),
  }
}
