import { ONE, PinionError, mulDiv } from '@pinion/protocol'

/**
 * A provider's reputation as Storj keeps it (satellite/reputation): a beta distribution's α (evidence
 * of good outcomes) and β (of bad ones), each old outcome forgotten by a factor λ per new one, so that
 * about 1/(1 − λ) recent outcomes count. Fixed point, 18 decimals (ONE = 1), every product rounded
 * toward zero, so every oracle computes the same bits where Storj's satellite used float64.
 */
export type BetaReputation = { alpha: bigint; beta: bigint }

export type ReputationRule = {
  /** λ, the forgetting factor, in (0, ONE). */
  lambda: bigint
  /** w, what one outcome weighs. */
  weight: bigint
  /** Disqualified once α / (α + β) is below this. */
  disqualifyBelow: bigint
  /** Where a new provider starts. */
  initial: BetaReputation
}

const fraction = (thousandths: bigint) => (ONE * thousandths) / 1_000n

/**
 * Storj's audit reputation (reputation/config.go: AuditLambda 0.999, AuditWeight 1, AuditDQ 0.96,
 * InitialAlpha 1000, InitialBeta 0): a new node starts at 1 and is disqualified after 41 failed audits
 * in a row (0.999^41 < 0.96).
 */
export const STORJ_AUDIT_REPUTATION: ReputationRule = {
  lambda: fraction(999n),
  weight: ONE,
  disqualifyBelow: fraction(960n),
  initial: { alpha: 1_000n * ONE, beta: 0n },
}

/** λ^n by squaring, each product rounded toward zero. */
function power(lambda: bigint, n: bigint): bigint {
  let result = ONE
  let base = lambda
  for (let e = n; e > 0n; e >>= 1n) {
    if (e & 1n) result = mulDiv(result, base, ONE)
    base = mulDiv(base, base, ONE)
  }
  return result
}

/**
 * `reputation` after `count` outcomes, all good (`passed`) or all bad: the kind of outcome gains
 * w(1 − λⁿ)/(1 − λ) after its evidence decays by λⁿ, and the other kind only decays (Storj's
 * UpdateReputationMultiple). Rounded toward zero at each step.
 */
export function recordOutcomes(reputation: BetaReputation, rule: ReputationRule, passed: boolean, count: number): BetaReputation {
  if (!Number.isSafeInteger(count) || count < 0) throw new PinionError('PINION_ERR_MATH', `an outcome count is a whole number, not ${count}`)
  if (rule.lambda <= 0n || rule.lambda >= ONE) throw new PinionError('PINION_ERR_MATH', `λ must be between 0 and 1 (exclusive), not ${rule.lambda} / ${ONE}`)
  const decay = power(rule.lambda, BigInt(count))
  const gained = mulDiv(rule.weight, ONE - decay, ONE - rule.lambda)
  const alpha = mulDiv(reputation.alpha, decay, ONE)
  const beta = mulDiv(reputation.beta, decay, ONE)
  return passed ? { alpha: alpha + gained, beta } : { alpha, beta: beta + gained }
}

/** α / (α + β), rounded toward zero; ONE (no evidence against) when both are zero. */
export function reputationScore(reputation: BetaReputation): bigint {
  const total = reputation.alpha + reputation.beta
  return total === 0n ? ONE : mulDiv(reputation.alpha, ONE, total)
}

/** Whether `reputation`'s score is below the rule's bar. */
export function isDisqualified(reputation: BetaReputation, rule: ReputationRule): boolean {
  return reputationScore(reputation) < rule.disqualifyBelow
}
