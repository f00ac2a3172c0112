import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { STORJ_AUDIT_REPUTATION, isDisqualified, recordOutcomes, reputationScore } from './betaReputation.ts'

const rule = STORJ_AUDIT_REPUTATION
const asFloat = (wad: bigint) => Number(wad) / 1e18

/** Storj's float64 update, as the satellite computes it, for comparison. */
function storjFloat(alpha: number, beta: number, passed: boolean, n: number) {
  const decay = 0.999 ** n
  const gained = (1 - decay) / (1 - 0.999)
  return passed ? { alpha: decay * alpha + gained, beta: decay * beta } : { alpha: decay * alpha, beta: decay * beta + gained }
}

describe('beta reputation (Storj audits)', () => {
  it('disqualifies a new node on its 41st failed audit in a row, not its 40th (0.999^41 < 0.96 ≤ 0.999^40)', () => {
    let reputation = rule.initial
    expect(reputationScore(reputation)).toBe(ONE)
    for (let failed = 1; failed <= 41; failed++) {
      reputation = recordOutcomes(reputation, rule, false, 1)
      expect([failed, isDisqualified(reputation, rule)]).toEqual([failed, failed === 41])
    }
  })

  it('gives n outcomes at once what n one at a time give, to rounding', () => {
    const once = recordOutcomes(rule.initial, rule, false, 25)
    let stepwise = rule.initial
    for (let i = 0; i < 25; i++) stepwise = recordOutcomes(stepwise, rule, false, 1)
    expect(Math.abs(Number(once.beta - stepwise.beta))).toBeLessThan(1e6)
    expect(Math.abs(Number(once.alpha - stepwise.alpha))).toBeLessThan(1e6)
  })

  it("follows Storj's float64 arithmetic to 1e-9 over a history of passes and failures", () => {
    let fixed = rule.initial
    let float = { alpha: 1_000, beta: 0 }
    const history: [boolean, number][] = [
      [false, 10],
      [true, 200],
      [false, 3],
      [true, 1],
      [false, 30],
      [true, 5_000],
      [false, 7],
    ]
    for (const [passed, n] of history) {
      fixed = recordOutcomes(fixed, rule, passed, n)
      float = storjFloat(float.alpha, float.beta, passed, n)
      expect(Math.abs(asFloat(fixed.alpha) - float.alpha) / float.alpha).toBeLessThan(1e-9)
      expect(Math.abs(asFloat(reputationScore(fixed)) - float.alpha / (float.alpha + float.beta))).toBeLessThan(1e-9)
    }
  })

  it('recovers: a node that failed 30 audits is trusted again after enough passes, and its evidence never grows past 1/(1 − λ)', () => {
    let reputation = recordOutcomes(rule.initial, rule, false, 30)
    expect(isDisqualified(reputation, rule)).toBe(false)
    expect(isDisqualified(recordOutcomes(reputation, rule, false, 15), rule)).toBe(true)
    reputation = recordOutcomes(reputation, rule, true, 100_000)
    expect(reputationScore(reputation)).toBeGreaterThan((ONE * 999n) / 1_000n)
    expect(reputation.alpha + reputation.beta).toBeLessThanOrEqual(1_000n * ONE)
  })

  it('refuses a count that is not a whole number', () => {
    expect(() => recordOutcomes(rule.initial, rule, true, 1.5)).toThrow(expect.objectContaining({ code: 'PINION_ERR_MATH' }))
  })
})
