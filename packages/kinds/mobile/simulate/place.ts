import { PinionError } from '@pinion/protocol'
import { latLngToCell } from 'h3-js'
import type { DevicePlacement, PlaceFleetInput } from '../../src/kind.ts'
import { cellFromString } from '../hexes.ts'
import type { MobileParams } from '../params.ts'
import type { RadioType } from '../radioType.ts'
import { HIP_74_COVERAGE_RESOLUTION } from '../rules.ts'
import { MOBILE_BEHAVIOURS, SIMULATED_ANTENNA_GAIN, isMobileBehaviour } from './behaviours.ts'

/** The simulated city: Miami, where Helium Mobile launched. Radios are spread over a disk around it. */
const CITY = { lat: 25.7617, lng: -80.1918 } as const
/** The disk's radius grows with the fleet, so density stays about that of one radio per 0.3 km². */
const METRES_PER_SQRT_RADIO = 300
/** A location spoofer asserts this far from where it is: beyond every trust table's ×0 distance (400 m). */
export const SPOOF_MIN_M = 800
export const SPOOF_MAX_M = 5_000
/** Honest radio types, drawn with these weights: mostly indoor Wi-Fi, as Helium Mobile's fleet is today. */
const RADIO_MIX: readonly [RadioType, number][] = [
  ['wifi-indoor', 0.4],
  ['wifi-outdoor', 0.3],
  ['cbrs-indoor', 0.1],
  ['cbrs-outdoor', 0.2],
]
const ELEVATION_M = { indoor: 3, outdoor: 10 } as const

type LatLng = { lat: number; lng: number }

/**
 * Places a simulated mobile fleet around CITY, one placement per behaviour in order. Deterministic
 * given `random`. Every radio's type travels as its asserted antenna gain (SIMULATED_ANTENNA_GAIN).
 * Honest, speedtest-faker and no-service radios stand where they say; spoofers assert 0.8–5 km from
 * where they are; crowders stand in (and assert) the hex of an honest indoor Wi-Fi radio, in turn
 * over them (the first honest radio is made one when the fleet has none).
 */
export function placeMobileFleet(input: PlaceFleetInput<MobileParams>): DevicePlacement[] {
  const { behaviours, random } = input
  for (const behaviour of behaviours) {
    if (!isMobileBehaviour(behaviour)) throw new PinionError('PINION_ERR_SIMULATION', `mobile has no behaviour "${behaviour}"; expected one of ${MOBILE_BEHAVIOURS.join(', ')}`)
  }
  const radius = METRES_PER_SQRT_RADIO * Math.sqrt(Math.max(behaviours.length, 1))
  const placements: DevicePlacement[] = []
  const place = (actual: LatLng, asserted: LatLng, type: RadioType): DevicePlacement => ({
    asserted: cellAt(asserted),
    actual: cellAt(actual),
    antennaGain: SIMULATED_ANTENNA_GAIN[type],
    elevation: type.endsWith('indoor') ? ELEVATION_M.indoor : ELEVATION_M.outdoor,
  })
  const drawType = (): RadioType => {
    let x = random()
    for (const [type, weight] of RADIO_MIX) if ((x -= weight) < 0) return type
    return 'wifi-indoor'
  }
  const crowders = behaviours.filter((b) => b === 'crowder').length
  let firstHonest = true
  for (const behaviour of behaviours) {
    const site = offset(CITY, random() * 2 * Math.PI, radius * Math.sqrt(random()))
    let type = drawType()
    if (behaviour === 'honest' && firstHonest && crowders > 0) type = 'wifi-indoor'
    if (behaviour === 'honest') firstHonest = false
    if (behaviour === 'location-spoofer') {
      const claimed = offset(site, random() * 2 * Math.PI, SPOOF_MIN_M + random() * (SPOOF_MAX_M - SPOOF_MIN_M))
      placements.push(place(site, claimed, type))
    } else {
      placements.push(place(site, site, behaviour === 'crowder' ? 'wifi-indoor' : type))
    }
  }
  // Crowders move into honest indoor Wi-Fi radios' hexes, one target after another.
  const targets = placements.filter((p, i) => behaviours[i] === 'honest' && p.antennaGain === SIMULATED_ANTENNA_GAIN['wifi-indoor'])
  let next = 0
  behaviours.forEach((behaviour, i) => {
    if (behaviour !== 'crowder' || targets.length === 0) return
    const target = targets[next++ % targets.length]!
    placements[i] = { ...placements[i]!, asserted: target.asserted, actual: target.actual }
  })
  return placements
}

const cellAt = (point: LatLng): bigint => cellFromString(latLngToCell(point.lat, point.lng, HIP_74_COVERAGE_RESOLUTION))

const EARTH_M_PER_DEGREE = 111_320

/** The point `metres` from `from` along `bearing` (radians from north), on a locally flat Earth. */
function offset(from: LatLng, bearing: number, metres: number): LatLng {
  return {
    lat: from.lat + (metres * Math.cos(bearing)) / EARTH_M_PER_DEGREE,
    lng: from.lng + (metres * Math.sin(bearing)) / (EARTH_M_PER_DEGREE * Math.cos((from.lat * Math.PI) / 180)),
  }
}
