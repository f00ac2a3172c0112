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

/** An epoch's mint, split between the operators and the other pools. */
export type MintSplit = { operators: bigint; otherPools: bigint }

/**
 * Splits `minted` (what the epoch actually minted, after the cap) by `mode`. `creditsSpent` are the
 * credits customers used in the epoch and `perToken` the epoch's credits per token; their value in
 * tokens rounds toward zero.
 */
export function operatorRevenue(mode: RevenueMode, minted: bigint, creditsSpent: bigint, perToken: bigint): MintSplit {
  if (mode === 'net-emissions') return { operators: minted, otherPools: 0n }
  const spend = tokensForCredits(creditsSpent, perToken)
  const operators = spend < minted ? spend : minted
  return { operators, otherPools: minted - operators }
}
