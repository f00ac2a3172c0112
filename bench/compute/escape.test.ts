import { seededRandom } from '@pinion/kinds'
import { describe, expect, it } from 'vitest'
import { escapeProbability, partnerFaultProbability, revealGroups } from './escape.ts'

describe('escapeProbability', () => {
  it('is (1 − p)^n: certain escape without sampling, none at 100 %', () => {
    expect(escapeProbability(0.1, 8)).toBeCloseTo(0.9 ** 8, 12)
    expect(escapeProbability(0, 8)).toBe(1)
    expect(escapeProbability(1, 8)).toBe(0)
    expect(escapeProbability(0.5, 0)).toBe(1)
  })

  it('refuses a rate outside [0, 1] or a fractional task count', () => {
    expect(() => escapeProbability(1.5, 8)).toThrow(RangeError)
    expect(() => escapeProbability(0.1, 2.5)).toThrow(RangeError)
  })
})

describe('revealGroups', () => {
  it('splits a job into reveal epochs of at most perEpoch tasks', () => {
    expect(revealGroups(8, 4)).toEqual([4, 4])
    expect(revealGroups(10, 4)).toEqual([4, 4, 2])
    expect(revealGroups(0, 4)).toEqual([])
  })
})

describe('partnerFaultProbability', () => {
  it('is certain without sampling and impossible when every reveal is re-executed', () => {
    for (const spared of [false, true]) {
      expect(partnerFaultProbability(0, [4, 4], spared)).toBe(1)
      expect(partnerFaultProbability(1, [4, 4], spared)).toBe(0)
    }
  })

  it('in one reveal epoch of m tasks: 1 − (1 − q²)^m as judged now, 1 − (1 − q³)^m with a sampled partner spared', () => {
    const q = 0.8
    expect(partnerFaultProbability(0.2, [4], false)).toBeCloseTo(1 - (1 - q ** 2) ** 4, 12)
    expect(partnerFaultProbability(0.2, [4], true)).toBeCloseTo(1 - (1 - q ** 3) ** 4, 12)
  })

  it('over several reveal epochs, agrees with a direct simulation of the colluders, their closing leases and the partner', () => {
    const random = seededRandom(7)
    const trials = 40_000
    for (const [p, spared] of [
      [0.3, true],
      [0.5, true],
      [0.3, false],
    ] as const) {
      let faulted = 0
      for (let t = 0; t < trials; t++) {
        let running1 = true
        let running2 = true
        let partner = false
        for (const m of [4, 4]) {
          let caught1 = false
          let caught2 = false
          for (let task = 0; task < m; task++) {
            const sampled1 = random() < p
            const sampled2 = random() < p
            const partnerSampled = random() < p
            if (running1 && sampled1) caught1 = true
            if (running2 && sampled2) caught2 = true
            if (running1 && running2 && !sampled1 && !sampled2 && !(spared && partnerSampled)) partner = true
          }
          if (partner) break
          running1 &&= !caught1
          running2 &&= !caught2
        }
        if (partner) faulted += 1
      }
      // 40,000 trials: a standard error under 0.0025.
      expect(Math.abs(faulted / trials - partnerFaultProbability(p, [4, 4], spared))).toBeLessThan(0.01)
    }
  })
})
