import { describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY, STORJ_REDUNDANCY } from '../../packages/cli/src/storage/redundancy.ts'
import { type DurabilityScenario, binomialTail, durabilityTheory, pieceLossWithin, simulateDurability } from './durabilityModel.ts'

const DEVNET: DurabilityScenario = {
  redundancy: DEVNET_REDUNDANCY,
  segments: 2_000,
  months: 12,
  churnPerMonth: 0.05,
  offlineFraction: 0.02,
  outageHours: 8,
  repairHours: 24,
  repair: true,
  seed: 7,
}

describe('simulateDurability', () => {
  it('loses and repairs nothing when no node ever leaves or goes offline', () => {
    for (const redundancy of [DEVNET_REDUNDANCY, STORJ_REDUNDANCY]) {
      const result = simulateDurability({ ...DEVNET, redundancy, segments: 500, churnPerMonth: 0, offlineFraction: 0 })
      expect(result).toEqual({ segments: 500, lost: 0, repairs: 0, piecesUploaded: 0, deferred: 0, unnecessary: 0 })
    }
  })

  it('never counts an offline piece as lost, though offline nodes alone make segments due for repair', () => {
    const result = simulateDurability({ ...DEVNET, churnPerMonth: 0, offlineFraction: 0.1 })
    expect(result.lost).toBe(0)
    expect(result.repairs).toBeGreaterThan(0)
    expect(result.piecesUploaded).toBeGreaterThanOrEqual(result.repairs * (DEVNET_REDUNDANCY.pieces - DEVNET_REDUNDANCY.repairAt))
    // Without repair, offline nodes come back with their pieces: still nothing lost.
    expect(simulateDurability({ ...DEVNET, churnPerMonth: 0, offlineFraction: 0.3, repair: false }).lost).toBe(0)
  })

  it('without repair, loses the closed form P[Bin(n, p(horizon)) > n − k] of the segments: within 0.01 (about 3 standard errors) for 20,000 segments, seed 7', () => {
    const scenario = { ...DEVNET, segments: 20_000, repair: false }
    const theory = durabilityTheory(scenario).noRepair
    expect(theory).toBeCloseTo(0.279, 3) // 5 %/month over 12 months: p = 1 − 0.95^12 = 0.4596 a piece
    const simulated = simulateDurability(scenario).lost / scenario.segments
    expect(Math.abs(simulated - theory)).toBeLessThan(0.01)
    // The same for a Storj code at a churn high enough to lose segments within the year.
    const storj = { ...scenario, redundancy: STORJ_REDUNDANCY, segments: 3_000, churnPerMonth: 0.1 }
    expect(Math.abs(simulateDurability(storj).lost / storj.segments - durabilityTheory(storj).noRepair)).toBeLessThan(0.015)
  })

  it('with repair, loses far fewer segments than without, and re-uploads the pieces that churn took', () => {
    const scenario = { ...DEVNET, segments: 5_000, churnPerMonth: 0.1 }
    const repaired = simulateDurability(scenario)
    const unrepaired = simulateDurability({ ...scenario, repair: false })
    expect(unrepaired.lost / scenario.segments).toBeGreaterThan(0.8)
    expect(repaired.lost).toBeLessThan(unrepaired.lost / 100)
    // A repair fires at r = 5 online of 8, so it uploads at least 3 pieces.
    expect(repaired.piecesUploaded).toBeGreaterThanOrEqual(3 * repaired.repairs)
    // At 10 %/month, about 0.8 of a segment's 8 pieces leave each month; repair puts every one back.
    const perSegmentMonth = repaired.piecesUploaded / scenario.segments / scenario.months
    expect(perSegmentMonth).toBeGreaterThan(0.6)
    expect(perSegmentMonth).toBeLessThan(1.5)
  })

  it('is deterministic for a seed, and another seed draws another history', () => {
    expect(simulateDurability(DEVNET)).toEqual(simulateDurability(DEVNET))
    expect(simulateDurability({ ...DEVNET, seed: 8 })).not.toEqual(simulateDurability(DEVNET))
  })

  it('refuses a repair threshold below the pieces a segment needs, naming the rule', () => {
    const below = { ...DEVNET, redundancy: { required: 4, repairAt: 3, pieces: 8, uploads: 10 } }
    const refused = expect.objectContaining({ code: 'PINION_ERR_STORAGE_REDUNDANCY', message: expect.stringMatching(/1 ≤ required < repair < pieces/) })
    expect(() => simulateDurability(below)).toThrow(refused)
    expect(() => durabilityTheory(below)).toThrow(refused)
  })

  it('refuses a churn, offline share or outage outside its range', () => {
    expect(() => simulateDurability({ ...DEVNET, churnPerMonth: 1 })).toThrow(/churnPerMonth must be in \[0, 1\)/)
    expect(() => simulateDurability({ ...DEVNET, offlineFraction: -0.1 })).toThrow(/offlineFraction/)
    expect(() => simulateDurability({ ...DEVNET, outageHours: 0.5 })).toThrow(/outageHours must be at least one step/)
  })
})

describe('the closed forms', () => {
  it('binomialTail sums the upper tail, from exact small cases down to tails far below double precision', () => {
    // P[Bin(3, 1/2) > 1] = (3 + 1) / 8
    expect(binomialTail(3, 0.5, 1)).toBeCloseTo(0.5, 12)
    expect(binomialTail(8, 0.1, 4)).toBeCloseTo(56 * 0.1 ** 5 * 0.9 ** 3 + 28 * 0.1 ** 6 * 0.9 ** 2 + 8 * 0.1 ** 7 * 0.9 + 0.1 ** 8, 15)
    expect(binomialTail(8, 0.1, -1)).toBe(1)
    expect(binomialTail(8, 0.1, 8)).toBe(0)
    // Storj: more than 51 of 80 pieces within a day at 5 %/month is about 1e-123, not 0.
    const tiny = binomialTail(80, pieceLossWithin(24, 0.05), 51)
    expect(tiny).toBeGreaterThan(1e-125)
    expect(tiny).toBeLessThan(1e-121)
  })

  it('a piece leaves within a month with the monthly churn, and within a year with 1 − (1 − c)^12', () => {
    expect(pieceLossWithin(730, 0.05)).toBeCloseTo(0.05, 12)
    expect(pieceLossWithin(12 * 730, 0.05)).toBeCloseTo(1 - 0.95 ** 12, 12)
    expect(pieceLossWithin(100, 0)).toBe(0)
  })

  it('prices one repair cycle as the binomial tail over the repair delay, and repair as orders of magnitude better than none', () => {
    const theory = durabilityTheory({ ...DEVNET, churnPerMonth: 0.1 })
    expect(theory.perCycle).toBeCloseTo(binomialTail(8, pieceLossWithin(24, 0.1), 4), 20)
    expect(theory.cycles).toBe(365)
    // 1 − (1 − P)^365 ≈ 365 P for a P this small (computed without losing its digits to 1 − P).
    expect(theory.perCycleOverHorizon / (365 * theory.perCycle)).toBeCloseTo(1, 6)
    expect(theory.perRepairAtThreshold).toBeCloseTo(binomialTail(5, pieceLossWithin(24, 0.1), 1), 15)
    expect(theory.noRepair / theory.perCycleOverHorizon).toBeGreaterThan(1e6)
  })
})
