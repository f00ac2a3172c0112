import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { coverageOf } from './coverage.ts'
import { CELL, deviceId } from './fixtures.ts'
import { h3String } from './hexes.ts'
import { type RankedRadio, rankCoverage } from './rank.ts'
import type { RadioType } from './radioType.ts'

const cell = h3String(CELL)!
const radio = (n: number, type: RadioType, seniorityMs: bigint, at = cell): RankedRadio => ({
  deviceId: deviceId(n),
  indoor: type.endsWith('indoor'),
  seniorityMs,
  coverage: coverageOf(at, type),
})
/** What the ranking left each radio, as a share of its points, in basis points. */
const kept = (outcomes: ReturnType<typeof rankCoverage>, id: Hex) => {
  const o = outcomes.get(id)!
  return Number((o.rankedPoints * 10_000n) / o.points)
}

describe('ranking radios per hex (HIP-105)', () => {
  it('pays indoor rank 1 only, by seniority: a radio crowded into a senior one’s hex keeps nothing', () => {
    const outcomes = rankCoverage([radio(2, 'wifi-indoor', 100n), radio(1, 'wifi-indoor', 200n), radio(3, 'wifi-indoor', 300n)], 'helium')
    expect([kept(outcomes, deviceId(2)), kept(outcomes, deviceId(1)), kept(outcomes, deviceId(3))]).toEqual([10_000, 0, 0])
    expect(outcomes.get(deviceId(2))).toMatchObject({ hexes: 7, firstInHexes: 7 })
  })

  it('ranks outdoor radios by seniority at equal signal, paying 1, 0.5, 0.25 and then nothing', () => {
    const outcomes = rankCoverage(
      [1, 2, 3, 4].map((n) => radio(n, 'cbrs-outdoor', BigInt(n))),
      'helium',
    )
    expect([1, 2, 3, 4].map((n) => kept(outcomes, deviceId(n)))).toEqual([10_000, 5_000, 2_500, 0])
  })

  it('ranks outdoor radios by signal before seniority, and indoor radios apart from outdoor ones', () => {
    const at = (n: number, indoor: boolean, seniorityMs: bigint, level: 'high' | 'medium', points: number): RankedRadio => ({
      deviceId: deviceId(n),
      indoor,
      seniorityMs,
      coverage: [{ hex: cell, level, points }],
    })
    // The senior radio reaches the hex at medium signal, the junior one at high: the junior ranks first.
    const outcomes = rankCoverage([at(1, false, 1n, 'medium', 60), at(2, false, 2n, 'high', 120), at(3, true, 0n, 'high', 400)], 'helium')
    expect([kept(outcomes, deviceId(2)), kept(outcomes, deviceId(1))]).toEqual([10_000, 5_000])
    // The indoor radio, senior to both, is ranked among indoor radios only, and takes nothing from them.
    expect(kept(outcomes, deviceId(3))).toBe(10_000)
  })

  it("under Pollen's rule, pays each hex once, one point, to its best radio, indoor and outdoor alike", () => {
    const outcomes = rankCoverage([radio(1, 'wifi-indoor', 1n), radio(2, 'cbrs-outdoor', 2n)], 'pollen')
    // The outdoor radio's 61 hexes include the indoor radio's 7; of those, the shared own hex goes to
    // the senior indoor radio (both high there), the six neighbours to the outdoor one (high beats low).
    expect(outcomes.get(deviceId(1))).toMatchObject({ points: 7n * 10_000n, rankedPoints: 10_000n, firstInHexes: 1 })
    expect(outcomes.get(deviceId(2))).toMatchObject({ points: 61n * 10_000n, rankedPoints: 60n * 10_000n, firstInHexes: 60 })
  })
})
