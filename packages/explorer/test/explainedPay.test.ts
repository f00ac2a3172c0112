import { readFileSync } from 'node:fs'
import { ONE, applyMultiplier } from '@pinion/protocol'
import { type GoldenEpoch, inputOf } from '@pinion/testkit/oracle/goldenEpoch'
import { beforeAll, describe, expect, it } from 'vitest'
import { computeEpoch } from '../../oracle/src/epoch/computeEpoch.ts'
import type { EpochResult } from '../../oracle/src/epoch/types.ts'
import { EXACT_DIGITS, formatFixedPoint, formatMultiplier, formatTokens } from '../app/lib/format.ts'

/** A number as the explanation shows it ("1,259.25", "×0.5", "3.1 PIN") read back as 18-decimal fixed point. */
function readShown(text: string): bigint {
  const plain = text.replace(/^×/, '').replace(/ PIN$/, '').replaceAll(',', '')
  const [whole, fraction = ''] = plain.split('.') as [string, string?]
  expect(fraction.length).toBeLessThanOrEqual(18)
  return BigInt(whole) * ONE + BigInt(fraction.padEnd(18, '0'))
}

const shownFixed = (value: bigint) => readShown(formatFixedPoint(value.toString(), EXACT_DIGITS))
const shownTokens = (value: bigint) => readShown(formatTokens(value, 'PIN', EXACT_DIGITS))

/**
 * Every number the explorer's explanation of a reward shows (ShareSteps: base, each multiplier, the
 * weight, the pool's allocation and total weight, the amount; and the wireless inputs a base and a
 * density scale come from) is what the code computed, to the last unit: read back from the page's
 * text and recomputed by the rules the page states, it lands on the amount paid. Over a simulated
 * wireless epoch (the golden one, rules v2: beacons, witnesses, data transfers, adversaries).
 */
describe("the explorer's explanation of a reward", () => {
  const golden = JSON.parse(readFileSync(new URL('../../oracle/test/golden/wireless-v3.json', import.meta.url), 'utf8')) as GoldenEpoch[]
  let result: EpochResult
  const input = inputOf(golden[1]!)

  beforeAll(async () => {
    result = await computeEpoch(input, { treeThreads: 1 })
  })

  it('has paid coverage, usage and the residual pool in the epoch it explains', () => {
    expect(result.shares.filter((share) => share.pool === 'wireless.coverage' && share.amount > 0n).length).toBeGreaterThan(3)
    expect(result.shares.some((share) => share.pool === 'wireless.usage' && share.amount > 0n)).toBe(true)
  })

  it('shows every number exactly: base, multipliers, weight, allocation, total weight and amount read back to the values paid', () => {
    for (const share of result.shares) {
      expect(shownFixed(share.base)).toBe(share.base)
      expect(shownFixed(share.weight)).toBe(share.weight)
      for (const multiplier of share.multipliers) expect(readShown(formatMultiplier(multiplier.value.toString()))).toBe(multiplier.value)
      expect(shownTokens(share.amount)).toBe(share.amount)
    }
    for (const pool of result.pools) {
      expect(shownTokens(pool.allocation)).toBe(pool.allocation)
      expect(shownFixed(pool.totalWeight)).toBe(pool.totalWeight)
    }
  })

  it('adds up as the page says: base × each multiplier toward zero is the weight; allocation × weight ÷ total weight toward zero is the amount', () => {
    for (const share of result.shares) {
      const pool = result.pools.find((p) => p.pool === share.pool)!
      const weight = share.multipliers.reduce((w, m) => applyMultiplier(w, readShown(formatMultiplier(m.value.toString()))), shownFixed(share.base))
      expect(weight).toBe(shownFixed(share.weight))
      const amount = shownFixed(pool.totalWeight) === 0n ? 0n : (shownTokens(pool.allocation) * weight) / shownFixed(pool.totalWeight)
      expect(amount, `${share.deviceId} in ${share.pool}`).toBe(shownTokens(share.amount))
    }
  })

  it("lets an operator redo a wireless coverage share from its inputs: Helium's unit values give the base, the scaled units the density multiplier", () => {
    const coverage = result.shares.filter((share) => share.pool === 'wireless.coverage')
    expect(coverage.length).toBeGreaterThan(0)
    for (const share of coverage) {
      const number = (name: string) => readShown(String(share.inputs[name]))
      const [beaconValue, witnessValue] = [number('beaconUnitValue'), number('witnessUnitValue')]
      const valued = number('beaconUnits') * beaconValue + number('witnessUnits') * witnessValue
      expect(valued / ONE).toBe(share.base)
      if (valued === 0n) continue
      const scaled = number('beaconScaledUnits') * beaconValue + number('witnessScaledUnits') * witnessValue
      expect((scaled * ONE) / valued).toBe(share.multipliers.find((m) => m.name === 'hexDensity')!.value)
    }
  })

  it("pays each recipient exactly the sum of the amounts its devices' explanations show", () => {
    const explained = new Map<string, bigint>()
    for (const share of result.shares) explained.set(share.recipient.toLowerCase(), (explained.get(share.recipient.toLowerCase()) ?? 0n) + shownTokens(share.amount))
    const previous = new Map([...input.previousCumulative].map(([recipient, amount]) => [recipient.toLowerCase(), amount]))
    for (const { recipient, cumulativeAmount } of result.cumulative) {
      if (recipient === input.residual.recipient.toLowerCase()) continue
      expect(cumulativeAmount - (previous.get(recipient) ?? 0n), recipient).toBe(explained.get(recipient) ?? 0n)
    }
  })
})
