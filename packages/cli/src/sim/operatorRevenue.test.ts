import { describe, expect, it } from 'vitest'
import { TOKEN } from './credits.ts'
import { operatorRevenue } from './operatorRevenue.ts'

describe('operatorRevenue', () => {
  it('pays operators the whole mint under net emissions', () => {
    expect(operatorRevenue('net-emissions', 1_080n * TOKEN, 3_000_000n, 300_000n)).toEqual({ operators: 1_080n * TOKEN, otherPools: 0n })
  })

  it("pays operators the credit spend valued at the epoch's price under revenue share, the rest to the other pools", () => {
    // 3,000,000 credits at 300,000 a token are worth 10 tokens.
    expect(operatorRevenue('revenue-share', 1_000n * TOKEN, 3_000_000n, 300_000n)).toEqual({ operators: 10n * TOKEN, otherPools: 990n * TOKEN })
    // Valued toward zero: 1,000,000 credits are 3.333… tokens.
    expect(operatorRevenue('revenue-share', 1_000n * TOKEN, 1_000_000n, 300_000n).operators).toBe(3_333_333_333_333_333_333n)
  })

  it('pays shareBps of the spend, at most maxEmissionBps of the emission, toward zero, as the oracle rule', () => {
    // 30 % of 10 tokens; then at most 50 % of 7 tokens; then 1/3 % of 10 tokens, cut.
    expect(operatorRevenue('revenue-share', 1_000n * TOKEN, 3_000_000n, 300_000n, { shareBps: 3_000, maxEmissionBps: 10_000 })).toEqual({
      operators: 3n * TOKEN,
      otherPools: 997n * TOKEN,
    })
    expect(operatorRevenue('revenue-share', 7n * TOKEN, 3_000_000n, 300_000n, { shareBps: 10_000, maxEmissionBps: 5_000 }).operators).toBe((7n * TOKEN) / 2n)
    expect(operatorRevenue('revenue-share', 1_000n * TOKEN, 1_000_000n, 300_000n, { shareBps: 1, maxEmissionBps: 10_000 }).operators).toBe(333_333_333_333_333n)
    // Net emissions ignore the rule.
    expect(operatorRevenue('net-emissions', 7n, 3_000_000n, 300_000n, { shareBps: 0, maxEmissionBps: 0 })).toEqual({ operators: 7n, otherPools: 0n })
  })

  it('refuses rule parts that are not whole basis points from 0 to 10,000', () => {
    for (const rule of [
      { shareBps: -1, maxEmissionBps: 0 },
      { shareBps: 0, maxEmissionBps: 10_001 },
      { shareBps: 0.5, maxEmissionBps: 0 },
    ]) {
      expect(() => operatorRevenue('revenue-share', 1n, 1n, 1n, rule)).toThrow(/expected basis points from 0 to 10,000/)
    }
  })

  it('never pays more than the emission, and nothing when the cap left none', () => {
    expect(operatorRevenue('revenue-share', 7n * TOKEN, 3_000_000n, 300_000n)).toEqual({ operators: 7n * TOKEN, otherPools: 0n })
    expect(operatorRevenue('revenue-share', 0n, 3_000_000n, 300_000n)).toEqual({ operators: 0n, otherPools: 0n })
  })
})
