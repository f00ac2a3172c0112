import { creditsFor, creditsPerToken, creditsWorth, tokensForCredits, usdValue } from './credits.ts'
import { type EmissionSchedule, emissionOf } from './emissions.ts'
import { epochMint, netEmission } from './epochMint.ts'
import { type RevenueMode, type RevenueShareRule, checkRevenueShareRule, operatorRevenue } from './operatorRevenue.ts'

/** The token's supply side: the schedule, the cap, where supply starts, how burns come back. */
export type TokenomicsParams = {
  schedule: EmissionSchedule
  /** The token's cap (PinionToken.cap), 18 decimals. */
  cap: bigint
  /** Supply at the start of epoch 0 (a genesis allocation), counted against the cap. */
  initialSupply: bigint
  /** HIP-20's cap on the burn re-minted per epoch; 0 turns net emissions off, as revenue-share mode needs. */
  netEmissionCapPerEpoch: bigint
  mode: RevenueMode
  /** In revenue-share mode, how much of the spend operators get and at most how much of the emission. */
  revenueShare: RevenueShareRule
}

/** The demand side, one entry per epoch: what customers need in dollars, and the token's price. */
export type DemandPath = {
  /** Service customers use in the epoch, USD × 10^18: they buy credits worth that much. */
  demandUsd: readonly bigint[]
  /** The token's price in the epoch, USD × 10^18 per whole token. */
  priceUsd: readonly bigint[]
}

/** One epoch of the simulation. Token amounts have 18 decimals, USD amounts are × 10^18. */
export type EpochOutcome = {
  epoch: number
  demandUsd: bigint
  priceUsd: bigint
  /** Credits one whole token buys at the epoch's price. */
  creditsPerToken: bigint
  /** Credits customers bought (and spent) in the epoch. */
  creditsBought: bigint
  /** Tokens customers burnt for them. */
  burned: bigint
  /** The schedule's emission for the epoch. */
  scheduled: bigint
  /** The burn re-minted under net emissions (before the cap). */
  netEmission: bigint
  /** What the epoch minted, within the cap. */
  minted: bigint
  /** What the cap left no room for. */
  clipped: bigint
  /** `minted - burned`: the epoch's change of supply. */
  netSupplyChange: bigint
  /** Supply at the end of the epoch. */
  totalSupply: bigint
  /** Tokens a customer burns for 1,000,000 credits ($10 of service) at the epoch's price. */
  tokensPerMillionCredits: bigint
  /** The operators' share of the mint, in tokens and valued at the epoch's price. */
  operatorTokens: bigint
  operatorUsd: bigint
  /** The rest of the mint (revenue-share mode only). */
  otherPoolsTokens: bigint
}

/** 2^192 - 1: PinionToken's largest cap (the distributor and the schedule pack amounts in 192 bits). */
const MAX_TOKEN_CAP = (1n << 192n) - 1n

/** Refuses parameters the contracts would refuse, or that the model cannot run. */
function checkParams(params: TokenomicsParams): void {
  const { schedule, cap, initialSupply, netEmissionCapPerEpoch, mode, revenueShare } = params
  if (schedule.initialEpochEmission <= 0n) throw new RangeError(`initialEpochEmission is ${schedule.initialEpochEmission}, expected more than 0 (Emissions' InvalidSchedule)`)
  if (schedule.halvingInterval < 0n) throw new RangeError(`halvingInterval is ${schedule.halvingInterval}, expected 0 (none) or more`)
  if (cap <= 0n || cap > MAX_TOKEN_CAP) throw new RangeError(`cap is ${cap}, expected 1 to 2^192 - 1 (PinionToken)`)
  if (initialSupply < 0n || initialSupply > cap) throw new RangeError(`initialSupply is ${initialSupply}, expected 0 to the cap ${cap}`)
  if (netEmissionCapPerEpoch < 0n) throw new RangeError(`netEmissionCapPerEpoch is ${netEmissionCapPerEpoch}, expected 0 or more`)
  if (mode === 'revenue-share' && netEmissionCapPerEpoch !== 0n) {
    throw new RangeError(`revenue-share mode re-mints no burn: netEmissionCapPerEpoch is ${netEmissionCapPerEpoch}, expected 0`)
  }
  checkRevenueShareRule(revenueShare)
}

/**
 * Runs the burn-and-mint economy over the epochs of `path`. Each epoch, in the order the chain does it:
 * 1. customers need credits worth the epoch's demand (`creditsWorth`); they burn the tokens those cost
 *    at the epoch's price (`tokensForCredits`, toward zero) and get `creditsFor` them;
 * 2. after the epoch, its emission is released: `emissionOf(e)` plus `netEmission(burned)`, within
 *    the room the cap leaves above the supply after the burn (`epochMint`);
 * 3. the mint is split between operators and the other pools by the mode (`operatorRevenue`).
 * Pure and deterministic: integers only, every division toward zero.
 */
export function simulateTokenomics(params: TokenomicsParams, path: DemandPath): EpochOutcome[] {
  checkParams(params)
  if (path.demandUsd.length !== path.priceUsd.length) {
    throw new RangeError(`the demand path has ${path.demandUsd.length} epochs and the price path ${path.priceUsd.length}, expected the same`)
  }
  const outcomes: EpochOutcome[] = []
  let supply = params.initialSupply
  for (let epoch = 0; epoch < path.demandUsd.length; epoch++) {
    const demandUsd = path.demandUsd[epoch]!
    const priceUsd = path.priceUsd[epoch]!
    const perToken = creditsPerToken(priceUsd)
    if (perToken === 0n) throw new RangeError(`epoch ${epoch}: the token's price ${priceUsd} (USD × 10^18) is below one credit ($0.00001), so it buys no credits`)
    const burned = tokensForCredits(creditsWorth(demandUsd), perToken)
    if (burned > supply) throw new RangeError(`epoch ${epoch}: customers would burn ${burned} tokens, more than the supply ${supply}`)
    const creditsBought = creditsFor(burned, perToken)
    supply -= burned
    const mint = epochMint(emissionOf(BigInt(epoch), params.schedule), netEmission(burned, params.netEmissionCapPerEpoch), supply, params.cap)
    supply += mint.minted
    const split = operatorRevenue(params.mode, mint.minted, creditsBought, perToken, params.revenueShare)
    outcomes.push({
      epoch,
      demandUsd,
      priceUsd,
      creditsPerToken: perToken,
      creditsBought,
      burned,
      scheduled: mint.scheduled,
      netEmission: mint.netEmission,
      minted: mint.minted,
      clipped: mint.clipped,
      netSupplyChange: mint.minted - burned,
      totalSupply: supply,
      tokensPerMillionCredits: tokensForCredits(1_000_000n, perToken),
      operatorTokens: split.operators,
      operatorUsd: usdValue(split.operators, priceUsd),
      otherPoolsTokens: split.otherPools,
    })
  }
  return outcomes
}
