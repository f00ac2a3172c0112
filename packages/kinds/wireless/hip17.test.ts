import { ONE } from '@pinion/protocol'
import { cellToCenterChild, cellToChildren, gridDisk, latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { HexDensityMap, describeScale, roundHalfEven } from './hip17.ts'
import { DEFAULT_WIRELESS_PARAMS as params } from './params.ts'
import { HELIUM_HIP17_SCALING_PRECISION } from './rules.ts'
import { formatFixed } from './score.ts'

const big = (h3: string) => BigInt(`0x${h3}`)
const id = (i: number) => `0x${i.toString(16).padStart(64, '0')}` as Hex
/** A res-12 cell inside `h3` (any coarser cell), the k-th of its children at `resolution` then its centre. */
const inside = (h3: string, resolution: number, k: number) => big(cellToCenterChild(cellToChildren(h3, resolution)[k]!, 12))
const map = (cells: bigint[]) => new HexDensityMap(new Map(cells.map((cell, i) => [id(i), cell])), params)
const scale = (m: HexDensityMap, cells: bigint[], i: number) => m.scaleOf(id(i), cells[i]!)

const R10 = latLngToCell(41.9, -93.1, 10)

describe('HIP-17 hex density (HIP-104 parameters)', () => {
  it('leaves a lone hotspot at ×1', () => {
    const cells = [inside(R10, 11, 0)]
    expect(scale(map(cells), cells, 0)).toMatchObject({ scale: ONE, inMap: true })
    expect(describeScale(scale(map(cells), cells, 0))).toBe('no resolution clipped')
  })

  it('halves two hotspots in one res-10 hex (res 8–10 allow one each)', () => {
    const cells = [inside(R10, 11, 0), inside(R10, 11, 1)]
    const m = map(cells)
    expect(scale(m, cells, 0).scale).toBe(ONE / 2n)
    expect(scale(m, cells, 1).scale).toBe(ONE / 2n)
    expect(describeScale(scale(m, cells, 0))).toBe('r10 1/2')
  })

  it('clips at the first shared ancestor: two res-10 hexes in one res-9 hex give ×½ at res 9', () => {
    const r9 = latLngToCell(41.9, -93.1, 9)
    const cells = [inside(r9, 10, 0), inside(r9, 10, 1)]
    const m = map(cells)
    expect(scale(m, cells, 0).scale).toBe(ONE / 2n)
    expect(describeScale(scale(m, cells, 1))).toBe('r9 1/2')
  })

  it('rounds toward zero: three in one res-8 hex get ⌊1/3⌋ each', () => {
    const r8 = latLngToCell(41.9, -93.1, 8)
    const cells = [0, 1, 2].map((k) => inside(r8, 9, k))
    expect(scale(map(cells), cells, 0).scale).toBe(ONE / 3n)
  })

  it('rounds to 4 decimals, halves to even, as Helium does (round_dp(SCALING_PRECISION)) when asked', () => {
    const r8 = latLngToCell(41.9, -93.1, 8)
    const cells = [0, 1, 2].map((k) => inside(r8, 9, k))
    const rounded = new HexDensityMap(new Map(cells.map((cell, i) => [id(i), cell])), params, HELIUM_HIP17_SCALING_PRECISION)
    expect(formatFixed(scale(rounded, cells, 0).scale)).toBe('0.3333')
    const lone = [0, 1, 2, 3, 4, 5].map((k) => inside(latLngToCell(41.9, -93.1, 7), 8, k))
    expect(formatFixed(scale(new HexDensityMap(new Map(lone.map((cell, i) => [id(i), cell])), params, 4), lone, 0).scale)).toBe('0.8333')
    const at = (decimal: string) => BigInt(decimal.replace('.', '').padEnd(19, '0'))
    expect(['0.12345', '0.12355', '0.123450000000000001', '0.12344999'].map((v) => formatFixed(roundHalfEven(at(v), 4)))).toEqual(['0.1234', '0.1236', '0.1235', '0.1234'])
  })

  it('res 7: target 5, max 10, neighbours 4 — six in a lone res-7 hex clip to 5/6, but a crowded neighbourhood raises the limit', () => {
    const r7 = latLngToCell(41.9, -93.1, 7)
    const lone = [0, 1, 2, 3, 4, 5].map((k) => inside(r7, 8, k))
    const step7 = (m: HexDensityMap, cells: bigint[], i: number) => scale(m, cells, i).steps.find((s) => s.resolution === 7)
    expect(step7(map(lone), lone, 0)).toEqual({ resolution: 7, clipped: 5, unclipped: 6 })
    expect(scale(map(lone), lone, 0).scale).toBe((5n * ONE) / 6n)
    // Six in each of the 7 hexes of r7's 1-ring: r7 sees 7 occupied hexes, limit = min(10, 5 × (7 − 4 + 1)) = 10 ≥ 6;
    // a hex on the ring's edge sees 3 occupied (itself, the centre, two ring neighbours): limit 5.
    const disk = gridDisk(r7, 1)
    const crowded = disk.flatMap((hex) => [0, 1, 2, 3, 4, 5].map((k) => inside(hex, 8, k)))
    const m = map(crowded)
    expect(step7(m, crowded, 0)).toEqual({ resolution: 7, clipped: 6, unclipped: 6 }) // disk[0] is r7 itself
    expect(step7(m, crowded, 6)).toEqual({ resolution: 7, clipped: 5, unclipped: 6 })
  })

  it('gives DEFAULT_TX_SCALE (0.2) to a hotspot missing from the map, or beaconing from another cell than mapped', () => {
    const cells = [inside(R10, 11, 0)]
    const m = map(cells)
    expect(m.scaleOf(id(99), cells[0]!)).toEqual({ scale: ONE / 5n, inMap: false, steps: [] })
    expect(m.scaleOf(id(0), inside(R10, 11, 3)).scale).toBe(ONE / 5n)
    expect(describeScale(m.scaleOf(id(99), cells[0]!))).toBe('not in the density map (default scale)')
  })
})
