import { ONE, mulDiv } from '@pinion/protocol'
import type { WirelessParams } from './params.ts'
import { BASIS_POINTS } from './rules.ts'

/** HIP-15's constant 2 in "2 − decay^(n−R)" (Helium's Decimal::TWO), fixed point. */
const TWO = 2n * ONE

type Hip15 = Pick<WirelessParams, 'witnessRedundancy' | 'rewardDecayBps' | 'unitCapBps'>

/** decay^k in fixed point, each multiplication rounded toward zero. */
export function decayPower(params: Hip15, k: number): bigint {
  const decay = (BigInt(params.rewardDecayBps) * ONE) / BigInt(BASIS_POINTS)
  let power = ONE
  for (let i = 0; i < k; i++) power = mulDiv(power, decay, ONE)
  return power
}

const cap = (params: Hip15) => (BigInt(params.unitCapBps) * ONE) / BigInt(BASIS_POINTS)
const min = (a: bigint, b: bigint) => (a < b ? a : b)

/**
 * HIP-15 reward units of a beacon's beaconer with n selected witnesses (R = witnessRedundancy):
 * 0 if n = 0; n / R if n ≤ R; else min(cap, 2 − decay^(n−R)). Fixed point, rounding toward zero.
 */
export function beaconerUnits(params: Hip15, n: number): bigint {
  if (n <= 0) return 0n
  const r = params.witnessRedundancy
  if (n <= r) return (BigInt(n) * ONE) / BigInt(r)
  const units = TWO - decayPower(params, n - r)
  return min(cap(params), units < 0n ? 0n : units)
}

/**
 * HIP-15 reward units of each of a beacon's n selected witnesses: 1 if n ≤ R; else
 * min(cap, (R − (1 − decay^(n−R))) / n). Fixed point, rounding toward zero.
 */
export function witnessUnits(params: Hip15, n: number): bigint {
  if (n <= 0) return 0n
  const r = params.witnessRedundancy
  if (n <= r) return ONE
  const total = BigInt(r) * ONE - (ONE - decayPower(params, n - r))
  return min(cap(params), total / BigInt(n))
}
