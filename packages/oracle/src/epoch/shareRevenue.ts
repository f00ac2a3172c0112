import type { Share } from '@pinion/kinds'
import { ONE, PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { EpochCredits } from './chargeReceipts.ts'
import type { PoolAllocation, PoolSpec } from './types.ts'
import { BASIS_POINTS_TOTAL } from './validateInput.ts'

/** The network pool revenue shares are paid from (bare: it belongs to no kind). */
export const REVENUE_POOL = 'revenue'

/**
 * How a network pays its operators from customers' spending ("revenue share"): each device that
 * served is paid `shareBps` of the credits its receipts consumed, valued in tokens at the epoch's
 * price, out of the epoch's emission before the pools split the rest — as Helium IoT paid data
 * transfer at its DC value — and at most `maxEmissionBps` of the emission: beyond that every
 * revenue share is scaled down alike (Helium: "data transfer up to 50%").
 */
export type RevenueShareRule = {
  /** Of each device's revenue, the part it is paid, basis points (10,000: all of it). */
  readonly shareBps: number
  /** The most of the epoch's emission revenue shares may take, basis points. */
  readonly maxEmissionBps: number
}

/** Helium IoT: data transfer paid at DC value, up to 50 % of the emission (reference/helium.md §3). */
export const HELIUM_REVENUE_SHARE: RevenueShareRule = Object.freeze({ shareBps: 10_000, maxEmissionBps: 5_000 })

export type RevenueShares = {
  /** One per device that earned revenue, kinds by name then device id: pool REVENUE_POOL, weight = what it is owed. */
  shares: Share[]
  /** What revenue shares take from the emission: Σ weights, or the cap when that is less. */
  budget: bigint
}

/**
 * The revenue shares of an epoch. A share's base is the device's revenue in tokens, its weight the
 * part `rule` pays of it (toward zero); the pool's budget is Σ weights capped at maxEmissionBps of
 * `emission`, and allocate() pays each share budget × weight ÷ Σ weights — exactly its weight when
 * nothing is capped.
 */
export function revenueShares(revenue: EpochCredits['revenue'], rule: RevenueShareRule, emission: bigint, pools: readonly PoolSpec[]): RevenueShares {
  checkRule(rule)
  if (pools.some((pool) => pool.name === REVENUE_POOL)) {
    throw new PinionError('PINION_ERR_EPOCH_INPUT', `pool "${REVENUE_POOL}" is the revenue share's; give the configured pool another name`)
  }
  const shares: Share[] = []
  let owed = 0n
  for (const kind of [...revenue.keys()].sort()) {
    const devices = revenue.get(kind)!
    for (const deviceId of [...devices.keys()].sort() as Hex[]) {
      const tokens = devices.get(deviceId)!
      if (tokens <= 0n) continue
      const weight = (tokens * BigInt(rule.shareBps)) / BASIS_POINTS_TOTAL
      owed += weight
      shares.push({
        deviceId,
        pool: REVENUE_POOL,
        base: tokens,
        multipliers: [
          {
            name: 'revenue share',
            value: (BigInt(rule.shareBps) * ONE) / BASIS_POINTS_TOTAL,
            why: `${rule.shareBps / 100}% of what customers paid in credits for its service, valued in tokens at the epoch's price`,
          },
        ],
        weight,
        inputs: { kind, revenue: tokens.toString() },
      })
    }
  }
  const cap = (emission * BigInt(rule.maxEmissionBps)) / BASIS_POINTS_TOTAL
  return { shares, budget: owed < cap ? owed : cap }
}

/**
 * Pays the revenue pool: each share budget × weight ÷ Σ weights, toward zero. Its row's remainder
 * (rounding, when capped) goes to the residual pool like every other pool's.
 */
export function payRevenueShares({ shares, budget }: RevenueShares, emission: bigint): { amounts: bigint[]; row: PoolAllocation } {
  let sum = 0n
  for (const share of shares) sum += share.weight
  let paid = 0n
  const amounts = shares.map((share) => {
    const amount = sum === 0n ? 0n : (budget * share.weight) / sum
    paid += amount
    return amount
  })
  const basisPoints = emission === 0n ? 0 : Number((budget * BASIS_POINTS_TOTAL) / emission)
  return { amounts, row: { pool: REVENUE_POOL, basisPoints, allocation: budget, paid, remainder: budget - paid, totalWeight: sum } }
}

function checkRule(rule: RevenueShareRule): void {
  for (const [field, value] of Object.entries(rule)) {
    if (!Number.isSafeInteger(value) || value < 0 || value > Number(BASIS_POINTS_TOTAL)) {
      throw new PinionError('PINION_ERR_EPOCH_INPUT', `revenue share ${field} is ${value}; expected basis points from 0 to 10000`)
    }
  }
}
