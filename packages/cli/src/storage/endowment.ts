import { ONE, PinionError, mulDiv } from '@pinion/protocol'

const GIB = 1n << 30n
const BASIS_POINTS = 10_000n

/**
 * Arweave's endowment ("pay once, store forever"), as parameters: `replicas` copies (N_REPLICATIONS
 * 20 since 2.6) of `bytes`, paid for `years` ahead at `pricePerGiBYear` (token base units) falling
 * `annualDeclineBps` a year (PRICE_DECAY_ANNUAL 0.995: 50 bps); the storer takes 1/21 at once
 * (MINER_FEE_SHARE), the rest funds the vault that pays providers period by period.
 */
export type EndowmentTerms = {
  bytes: bigint
  pricePerGiBYear: bigint
  replicas: number
  /** Years paid for ahead, or 'forever': the price's whole future, Σ (1 − d)^t = 1/d price-years. */
  years: number | 'forever'
  annualDeclineBps: number
}

/** Arweave's terms for `bytes` at `pricePerGiBYear`: 20 replicas, forever, at a 0.5 % yearly decline (200 price-years). */
export const arweaveTerms = (bytes: bigint, pricePerGiBYear: bigint): EndowmentTerms => ({ bytes, pricePerGiBYear, replicas: 20, years: 'forever', annualDeclineBps: 50 })

/** The storer's share paid at once (Arweave's MINER_FEE_SHARE, 1/21). */
const IMMEDIATE_SHARE_DENOMINATOR = 21n

/**
 * The one-time payment for `terms`: bytes / GiB × price × replicas × Σ_{t < years} (1 − d)^t, the
 * sum in fixed point (ONE = a year at today's price) and every step rounded toward zero; and its
 * split into what the storer is paid at once and what the endowment keeps.
 */
export function endowmentFor(terms: EndowmentTerms): { total: bigint; immediate: bigint; endowment: bigint; priceYears: bigint } {
  const { bytes, pricePerGiBYear, replicas, years, annualDeclineBps } = terms
  if (bytes < 0n || pricePerGiBYear < 0n || !Number.isSafeInteger(replicas) || replicas < 1) {
    throw new PinionError(
      'PINION_ERR_MATH',
      `an endowment needs bytes and a price that are not negative and a whole number of replicas from 1 (got ${bytes}, ${pricePerGiBYear}, ${replicas})`,
    )
  }
  if (!Number.isInteger(annualDeclineBps) || annualDeclineBps < 0 || annualDeclineBps >= 10_000) {
    throw new PinionError('PINION_ERR_MATH', `a yearly decline is whole basis points from 0 to 9,999, not ${annualDeclineBps}`)
  }
  const decline = BigInt(annualDeclineBps)
  let priceYears: bigint
  if (years === 'forever') {
    if (decline === 0n) throw new PinionError('PINION_ERR_MATH', 'storing forever at a price that never falls costs without end: give a yearly decline, or a number of years')
    priceYears = mulDiv(ONE, BASIS_POINTS, decline)
  } else {
    if (!Number.isSafeInteger(years) || years < 0) throw new PinionError('PINION_ERR_MATH', `years are a whole number, not ${years}`)
    priceYears = 0n
    let term = ONE
    for (let t = 0; t < years; t++) {
      priceYears += term
      term = mulDiv(term, BASIS_POINTS - decline, BASIS_POINTS)
    }
  }
  const total = mulDiv(bytes * pricePerGiBYear * BigInt(replicas), priceYears, GIB * ONE)
  const immediate = total / IMMEDIATE_SHARE_DENOMINATOR
  return { total, immediate, endowment: total - immediate, priceYears }
}
