import { describe, expect, it } from 'vitest'
import { TILE_PX, tileUrl, visibleTiles } from './tiles.ts'
import { viewAt } from './viewport.ts'

const source = { url: 'http://127.0.0.1:9/t/{z}/{x}/{y}.png', maxZoom: 19 }

describe('raster tiles', () => {
  it('fills a template', () => {
    expect(tileUrl('https://a/{z}/{x}/{y}.png?{z}', 3, 4, 5)).toBe('https://a/3/4/5.png?3')
  })

  it('covers the screen with 256 px tiles at the zoom asked for, each the one under its square', () => {
    const size = { width: 800, height: 600 }
    const tiles = visibleTiles(viewAt({ lat: 41.9, lng: -93.1, zoom: 10 }, size), size, source)
    expect(new Set(tiles.map((t) => t.z))).toEqual(new Set([10]))
    for (const t of tiles) expect(t.size).toBeCloseTo(TILE_PX)
    // Every screen pixel lies in some tile; none lies wholly off screen.
    expect(Math.min(...tiles.map((t) => t.left))).toBeLessThanOrEqual(0)
    expect(Math.max(...tiles.map((t) => t.left + t.size))).toBeGreaterThanOrEqual(size.width)
    expect(Math.min(...tiles.map((t) => t.top))).toBeLessThanOrEqual(0)
    expect(Math.max(...tiles.map((t) => t.top + t.size))).toBeGreaterThanOrEqual(size.height)
    for (const t of tiles) expect(t.left < size.width && t.left + t.size > 0 && t.top < size.height && t.top + t.size > 0).toBe(true)
    // The centre (41.9 N, 93.1 W) is in tile 10/247/378 by the usual slippy-map formula.
    const centre = tiles.find((t) => t.left <= 400 && t.left + t.size > 400 && t.top <= 300 && t.top + t.size > 300)!
    const n = 2 ** 10
    const lat = (41.9 * Math.PI) / 180
    expect([centre.x, centre.y]).toEqual([Math.floor(((-93.1 + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n)])
    expect(centre.url).toBe(`http://127.0.0.1:9/t/10/${centre.x}/${centre.y}.png`)
  })

  it('never asks for a zoom deeper than the source serves', () => {
    const size = { width: 400, height: 400 }
    const tiles = visibleTiles(viewAt({ lat: 0, lng: 0, zoom: 18 }, size), size, { ...source, maxZoom: 12 })
    expect(new Set(tiles.map((t) => t.z))).toEqual(new Set([12]))
    expect(tiles.length).toBeGreaterThan(0)
  })
})
