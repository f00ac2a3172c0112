import { describe, expect, it } from 'vitest'
import { FAST_FADING_SIGMA_DECI_DB, fastFadingDeciDb, pairNormal, shadowingCell, shadowingDeciDb } from './channel.ts'
import { DEFAULT_WORLD, cellAt, drawSite, offset } from './geography.ts'
import { streamOf } from './streams.ts'
import { seededRandom } from '../../src/seededRandom.ts'

const stats = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) }
}

describe('channel', () => {
  const random = seededRandom(11)
  const cells = Array.from({ length: 200 }, () => shadowingCell(cellAt(drawSite(DEFAULT_WORLD, random))))

  it('gives the same shadowing in both directions, every time', () => {
    for (let i = 1; i < cells.length; i++) {
      const [a, b] = [cells[i - 1]!, cells[i]!]
      expect(shadowingDeciDb(a, b, 80)).toBe(shadowingDeciDb(b, a, 80))
      expect(shadowingDeciDb(a, b, 80)).toBe(shadowingDeciDb(a, b, 80))
    }
  })

  it('shares shadowing between devices in one res-10 cell, not between neighbours 300 m apart', () => {
    const spot = { lat: 41.9, lng: -93.1 }
    const roofA = cellAt(spot)
    const roofB = cellAt(offset(spot, 1, 5)) // 5 m away: same res-10 cell
    expect(shadowingCell(roofA)).toBe(shadowingCell(roofB))
    const neighbour = shadowingCell(cellAt(offset(spot, 1, 300)))
    expect(neighbour).not.toBe(shadowingCell(roofA))
    const far = cells.slice(0, 50)
    const sameRoof = far.map((c) => shadowingDeciDb(shadowingCell(roofA), c, 80) - shadowingDeciDb(shadowingCell(roofB), c, 80))
    expect(sameRoof.every((d) => d === 0)).toBe(true)
    const apart = far.map((c) => Math.abs(shadowingDeciDb(shadowingCell(roofA), c, 80) - shadowingDeciDb(neighbour, c, 80)))
    expect(stats(apart).mean).toBeGreaterThan(40) // E|X−Y| = 2σ/√π ≈ 90 for independent draws
  })

  it('draws shadowing as N(0, σ) over pairs, and fading as N(0, σ_f) over packets', () => {
    const draws: number[] = []
    for (let i = 0; i < cells.length; i++) for (let j = i + 1; j < cells.length; j += 7) draws.push(pairNormal(cells[i]!, cells[j]!))
    const shadow = stats(draws)
    expect(Math.abs(shadow.mean)).toBeLessThan(0.1)
    expect(shadow.sd).toBeGreaterThan(0.9)
    expect(shadow.sd).toBeLessThan(1.1)
    const fading = stats(Array.from({ length: 4000 }, (_, i) => fastFadingDeciDb(streamOf(i))))
    expect(Math.abs(fading.mean)).toBeLessThan(2)
    expect(fading.sd).toBeGreaterThan(FAST_FADING_SIGMA_DECI_DB * 0.9)
    expect(fading.sd).toBeLessThan(FAST_FADING_SIGMA_DECI_DB * 1.1)
  })
})
