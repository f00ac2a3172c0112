import { describe, expect, it } from 'vitest'
import { formatFixedPoint, formatMultiplier, formatTokens, formatTokensCompact, shortHex } from './format.ts'

describe('formatTokens', () => {
  it('shows whole tokens, grouped, with the fraction trimmed toward zero', () => {
    expect(formatTokens(1_234_567_800_000_000_000_000n, 'PIN')).toBe('1,234.5678 PIN')
    expect(formatTokens('593750000000000000000', 'PIN', 6)).toBe('593.75 PIN')
    expect(formatTokens(1n, 'PIN')).toBe('0 PIN')
    expect(formatTokens(1n, 'PIN', 18)).toBe('0.000000000000000001 PIN')
    expect(formatTokens(-5n * 10n ** 17n, 'PIN')).toBe('−0.5 PIN')
  })

  it('follows the token’s decimals', () => {
    expect(formatTokens(1_500_000n, 'USDC', 2, 6)).toBe('1.5 USDC')
  })
})

describe('formatTokensCompact', () => {
  it('abbreviates whole tokens to two decimals, toward zero', () => {
    const tokens = (n: bigint) => n * 10n ** 18n
    expect(formatTokensCompact(tokens(24_745n) + 199n * 10n ** 15n, 'PIN')).toBe('24.74K PIN')
    expect(formatTokensCompact(tokens(1_239_999n), 'PIN')).toBe('1.23M PIN')
    expect(formatTokensCompact(tokens(123_456_789_012n), 'PIN')).toBe('123.45B PIN')
    expect(formatTokensCompact(tokens(5_000_000_000_000_000n), 'PIN')).toBe('5,000T PIN')
    expect(formatTokensCompact(tokens(999n), 'PIN')).toBe('999 PIN')
    expect(formatTokensCompact(-tokens(2_000n), 'PIN')).toBe('−2K PIN')
  })
})

describe('fixed-point figures', () => {
  it('shows bases, weights and multipliers (1e18 = one)', () => {
    expect(formatFixedPoint('12000000000000000000')).toBe('12')
    expect(formatFixedPoint('7500000000000000000')).toBe('7.5')
    expect(formatMultiplier('1000000000000000000')).toBe('×1')
    expect(formatMultiplier('250000000000000000')).toBe('×0.25')
    expect(formatMultiplier('333333333333333333')).toBe('×0.333333333333333333')
    expect(formatMultiplier('0')).toBe('×0')
  })
})

describe('shortHex', () => {
  it('keeps the start and the end', () => {
    expect(shortHex('0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc')).toBe('0x996550…a4dc')
    expect(shortHex('0x1234')).toBe('0x1234')
  })
})
