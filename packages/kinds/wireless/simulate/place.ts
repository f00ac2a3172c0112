import { PinionError } from '@pinion/protocol'
import type { DevicePlacement, PlaceFleetInput } from '../../src/kind.ts'
import type { WirelessParams } from '../params.ts'
import { gridDistanceAt } from '../physics.ts'
import { HELIUM_MIN_DISTANCE_RESOLUTION } from '../rules.ts'
import { WIRELESS_BEHAVIOURS, type WirelessBehaviour, isWirelessBehaviour } from './behaviours.ts'
import { type LatLng, type World, cellAt, drawRural, drawSite, metresBetween, offset, worldFor } from './geography.ts'
import { RELAY_MAX_M, RELAY_MIN_M, RING_LINK_M, RING_MEMBER_RADIUS_M, relayPartners } from './groups.ts'

/** A spoofer asserts 5–60 km from where it is (the spec's range). */
export const SPOOF_MIN_M = 5_000
export const SPOOF_MAX_M = 60_000
/** Candidate spots a spoofer compares, keeping the emptiest (HIP-17 pays most where few hotspots are). */
const SPOOF_CANDIDATES = 8
/** Radius a spoofer counts neighbours in when it compares candidate spots. */
const SPOOF_DENSITY_RADIUS_M = 3_000
/** Sybils assert 400–1,200 m from their real spot. */
export const SYBIL_MIN_M = 400
export const SYBIL_MAX_M = 1_200
export const SYBIL_GROUP = { min: 2, max: 4 } as const
export const RING_GROUP = { min: 4, max: 8 } as const
/** Ring centres this far apart at least, so that single-linkage clustering recovers exactly the rings. */
const RING_CENTRE_SPACING_M = 2 * RING_MEMBER_RADIUS_M + RING_LINK_M + 3_000
/**
 * Antenna gains hotspots assert, tenths of dBi, drawn uniformly from this list: mostly the stock
 * 2–4 dBi antennas, some 5.8 dBi fibreglass ones, a few 8 dBi.
 */
export const ANTENNA_GAINS_DECI_DBI: readonly number[] = [23, 30, 30, 30, 30, 40, 40, 58, 58, 80]
/** Installation heights above ground, metres (recorded; the radio model has no terrain). */
const ELEVATION_M = { min: 2, max: 30 } as const

const MAX_ATTEMPTS = 200

/**
 * Places a simulated wireless fleet over DEFAULT_WORLD (towns and countryside, geography.ts), one
 * placement per behaviour in order. Deterministic given `random`. Honest hotspots and replayers
 * stand where they say; spoofers, sybil groups, rings and relay pairs are placed as behaviours.ts
 * describes, in groups that groups.ts recovers from the placements alone. Adversary groups are
 * formed from consecutive devices of their behaviour in fleet order.
 */
export function placeWirelessFleet(input: PlaceFleetInput<WirelessParams>, world: World = worldFor(input.behaviours.length)): DevicePlacement[] {
  const { behaviours, params, random } = input
  behaviours.forEach((behaviour) => {
    if (!isWirelessBehaviour(behaviour)) {
      throw new PinionError('PINION_ERR_SIMULATION', `wireless has no behaviour "${behaviour}"; expected one of ${WIRELESS_BEHAVIOURS.join(', ')}`)
    }
  })
  const placements: (DevicePlacement | undefined)[] = new Array(behaviours.length)
  const indices = (behaviour: WirelessBehaviour) => behaviours.flatMap((b, i) => (b === behaviour ? [i] : []))
  const equipment = () => ({
    antennaGain: ANTENNA_GAINS_DECI_DBI[Math.floor(random() * ANTENNA_GAINS_DECI_DBI.length)]!,
    elevation: ELEVATION_M.min + Math.floor(random() * (ELEVATION_M.max - ELEVATION_M.min + 1)),
  })
  const tooClose = (a: bigint, b: bigint) => {
    const grid = gridDistanceAt(a, b, HELIUM_MIN_DISTANCE_RESOLUTION)
    return grid !== null && grid < params.minWitnessGridDistance
  }
  /** Asserted points so far (spoofers look for empty spots among them). */
  const asserted: LatLng[] = []
  const place = (i: number, actual: LatLng | null, claimed: LatLng) => {
    const cell = cellAt(claimed)
    placements[i] = { asserted: cell, actual: actual === null ? null : cellAt(actual), ...equipment() }
    asserted.push(claimed)
  }

  // Hotspots that are where they say.
  for (const i of [...indices('honest'), ...indices('beacon-replayer')].sort((a, b) => a - b)) {
    const site = drawSite(world, random)
    place(i, site, site)
  }

  // GPS spoofers: really at a site, asserting the emptiest of a few spots 5–60 km away.
  for (const i of indices('gps-spoofer')) {
    const actual = drawSite(world, random)
    let best: LatLng | null = null
    let bestCount = Number.POSITIVE_INFINITY
    for (let k = 0; k < SPOOF_CANDIDATES; k++) {
      const candidate = offset(actual, random() * 2 * Math.PI, SPOOF_MIN_M + random() * (SPOOF_MAX_M - SPOOF_MIN_M))
      const count = asserted.filter((p) => metresBetween(p, candidate) <= SPOOF_DENSITY_RADIUS_M).length
      if (count < bestCount) [best, bestCount] = [candidate, count]
    }
    place(i, actual, best!)
  }

  // Sybil groups: one real spot, members asserted around it, pairwise not "too close".
  for (const group of partition(indices('sybil'), SYBIL_GROUP, random)) {
    const spot = drawSite(world, random)
    const claims = spreadAround(spot, group.length, SYBIL_MIN_M, SYBIL_MAX_M, random, tooClose)
    group.forEach((i, k) => place(i, spot, claims[k]!))
  }

  // Witness rings: no radio anywhere; members asserted within RING_MEMBER_RADIUS_M of a centre
  // somewhere in the region, centres RING_CENTRE_SPACING_M apart.
  const centres: LatLng[] = []
  for (const group of partition(indices('witness-ring'), RING_GROUP, random)) {
    let centre = drawRural(world, random)
    for (let attempt = 0; centres.some((c) => metresBetween(c, centre) < RING_CENTRE_SPACING_M); attempt++) {
      if (attempt === MAX_ATTEMPTS) throw crowded(`${centres.length + 1} witness rings ${RING_CENTRE_SPACING_M} m apart`)
      centre = drawRural(world, random)
    }
    centres.push(centre)
    const claims = spreadAround(centre, group.length, 1_000, RING_MEMBER_RADIUS_M, random, tooClose)
    group.forEach((i, k) => place(i, null, claims[k]!))
  }

  // Relay pairs: each where it says, partners 30–90 km apart; redrawn until the greedy matching
  // of groups.ts pairs every relay.
  const relays = indices('relay')
  for (let attempt = 0; relays.length > 0; attempt++) {
    if (attempt === MAX_ATTEMPTS) throw crowded(`${relays.length} relays that pair up`)
    const sites = new Map<number, LatLng>()
    for (const pair of chunks(relays, 2)) {
      const first = drawSite(world, random)
      sites.set(pair[0]!, first)
      if (pair[1] !== undefined) {
        const margin = 2_000
        sites.set(pair[1], offset(first, random() * 2 * Math.PI, RELAY_MIN_M + margin + random() * (RELAY_MAX_M - RELAY_MIN_M - 2 * margin)))
      }
    }
    const drawn = relays.map((i) => ({ behaviour: 'relay', asserted: cellAt(sites.get(i)!), actual: null }))
    const partners = relayPartners(drawn)
    if (relays.length % 2 === 1 ? partners.filter((p) => p === -1).length === 1 : partners.every((p) => p !== -1)) {
      for (const i of relays) place(i, sites.get(i)!, sites.get(i)!)
      break
    }
  }
  return placements as DevicePlacement[]
}

/** Splits indices, in order, into groups of min..max (a lone remainder smaller than min stays a group). */
export function partition(indices: readonly number[], size: { min: number; max: number }, random: () => number): number[][] {
  const groups: number[][] = []
  let at = 0
  while (at < indices.length) {
    const remaining = indices.length - at
    let take = remaining <= size.max ? remaining : size.min + Math.floor(random() * (size.max - size.min + 1))
    if (remaining - take > 0 && remaining - take < size.min) take = remaining - size.min
    groups.push(indices.slice(at, at + take))
    at += take
  }
  return groups
}

/** `count` points minM–maxM from `centre`, each at least SYBIL_MIN_M from the others and pairwise not too close. */
function spreadAround(centre: LatLng, count: number, minM: number, maxM: number, random: () => number, tooClose: (a: bigint, b: bigint) => boolean): LatLng[] {
  const points: LatLng[] = []
  const start = random() * 2 * Math.PI
  for (let k = 0; k < count; k++) {
    for (let attempt = 0; ; attempt++) {
      if (attempt === MAX_ATTEMPTS) throw crowded(`${count} points ${minM}–${maxM} m around one spot`)
      // Spread bearings evenly with jitter, so a group does not bunch up on one side.
      const bearing = start + ((k + random() * 0.5) * 2 * Math.PI) / count
      const point = offset(centre, bearing, minM + random() * (maxM - minM))
      const cell = cellAt(point)
      if (points.every((p) => metresBetween(p, point) >= SYBIL_MIN_M && !tooClose(cellAt(p), cell))) {
        points.push(point)
        break
      }
    }
  }
  return points
}

const chunks = <item>(items: readonly item[], size: number): item[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, k) => items.slice(k * size, k * size + size))

const crowded = (what: string) => new PinionError('PINION_ERR_SIMULATION', `could not place ${what} in ${MAX_ATTEMPTS} attempts; the world is too small for the fleet`)
