import { tokensForCredits } from './credits.ts'

/**
 * How operators are paid:
 * - `net-emissions` (Helium's HIP-20): the epoch's whole mint, the scheduled emission plus the
 *   re-minted burn, goes to the operators;
 * - `revenue-share`: nothing burnt is re-minted; the operators are paid the epoch's credit spend
 *   valued in tokens at the epoch's price, out of the epoch's emission and never more than it; the
 *   rest of the emission goes to the other pools (coverage, treasury, stakers).
 */
export type RevenueMode = 'net-emissions' | 'revenue-share'
export const REVENUE_MODES: readonly RevenueMode[] = ['net-emissions', 'revenue-share']

/**
 * The oracle's revenue-share rule (packages/oracle/src/epoch/shareRevenue.ts): operators are paid
 * `shareBps` of the spend, and revenue shares take at most `maxEmissionBps` of the emission.
 */
export type RevenueShareRule = { readonly shareBps: number; readonly maxEmissionBps: number }

/** The simulator's default: all of the spend, up to all of the emission. Helium IoT capped data transfer at 50 % (`maxEmissionBps: 5_000`). */
export const WHOLE_SPEND_UP_TO_EMISSION: RevenueShareRule = Object.freeze({ shareBps: 10_000, maxEmissionBps: 10_000 })

const BASIS_POINTS = 10_000n

/** Refuses a rule whose parts are not whole basis points from 0 to 10,000, as the oracle does. */
export function checkRevenueShareRule(rule: RevenueShareRule): void {
  for (const [field, value] of Object.entries(rule)) {
    if (!Number.isSafeInteger(value) || value < 0 || value > 10_000) throw new RangeError(`revenue share ${field} is ${value}, expected basis points from 0 to 10,000`)
  }
}

/** An epoch's mint, split between the operators and the other pools. */
export type MintSplit = { operators: bigint; otherPools: bigint }

/**
 * Splits `minted` (what the epoch actually minted, after the cap) by `mode`. `creditsSpent` are the
 * credits customers used in the epoch and `perToken` the epoch's credits per token. In revenue-share
 * mode the operators get `min(spend × shareBps / 10^4, minted × maxEmissionBps / 10^4)`, the spend
 * valued as `credits × 10^18 / creditsPerToken`: every division toward zero, as the oracle's
 * chargeReceipts and revenueShares (which round per device; here all customers are one).
 */
export function operatorRevenue(mode: RevenueMode, minted: bigint, creditsSpent: bigint, perToken: bigint, rule: RevenueShareRule = WHOLE_SPEND_UP_TO_EMISSION): MintSplit {
  if (mode === 'net-emissions') return { operators: minted, otherPools: 0n }
  checkRevenueShareRule(rule)
  const owed = (tokensForCredits(creditsSpent, perToken) * BigInt(rule.shareBps)) / BASIS_POINTS
  const cap = (minted * BigInt(rule.maxEmissionBps)) / BASIS_POINTS
  const operators = owed < cap ? owed : cap
  return { operators, otherPools: minted - operators }
}
