import { describe, expect, it } from 'vitest'
import { TOKEN, USD, creditsFor, creditsPerToken, creditsWorth, tokensForCredits, usdValue } from './credits.ts'

describe('creditsPerToken', () => {
  it('is the price over $0.00001, toward zero', () => {
    expect(creditsPerToken(3n * USD)).toBe(300_000n)
    expect(creditsPerToken(USD / 100_000n)).toBe(1n)
    // $0.0000199999…: one credit and most of another, cut to one.
    expect(creditsPerToken((2n * USD) / 100_000n - 1n)).toBe(1n)
    expect(creditsPerToken(USD / 100_000n - 1n)).toBe(0n)
    expect(() => creditsPerToken(-1n)).toThrow(RangeError)
  })
})

describe('creditsFor', () => {
  it('is tokens × credits per token / 10^18, toward zero', () => {
    expect(creditsFor(TOKEN, 300_000n)).toBe(300_000n)
    expect(creditsFor(TOKEN / 2n, 300_000n)).toBe(150_000n)
    // 1 wei short of the token that buys the 300,000th credit.
    expect(creditsFor(TOKEN - 1n, 300_000n)).toBe(299_999n)
    expect(creditsFor(1n, 300_000n)).toBe(0n)
    expect(() => creditsFor(-1n, 1n)).toThrow(RangeError)
  })
})

describe('tokensForCredits', () => {
  it('is credits × 10^18 / credits per token, toward zero, so at most one credit short', () => {
    expect(tokensForCredits(300_000n, 300_000n)).toBe(TOKEN)
    // 1,000,000 credits at 300,000 a token: 3.333… tokens, cut at the 18th decimal.
    const tokens = tokensForCredits(1_000_000n, 300_000n)
    expect(tokens).toBe(3_333_333_333_333_333_333n)
    expect(creditsFor(tokens, 300_000n)).toBe(999_999n)
    expect(() => tokensForCredits(1n, 0n)).toThrow(/worth less than one credit/)
    expect(() => tokensForCredits(-1n, 1n)).toThrow(RangeError)
  })
})

describe('creditsWorth and usdValue', () => {
  it('convert dollars to whole credits and tokens to dollars, toward zero', () => {
    expect(creditsWorth(30_000n * USD)).toBe(3_000_000_000n)
    expect(creditsWorth(USD / 100_000n - 1n)).toBe(0n)
    expect(() => creditsWorth(-1n)).toThrow(RangeError)
    expect(usdValue(2n * TOKEN, 3n * USD)).toBe(6n * USD)
    expect(usdValue(1n, USD - 1n)).toBe(0n)
  })
})
