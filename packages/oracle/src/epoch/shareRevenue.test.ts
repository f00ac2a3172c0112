import { ONE } from '@pinion/protocol'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { HELIUM_REVENUE_SHARE, REVENUE_POOL, payRevenueShares, revenueShares } from './shareRevenue.ts'

const hex32 = (byte: number) => `0x${byte.toString(16).padStart(2, '0').repeat(32)}` as Hex
const [A, B, C] = [hex32(1), hex32(2), hex32(3)]
const revenue = new Map([
  [
    'wireless',
    new Map([
      [B, 3n * ONE],
      [A, 1n * ONE],
    ]),
  ],
  [
    'mobile',
    new Map([
      [C, 2n * ONE],
      [A, 0n],
    ]),
  ],
])

describe('revenueShares', () => {
  it('owes each device its share of its revenue, kinds by name then device id, skipping nothing earned', () => {
    const { shares, budget } = revenueShares(revenue, { shareBps: 5_000, maxEmissionBps: 10_000 }, 100n * ONE, [])
    expect(shares.map((s) => [s.inputs.kind, s.deviceId, s.base, s.weight])).toEqual([
      ['mobile', C, 2n * ONE, ONE],
      ['wireless', A, ONE, ONE / 2n],
      ['wireless', B, 3n * ONE, (3n * ONE) / 2n],
    ])
    expect(shares.every((s) => s.pool === REVENUE_POOL)).toBe(true)
    expect(budget).toBe(3n * ONE)
    const { amounts, row } = payRevenueShares({ shares, budget }, 100n * ONE)
    expect(amounts).toEqual([ONE, ONE / 2n, (3n * ONE) / 2n])
    expect(row).toEqual({ pool: REVENUE_POOL, basisPoints: 300, allocation: 3n * ONE, paid: 3n * ONE, remainder: 0n, totalWeight: 3n * ONE })
  })

  it('caps the budget at maxEmissionBps of the emission (Helium: 50 %), scaling every share down alike, toward zero', () => {
    const { shares, budget } = revenueShares(revenue, HELIUM_REVENUE_SHARE, 3n * ONE, [])
    expect(budget).toBe((3n * ONE) / 2n)
    const { amounts, row } = payRevenueShares({ shares, budget }, 3n * ONE)
    // Owed 2, 1 and 3 tokens (6 in all), paid a quarter of each.
    expect(amounts).toEqual([ONE / 2n, ONE / 4n, (3n * ONE) / 4n])
    expect(row.paid + row.remainder).toBe(budget)
  })

  it('refuses basis points outside 0..10000 and a configured pool named like the revenue pool', () => {
    expect(() => revenueShares(revenue, { shareBps: 10_001, maxEmissionBps: 0 }, ONE, [])).toThrow('revenue share shareBps is 10001')
    expect(() => revenueShares(revenue, HELIUM_REVENUE_SHARE, ONE, [{ name: REVENUE_POOL, basisPoints: 10_000 }])).toThrow('is the revenue share')
  })
})
