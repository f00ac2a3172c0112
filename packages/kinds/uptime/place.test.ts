import { cellToLatLng, greatCircleDistance } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../src/seededRandom.ts'
import { DEFAULT_UPTIME_PARAMS } from './params.ts'
import { UPTIME_TOWNS, placeUptimeFleet } from './place.ts'

const place = (count: number, seed: number) =>
  placeUptimeFleet({ behaviours: Array.from({ length: count }, () => 'honest'), params: DEFAULT_UPTIME_PARAMS, random: seededRandom(seed) })

describe('uptime placeFleet', () => {
  it('is deterministic given the random source', () => {
    expect(place(20, 42)).toEqual(place(20, 42))
    expect(place(20, 42)).not.toEqual(place(20, 43))
  })

  it('deals the fleet over the towns, each device within 1.5 km of its town and standing where it asserts', () => {
    const placements = place(20, 42)
    expect(placements).toHaveLength(20)
    for (const [i, p] of placements.entries()) {
      expect(p.asserted).not.toBeNull()
      expect(p.actual).toBe(p.asserted)
      const [lat, lng] = cellToLatLng(p.asserted!.toString(16))
      const town = UPTIME_TOWNS[i % UPTIME_TOWNS.length]!
      expect(greatCircleDistance([lat, lng], [town.lat, town.lng], 'km')).toBeLessThan(1.51)
    }
  })
})
