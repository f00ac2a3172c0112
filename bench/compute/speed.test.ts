import { describe, expect, it } from 'vitest'
import { measureSpeed, median } from './speed.ts'

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow(RangeError)
  })
})

describe('measureSpeed', () => {
  it('renders the same bytes three ways and times each, with the fuel the metered runs used', () => {
    const result = measureSpeed({ job: { width: 16, height: 8, bands: 2, samples: 1, seed: 1 }, warmup: 0, rounds: 1 })
    expect(result.fuel).toBeGreaterThan(0n)
    for (const ratio of [result.meteredOverJavascript, result.unmeteredOverJavascript, result.meteredOverUnmetered]) {
      expect(Number.isFinite(ratio) && ratio > 0).toBe(true)
    }
    expect(result.meteredOverJavascript).toBeCloseTo(result.meteredMs / result.javascriptMs, 12)
  })
})
