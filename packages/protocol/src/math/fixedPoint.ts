import { PinionError } from '../errors.ts'

/**
 * Reward maths in bigint fixed point. One rounding rule everywhere: toward zero. Whatever rounding
 * drops is never paid to anyone by accident: splitting functions return it as `remainder`, and the
 * caller sends it to a named pool (helium/oracles does the same: percentages never round up, so
 * the residual absorbs the dust without over-allocating).
 */

/** 1.0 in the fixed-point scale used for multipliers (18 decimals, like the token). */
export const ONE = 10n ** 18n

/** floor(a × b ÷ denominator) for non-negative inputs. */
export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new PinionError('PINION_ERR_MATH', `denominator must be positive, got ${denominator}`)
  if (a < 0n || b < 0n) throw new PinionError('PINION_ERR_MATH', `mulDiv takes non-negative values, got ${a} and ${b}`)
  return (a * b) / denominator
}

/** Applies a fixed-point multiplier (ONE = ×1) to a value, rounding toward zero. */
export function applyMultiplier(value: bigint, multiplier: bigint): bigint {
  return mulDiv(value, multiplier, ONE)
}

/**
 * Splits `total` among `weights` pro rata, each share rounded toward zero. Returns the shares in
 * the order of `weights`, and the remainder (0 ≤ remainder < number of non-zero weights).
 */
export function splitProRata<key>(total: bigint, weights: ReadonlyMap<key, bigint>): { shares: Map<key, bigint>; remainder: bigint } {
  if (total < 0n) throw new PinionError('PINION_ERR_MATH', `cannot split a negative total ${total}`)
  let sum = 0n
  for (const [key, weight] of weights) {
    if (weight < 0n) throw new PinionError('PINION_ERR_MATH', `weight of ${String(key)} is negative: ${weight}`)
    sum += weight
  }
  const shares = new Map<key, bigint>()
  if (sum === 0n) return { shares, remainder: total }
  let paid = 0n
  for (const [key, weight] of weights) {
    const share = (total * weight) / sum
    shares.set(key, share)
    paid += share
  }
  return { shares, remainder: total - paid }
}
