import { gridDistance } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { coverageOf } from './coverage.ts'
import { CELL } from './fixtures.ts'
import { atResolution, h3String } from './hexes.ts'

const cell = h3String(CELL)!
const points = (hexes: ReturnType<typeof coverageOf>) => hexes.reduce((sum, h) => sum + h.points, 0)
const levels = (hexes: ReturnType<typeof coverageOf>) => hexes.map((h) => h.level).join(',')

describe("the mobile kind's coverage template", () => {
  it('gives an indoor radio its own res-12 hex at high signal and its six neighbours at low (HIP-74/93: 400 and 100)', () => {
    const wifi = coverageOf(cell, 'wifi-indoor')
    expect(wifi).toHaveLength(7)
    expect(wifi[0]).toEqual({ hex: cell, level: 'high', points: 400 })
    expect(levels(wifi.slice(1))).toBe('low,low,low,low,low,low')
    expect(points(wifi)).toBe(400 + 6 * 100)
    expect(points(coverageOf(cell, 'cbrs-indoor'))).toBe(1_000)
  })

  it('gives an outdoor radio the res-12 disk of grid distance 4: high to 1, medium to 3, low at 4', () => {
    const wifi = coverageOf(cell, 'wifi-outdoor')
    expect(wifi).toHaveLength(61)
    for (const hex of wifi) {
      const k = gridDistance(cell, hex.hex)
      expect(hex.level).toBe(k <= 1 ? 'high' : k <= 3 ? 'medium' : 'low')
    }
    // Wi-Fi outdoor since Sep 2025: 120 / 60 / 0; CBRS outdoor (HIP-74): 16 / 8 / 4.
    expect(points(wifi)).toBe(7 * 120 + 30 * 60)
    expect(points(coverageOf(cell, 'cbrs-outdoor'))).toBe(7 * 16 + 30 * 8 + 24 * 4)
  })

  it('works from an asserted cell of another resolution, at res 12', () => {
    const coarse = atResolution(cell, 9)
    expect(coverageOf(coarse, 'wifi-indoor')[0]!.hex).toBe(atResolution(coarse, 12))
  })
})
