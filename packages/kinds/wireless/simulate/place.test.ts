import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../src/seededRandom.ts'
import { DEFAULT_WIRELESS_PARAMS } from '../params.ts'
import { distanceM, gridDistanceAt } from '../physics.ts'
import { DEFAULT_WORLD, centreOf, fromOrigin, metresBetween } from './geography.ts'
import { RELAY_MAX_M, RELAY_MIN_M, recoverGroups } from './groups.ts'
import { ANTENNA_GAINS_DECI_DBI, RING_GROUP, SPOOF_MAX_M, SPOOF_MIN_M, SYBIL_GROUP, SYBIL_MAX_M, SYBIL_MIN_M, partition, placeWirelessFleet } from './place.ts'

const fleet = [
  ...Array<string>(300).fill('honest'),
  ...Array<string>(20).fill('gps-spoofer'),
  ...Array<string>(20).fill('sybil'),
  ...Array<string>(20).fill('witness-ring'),
  ...Array<string>(20).fill('beacon-replayer'),
  ...Array<string>(20).fill('relay'),
]
const place = (seed: number, behaviours: readonly string[] = fleet) => placeWirelessFleet({ behaviours, params: DEFAULT_WIRELESS_PARAMS, random: seededRandom(seed) })
const placements = place(1)
const members = placements.map((p, i) => ({ behaviour: fleet[i]!, asserted: p.asserted, actual: p.actual }))
const of = (behaviour: string) => placements.flatMap((p, i) => (fleet[i] === behaviour ? [{ ...p, i }] : []))
const groupsOf = (ids: Int32Array) => {
  const groups = new Map<number, number[]>()
  ids.forEach((g, i) => {
    if (g !== -1) groups.set(g, [...(groups.get(g) ?? []), i])
  })
  return [...groups.values()]
}

describe('placeWirelessFleet', () => {
  it('is deterministic given the random source, one placement per behaviour', () => {
    expect(place(1)).toEqual(placements)
    expect(place(2)).not.toEqual(placements)
    expect(placements).toHaveLength(fleet.length)
    for (const p of placements) {
      expect(ANTENNA_GAINS_DECI_DBI).toContain(p.antennaGain)
      expect(p.elevation).toBeGreaterThanOrEqual(2)
    }
  })

  it('puts honest hotspots where they say, dense in towns and sparse in the countryside', () => {
    const honest = of('honest')
    for (const p of honest) expect(p.actual).toBe(p.asserted)
    const inTown = honest.filter((p) =>
      DEFAULT_WORLD.clusters.some((c) => metresBetween(centreOf(p.asserted!), fromOrigin(DEFAULT_WORLD, c.eastKm, c.northKm)) <= 2 * c.radiusKm * 1000),
    )
    expect(inTown.length / honest.length).toBeGreaterThan(0.5)
    // A third of the fleet is rural, and some of it falls inside a town's circle by chance.
    expect(inTown.length / honest.length).toBeLessThan(0.8)
    // Towns are dense: a town hotspot has several others within 2 km; a rural one few.
    const near = (p: (typeof honest)[number], metres: number) => honest.filter((q) => q !== p && distanceM(p.asserted!, q.asserted!) <= metres).length
    const townNeighbours = inTown.map((p) => near(p, 2_000)).sort((a, b) => a - b)
    expect(townNeighbours[Math.floor(townNeighbours.length / 2)]).toBeGreaterThanOrEqual(5)
    const rural = honest.filter((p) => !inTown.includes(p))
    const ruralNeighbours = rural.map((p) => near(p, 2_000)).sort((a, b) => a - b)
    expect(ruralNeighbours[Math.floor(ruralNeighbours.length / 2)]).toBeLessThanOrEqual(2)
  })

  it('has GPS spoofers assert 5–60 km from where they are', () => {
    for (const p of of('gps-spoofer')) {
      const d = distanceM(p.asserted!, p.actual!)
      expect(d).toBeGreaterThanOrEqual(SPOOF_MIN_M - 50)
      expect(d).toBeLessThanOrEqual(SPOOF_MAX_M + 50)
    }
  })

  it('puts each sybil group in one spot, asserting cells 400–1,200 m around it that are not too close', () => {
    const groups = groupsOf(recoverGroups(members).sybil)
    expect(groups.flat().sort((a, b) => a - b)).toEqual(of('sybil').map((p) => p.i))
    for (const group of groups) {
      expect(group.length).toBeGreaterThanOrEqual(SYBIL_GROUP.min)
      expect(group.length).toBeLessThanOrEqual(SYBIL_GROUP.max)
      const spot = placements[group[0]!]!.actual!
      for (const a of group) {
        expect(placements[a]!.actual).toBe(spot)
        const d = distanceM(placements[a]!.asserted!, spot)
        expect(d).toBeGreaterThanOrEqual(SYBIL_MIN_M - 20)
        expect(d).toBeLessThanOrEqual(SYBIL_MAX_M + 20)
        for (const b of group) {
          if (a === b) continue
          expect(distanceM(placements[a]!.asserted!, placements[b]!.asserted!)).toBeGreaterThanOrEqual(SYBIL_MIN_M - 20)
          expect(gridDistanceAt(placements[a]!.asserted!, placements[b]!.asserted!, 11)!).toBeGreaterThanOrEqual(DEFAULT_WIRELESS_PARAMS.minWitnessGridDistance)
        }
      }
    }
  })

  it('places rings with no radio, recovered as the consecutive groups of 4–8 it formed', () => {
    const rings = of('witness-ring')
    for (const p of rings) expect(p.actual).toBeNull()
    const groups = groupsOf(recoverGroups(members).ring)
    for (const group of groups) {
      expect(group.length).toBeGreaterThanOrEqual(RING_GROUP.min)
      expect(group.length).toBeLessThanOrEqual(RING_GROUP.max)
      expect(group).toEqual(Array.from({ length: group.length }, (_, k) => group[0]! + k)) // consecutive in fleet order
    }
    expect(groups.flat()).toHaveLength(rings.length)
  })

  it('pairs every relay with one 30–90 km away, where both really are', () => {
    const partners = recoverGroups(members).relayPartner
    for (const p of of('relay')) {
      expect(p.actual).toBe(p.asserted)
      const partner = partners[p.i]!
      expect(partner).not.toBe(-1)
      expect(partners[partner]).toBe(p.i)
      const d = distanceM(p.asserted!, placements[partner]!.asserted!)
      expect(d).toBeGreaterThanOrEqual(RELAY_MIN_M)
      expect(d).toBeLessThanOrEqual(RELAY_MAX_M)
    }
  })

  it('recovers the same groups whatever order the devices come in', () => {
    const order = members.map((_, i) => i).reverse()
    const shuffled = recoverGroups(order.map((i) => members[i]!))
    const direct = recoverGroups(members)
    const sameGroup = (ids: Int32Array, a: number, b: number) => ids[a] !== -1 && ids[a] === ids[b]
    const at = (i: number) => order.indexOf(i)
    for (let a = 0; a < members.length; a += 3) {
      for (let b = 0; b < members.length; b += 5) {
        expect(sameGroup(shuffled.sybil, at(a), at(b))).toBe(sameGroup(direct.sybil, a, b))
        expect(sameGroup(shuffled.ring, at(a), at(b))).toBe(sameGroup(direct.ring, a, b))
      }
    }
    direct.relayPartner.forEach((p, i) => expect(shuffled.relayPartner[at(i)]).toBe(p === -1 ? -1 : at(p)))
  })

  it('splits a behaviour into groups within bounds, and refuses unknown behaviours', () => {
    for (let n = 1; n <= 40; n++) {
      const groups = partition(
        Array.from({ length: n }, (_, i) => i),
        RING_GROUP,
        seededRandom(n),
      )
      expect(groups.flat()).toEqual(Array.from({ length: n }, (_, i) => i))
      for (const g of groups) expect(g.length).toBeLessThanOrEqual(RING_GROUP.max)
      if (n >= RING_GROUP.min) for (const g of groups) expect(g.length).toBeGreaterThanOrEqual(RING_GROUP.min)
    }
    expect(() => place(1, ['honest', 'forger'])).toThrow('wireless has no behaviour "forger"')
  })
})
