import { STORJ_AUDIT_REPUTATION, type BetaReputation, isDisqualified, qualifiedName, reputationScore } from '@pinion/kinds'
import { type ComputeCarried, VERIFIED_POOL, reputationOf } from '@pinion/kinds/compute'
import type { Address, Hex } from 'viem'
import type { Db } from '../store/db.ts'
import { faultReasonOf } from './computeFaultReasons.ts'
import { COMPUTE, type ComputeMarketView } from './computeMarket.ts'
import { computeCarriedOf } from './computeTasks.ts'

/** What the kind's shares say a provider did, over every computed epoch (scoreCompute's inputs). */
export type ProviderTally = { tasksAccepted: number; tasksReexecuted: number; fuel: bigint }

/** One compute provider: its bids and leases, the work the kind accepted, its faults, reputation and locked collateral. */
export type ComputeProviderView = {
  deviceId: Hex
  /** The owner that bid with it last. */
  provider: Address
  bids: number
  leasesWon: number
  /** Formed, active or closed with pay still held: not over. */
  leasesRunning: number
  tasksAccepted: number
  tasksReexecuted: number
  fuel: bigint
  /** Its leases' faults by reason (qualified), each lease counted once, in reason order. */
  faults: { reason: string; count: number }[]
  /** Paid to it from its leases' escrow (settled, and released pay at a fault). */
  paid: bigint
  /** Collateral ComputeMarket holds for it: its open bids' and its leases' not over. */
  collateralLocked: bigint
  reputation: BetaReputation
  /** α/(α+β), fixed point (10^18 = 1), toward zero (reputationScore). */
  score: bigint
  disqualified: boolean
}

/**
 * Every device that bid on ComputeMarket, in order of its first bid: its bids and leases, what the
 * kind accepted of its work (`tallies`, from the stored shares), its leases' faults (`judgedFaults`:
 * lease id → the first fault the oracles judged it, where the market has not recorded one yet), its
 * pay and locked collateral, and its reputation as `carried` gives it (a provider never re-executed
 * has the initial α/β, a score of 1).
 */
export function computeProviders(
  market: ComputeMarketView,
  carried: ComputeCarried | null,
  tallies: ReadonlyMap<Hex, ProviderTally>,
  judgedFaults: ReadonlyMap<bigint, string>,
): ComputeProviderView[] {
  const providers = new Map<Hex, ComputeProviderView & { faultCounts: Map<string, number> }>()
  const rowOf = (deviceId: Hex, provider: Address) => {
    let row = providers.get(deviceId)
    if (row === undefined) {
      const reputation = reputationOf(carried, deviceId)
      const tally = tallies.get(deviceId)
      row = {
        deviceId,
        provider,
        bids: 0,
        leasesWon: 0,
        leasesRunning: 0,
        tasksAccepted: tally?.tasksAccepted ?? 0,
        tasksReexecuted: tally?.tasksReexecuted ?? 0,
        fuel: tally?.fuel ?? 0n,
        faults: [],
        faultCounts: new Map(),
        paid: 0n,
        collateralLocked: 0n,
        reputation,
        score: reputationScore(reputation),
        disqualified: isDisqualified(reputation, STORJ_AUDIT_REPUTATION),
      }
      providers.set(deviceId, row)
    }
    row.provider = provider
    return row
  }
  const bids = [...market.bids.values()].sort((a, b) => (a.bidId < b.bidId ? -1 : 1))
  for (const bid of bids) {
    const row = rowOf(bid.deviceId, bid.provider)
    row.bids += 1
    if (bid.state === 'open') row.collateralLocked += bid.collateral
  }
  for (const lease of market.leases) {
    const row = rowOf(lease.deviceId, lease.provider)
    row.leasesWon += 1
    row.paid += lease.paid
    if (lease.state === 'formed' || lease.state === 'active' || lease.state === 'closed') {
      row.leasesRunning += 1
      row.collateralLocked += lease.collateral
    }
    const reason = lease.fault !== null ? (lease.fault.reason ?? `compute.fault ${lease.fault.fault}`) : judgedFaults.get(lease.leaseId)
    if (reason !== undefined) row.faultCounts.set(reason, (row.faultCounts.get(reason) ?? 0) + 1)
  }
  return [...providers.values()].map(({ faultCounts, ...row }) => ({
    ...row,
    faults: [...faultCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, count]) => ({ reason, count })),
  }))
}

/** The compute kind's carried state out of the latest computed epoch, with that epoch; null for either when there is none. */
export async function latestComputeCarried(db: Db): Promise<{ epoch: bigint | null; carried: ComputeCarried | null }> {
  const { rows } = await db.query<{ epoch: unknown; carried: unknown }>('select epoch, carried from epochs order by epoch desc limit 1')
  const row = rows[0]
  if (row === undefined) return { epoch: null, carried: null }
  return { epoch: BigInt(String(row.epoch)), carried: computeCarriedOf(row.carried) }
}

/** Each device's tasks accepted and re-executed, and fuel, summed over the stored shares of the kind's pool. */
export async function providerTallies(db: Db): Promise<Map<Hex, ProviderTally>> {
  const { rows } = await db.query<{ device_id: Hex; inputs: unknown }>('select device_id, inputs from shares where pool = $1', [qualifiedName(COMPUTE, VERIFIED_POOL)])
  const tallies = new Map<Hex, ProviderTally>()
  for (const row of rows) {
    const inputs = (typeof row.inputs === 'string' ? JSON.parse(row.inputs) : row.inputs) as Record<string, unknown>
    const tally = tallies.get(row.device_id) ?? { tasksAccepted: 0, tasksReexecuted: 0, fuel: 0n }
    tally.tasksAccepted += wholeNumber(inputs.tasksAccepted)
    tally.tasksReexecuted += wholeNumber(inputs.tasksReexecuted)
    tally.fuel += typeof inputs.fuel === 'string' && /^[0-9]{1,40}$/.test(inputs.fuel) ? BigInt(inputs.fuel) : 0n
    tallies.set(row.device_id, tally)
  }
  return tallies
}

const wholeNumber = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0)

/** Each lease's first fault the oracles judged (kind_settlements, a non-zero code), as a qualified reason. */
export async function judgedFaults(db: Db): Promise<Map<bigint, string>> {
  const { rows } = await db.query<{ record: string }>(`select record from kind_settlements where kind = $1 and (record::jsonb ->> 'fault') <> '0' order by epoch desc, position`, [
    COMPUTE,
  ])
  const faults = new Map<bigint, string>()
  // Newest first, so the earliest epoch's fault is the one kept.
  for (const row of rows) {
    const record = JSON.parse(row.record) as { leaseId: string; fault: string }
    const code = Number(record.fault)
    faults.set(BigInt(record.leaseId), faultReasonOf(code) ?? `compute.fault ${code}`)
  }
  return faults
}
