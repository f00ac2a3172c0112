import { describe, expect, it } from 'vitest'
import { detectionProbability } from './detection.ts'

describe('detectionProbability', () => {
  it("gives PDP's design table for 5 challenges a day", () => {
    const percent = (lost: number, days: number) => Math.round(detectionProbability(lost, 5, days) * 1_000) / 10
    expect([percent(0.01, 1), percent(0.01, 30)]).toEqual([4.9, 77.9])
    expect([percent(0.05, 1), Math.round(detectionProbability(0.05, 5, 30) * 10_000) / 100]).toEqual([22.6, 99.95])
    expect(percent(0.2, 1)).toBe(67.2)
    expect(detectionProbability(0, 5, 30)).toBe(0)
    expect(detectionProbability(1, 5, 1)).toBe(1)
  })

  it('refuses a lost fraction outside 0 to 1', () => {
    expect(() => detectionProbability(1.5, 5, 1)).toThrow(RangeError)
  })
})
