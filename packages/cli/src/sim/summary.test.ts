import { describe, expect, it } from 'vitest'
import { TOKEN, USD } from './credits.ts'
import { runScenarios } from './runScenarios.ts'
import { heliumLikeParams } from './parameters.ts'
import { scenario } from './scenarios.ts'
import { decimals, periods, scenarioText, whole } from './summary.ts'
import { type EpochOutcome, simulateTokenomics } from './tokenomicsModel.ts'

const outcome = (epoch: number, burned: bigint, minted: bigint, totalSupply: bigint): EpochOutcome => ({
  epoch,
  demandUsd: 0n,
  priceUsd: BigInt(epoch + 1) * USD,
  creditsPerToken: 100_000n,
  creditsBought: 0n,
  burned,
  scheduled: minted,
  netEmission: 0n,
  minted,
  clipped: BigInt(epoch),
  netSupplyChange: minted - burned,
  totalSupply,
  tokensPerMillionCredits: BigInt(epoch) * TOKEN,
  operatorTokens: minted,
  operatorUsd: minted * 2n,
  otherPoolsTokens: 0n,
})

describe('periods', () => {
  it('sums flows over each period and takes levels at its last epoch; the last period may be short', () => {
    const outcomes = [outcome(0, 1n, 10n, 100n), outcome(1, 2n, 10n, 108n), outcome(2, 30n, 10n, 88n)]
    expect(periods(outcomes, 2)).toEqual([
      {
        fromEpoch: 0,
        toEpoch: 1,
        burned: 3n,
        minted: 20n,
        clipped: 1n,
        netSupplyChange: 17n,
        operatorTokens: 20n,
        operatorUsd: 40n,
        totalSupply: 108n,
        priceUsd: 2n * USD,
        tokensPerMillionCredits: TOKEN,
      },
      {
        fromEpoch: 2,
        toEpoch: 2,
        burned: 30n,
        minted: 10n,
        clipped: 2n,
        netSupplyChange: -20n,
        operatorTokens: 10n,
        operatorUsd: 20n,
        totalSupply: 88n,
        priceUsd: 3n * USD,
        tokensPerMillionCredits: 2n * TOKEN,
      },
    ])
    expect(periods([], 30)).toEqual([])
    expect(() => periods(outcomes, 0)).toThrow(RangeError)
  })
})

describe('number formatting', () => {
  it('cuts toward zero, with separators and signs', () => {
    expect(whole(1_234_999n * TOKEN + TOKEN - 1n, TOKEN)).toBe('1,234,999')
    expect(whole(-5n * TOKEN - 1n, TOKEN)).toBe('−5')
    expect(whole(7n * TOKEN, TOKEN, true)).toBe('+7')
    expect(whole(TOKEN - 1n, TOKEN, true)).toBe('0')
    expect(whole(-(TOKEN - 1n), TOKEN, true)).toBe('0')
    expect(decimals(3_333_333_333_333_333_333n, TOKEN, 2)).toBe('3.33')
    expect(decimals(2_999_999_999_999_999_999n, TOKEN, 2)).toBe('2.99')
    expect(decimals(-1_050_000_000_000_000_000n, TOKEN, 1)).toBe('−1.0')
    expect(decimals(1_234_500n * TOKEN, TOKEN, 0)).toBe('1,234,500')
  })
})

describe('scenarioText', () => {
  it('prints the description, a header, one line per period and the totals', () => {
    const [run] = runScenarios(['flat'], 65, 1, 'net-emissions').runs
    const lines = scenarioText(run!, 30).split('\n')
    expect(lines[0]).toBe('Flat demand (flat): $30,000 of service an epoch throughout; the token walks around $3 (seeded).')
    expect(lines[1]).toMatch(/^epochs +burnt +minted +net change +total supply +price +tokens\/1M cr +operators +operators \$$/)
    expect(lines.slice(2).map((l) => l.split(/ +/)[0])).toEqual(['0–29', '30–59', '60–64', 'all'])
    // 30 epochs of 22,191.84 minted: 665,755.2, shown whole.
    expect(lines[2]!.split(/ +/)[2]).toBe('665,755')
    expect(lines[5]!.split(/ +/)[2]).toBe(whole(65n * 22_191_840_000_000_000_000_000n, TOKEN))
    expect(lines).toHaveLength(6)
  })

  it('says how much the cap left no room for, when it bit', () => {
    const chosen = scenario('flat', 3, 1)
    // Room for 1,000 tokens above a supply burning 10,000 an epoch and minting 20,548: the first
    // epoch mints 11,000 of its 20,548 (9,548 clipped), then only what was burnt.
    const params = { ...heliumLikeParams('revenue-share'), initialSupply: 1_000_000n * TOKEN, cap: 1_001_000n * TOKEN }
    const run = { scenario: chosen, outcomes: simulateTokenomics(params, chosen.path) }
    const clipped = run.outcomes.reduce((sum, o) => sum + o.clipped, 0n)
    expect(clipped).toBeGreaterThan(9_548n * TOKEN)
    expect(scenarioText(run, 30).split('\n').at(-1)).toBe(`the cap left no room for ${whole(clipped, TOKEN)} tokens of the schedule`)
  })
})
