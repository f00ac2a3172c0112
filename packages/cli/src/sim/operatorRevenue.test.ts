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

  it('never pays more than the emission, and nothing when the cap left none', () => {
    expect(operatorRevenue('revenue-share', 7n * TOKEN, 3_000_000n, 300_000n)).toEqual({ operators: 7n * TOKEN, otherPools: 0n })
    expect(operatorRevenue('revenue-share', 0n, 3_000_000n, 300_000n)).toEqual({ operators: 0n, otherPools: 0n })
  })
})
