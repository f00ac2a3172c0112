import { describe, expect, it } from 'vitest'
import { TOKEN, USD } from './credits.ts'
import { WHOLE_SPEND_UP_TO_EMISSION } from './operatorRevenue.ts'
import { type TokenomicsParams, simulateTokenomics } from './tokenomicsModel.ts'

const T = TOKEN
/** 1,000 tokens an epoch halving every 2, a 10,000 cap, 8,000 to start, burns re-minted up to 80 an epoch. */
const small: TokenomicsParams = {
  schedule: { initialEpochEmission: 1_000n * T, halvingInterval: 2n },
  cap: 10_000n * T,
  initialSupply: 8_000n * T,
  netEmissionCapPerEpoch: 80n * T,
  mode: 'net-emissions',
  revenueShare: WHOLE_SPEND_UP_TO_EMISSION,
}
const dollars = (...amounts: bigint[]) => amounts.map((a) => a * USD)
const at = (price: bigint, epochs: number) => new Array<bigint>(epochs).fill(price)

describe('simulateTokenomics', () => {
  it('burns, re-mints up to the net cap, halves and clips at the cap, epoch by epoch (worked by hand)', () => {
    // $1 a token buys 100,000 credits: $1 of demand burns exactly one token.
    const outcomes = simulateTokenomics(small, { demandUsd: dollars(50n, 200n, 0n, 300n, 10n), priceUsd: at(USD, 5) })
    const pick = outcomes.map((o) => [o.burned, o.scheduled, o.netEmission, o.minted, o.clipped, o.netSupplyChange, o.totalSupply, o.operatorTokens].map((x) => x / T))
    expect(pick).toEqual([
      // 8,000 − 50 = 7,950; 1,000 + 50 re-minted → 9,000.
      [50n, 1_000n, 50n, 1_050n, 0n, 1_000n, 9_000n, 1_050n],
      // 9,000 − 200 = 8,800; the re-mint is capped at 80 → 9,880.
      [200n, 1_000n, 80n, 1_080n, 0n, 880n, 9_880n, 1_080n],
      // Halved to 500 at epoch 2; the cap leaves room for 120 only.
      [0n, 500n, 0n, 120n, 380n, 120n, 10_000n, 120n],
      // At the cap, burning 300 makes room for 300 of the 580 wanted.
      [300n, 500n, 80n, 300n, 280n, 0n, 10_000n, 300n],
      // Halved again to 250 at epoch 4: 10 burnt, 10 minted.
      [10n, 250n, 10n, 10n, 250n, 0n, 10_000n, 10n],
    ])
    expect(outcomes.map((o) => o.epoch)).toEqual([0, 1, 2, 3, 4])
    expect(outcomes.every((o) => o.otherPoolsTokens === 0n && o.creditsPerToken === 100_000n && o.tokensPerMillionCredits === 10n * T)).toBe(true)
    expect(outcomes.map((o) => o.creditsBought)).toEqual([5_000_000n, 20_000_000n, 0n, 30_000_000n, 1_000_000n])
  })

  it('rounds every division toward zero: at $3, $10 of credits burns 3.333… tokens and buys one credit less', () => {
    const [outcome] = simulateTokenomics({ ...small, netEmissionCapPerEpoch: 0n }, { demandUsd: dollars(10n), priceUsd: [3n * USD] })
    expect(outcome!.creditsPerToken).toBe(300_000n)
    expect(outcome!.burned).toBe(3_333_333_333_333_333_333n)
    expect(outcome!.creditsBought).toBe(999_999n)
    expect(outcome!.tokensPerMillionCredits).toBe(3_333_333_333_333_333_333n)
    // The operators' 1,000 tokens at $3, exactly; then a price whose product is cut.
    expect(outcome!.operatorUsd).toBe(3_000n * USD)
    // Revenue share at $3.000000000000000001: the operators' 3.33333 tokens (999,999 credits) are
    // worth $9.99999 and 3.33333 × 10^-18 dollars, cut to 3 × 10^-18.
    const [odd] = simulateTokenomics({ ...small, netEmissionCapPerEpoch: 0n, mode: 'revenue-share' }, { demandUsd: dollars(10n), priceUsd: [3n * USD + 1n] })
    expect(odd!.operatorTokens).toBe(3_333_330_000_000_000_000n)
    expect(odd!.operatorUsd).toBe(9_999_990_000_000_000_003n)
    // A demand of $0.0000199…: one whole credit, for 1/100,000 of a token at $1.
    const [cut] = simulateTokenomics(small, { demandUsd: [(2n * USD) / 100_000n - 1n], priceUsd: [USD] })
    expect(cut!.burned).toBe(T / 100_000n)
    expect(cut!.creditsBought).toBe(1n)
  })

  it('pays operators the credit spend out of the emission in revenue-share mode, never more, and re-mints nothing', () => {
    const params: TokenomicsParams = { ...small, initialSupply: 0n, netEmissionCapPerEpoch: 0n, mode: 'revenue-share' }
    // $2 a token, 200,000 credits: $500 burns 250 tokens; $3,000 burns 1,500, more than the emission.
    const outcomes = simulateTokenomics({ ...params, initialSupply: 5_000n * T }, { demandUsd: dollars(500n, 3_000n), priceUsd: at(2n * USD, 2) })
    expect(outcomes.map((o) => [o.burned, o.minted, o.operatorTokens, o.otherPoolsTokens, o.netSupplyChange].map((x) => x / T))).toEqual([
      [250n, 1_000n, 250n, 750n, 750n],
      [1_500n, 1_000n, 1_000n, 0n, -500n],
    ])
    expect(outcomes.map((o) => o.operatorUsd)).toEqual([500n * USD, 2_000n * USD])
    // Helium IoT's rule: all of the spend, at most half the emission.
    const halved = simulateTokenomics(
      { ...params, initialSupply: 5_000n * T, revenueShare: { shareBps: 10_000, maxEmissionBps: 5_000 } },
      { demandUsd: dollars(500n, 3_000n), priceUsd: at(2n * USD, 2) },
    )
    expect(halved.map((o) => [o.operatorTokens, o.otherPoolsTokens].map((x) => x / T))).toEqual([
      [250n, 750n],
      [500n, 500n],
    ])
  })

  it('refuses revenue-share mode with a net emission cap, and parameters the contracts refuse', () => {
    const path = { demandUsd: [0n], priceUsd: [USD] }
    expect(() => simulateTokenomics({ ...small, mode: 'revenue-share' }, path)).toThrow(/revenue-share mode re-mints no burn/)
    expect(() => simulateTokenomics({ ...small, schedule: { initialEpochEmission: 0n, halvingInterval: 2n } }, path)).toThrow(/initialEpochEmission/)
    expect(() => simulateTokenomics({ ...small, schedule: { initialEpochEmission: 1n, halvingInterval: -1n } }, path)).toThrow(/halvingInterval/)
    expect(() => simulateTokenomics({ ...small, cap: 0n }, path)).toThrow(/cap is 0/)
    expect(() => simulateTokenomics({ ...small, cap: 1n << 192n }, path)).toThrow(/2\^192/)
    expect(() => simulateTokenomics({ ...small, initialSupply: small.cap + 1n }, path)).toThrow(/initialSupply/)
    expect(() => simulateTokenomics({ ...small, netEmissionCapPerEpoch: -1n }, path)).toThrow(/netEmissionCapPerEpoch/)
    expect(() => simulateTokenomics({ ...small, revenueShare: { shareBps: 10_001, maxEmissionBps: 0 } }, path)).toThrow(/revenue share shareBps is 10001/)
  })

  it('refuses paths it cannot run: different lengths, a token worth less than a credit, a burn above the supply', () => {
    expect(() => simulateTokenomics(small, { demandUsd: [0n, 0n], priceUsd: [USD] })).toThrow(/2 epochs and the price path 1/)
    expect(() => simulateTokenomics(small, { demandUsd: [0n], priceUsd: [USD / 100_000n - 1n] })).toThrow(/below one credit/)
    expect(() => simulateTokenomics({ ...small, initialSupply: 10n * T }, { demandUsd: dollars(11n), priceUsd: [USD] })).toThrow(/more than the supply/)
  })

  it('returns nothing for no epochs', () => {
    expect(simulateTokenomics(small, { demandUsd: [], priceUsd: [] })).toEqual([])
  })
})
