import { latLngToCell } from 'h3-js'
import type { DevicePlacement, PlaceFleetInput } from '../src/kind.ts'
import type { UptimeParams } from './params.ts'

/**
 * Where a simulated uptime fleet stands: five towns of central Iowa (GeoNames' town centres), the
 * region the wireless kind simulates too, so the explorer's shipped basemap detail covers both.
 * Uptime pays no one for being anywhere; a place only lets the explorer's map show the fleet
 * among towns people can name, instead of an empty world.
 */
export const UPTIME_TOWNS = [
  { name: 'Ames', lat: 42.03471, lng: -93.61994 },
  { name: 'Nevada', lat: 42.02277, lng: -93.45243 },
  { name: 'Marshalltown', lat: 42.04943, lng: -92.90798 },
  { name: 'Newton', lat: 41.69971, lng: -93.04798 },
  { name: 'Ankeny', lat: 41.72971, lng: -93.60577 },
] as const

/** The registry's resolution (about 9 m across), as other kinds assert. */
const PLACEMENT_RESOLUTION = 12
/** Devices stand within this many metres of their town's centre: a town, not one street. */
const TOWN_RADIUS_M = 1_500
const METRES_PER_DEGREE = 111_320
/** A stock antenna (tenths of dBi) at rooftop height: uptime reads neither. */
const ANTENNA_GAIN = 20
const ELEVATION_M = 5

/** Deals the fleet out over UPTIME_TOWNS in turn, each device somewhere in its town (deterministic given `random`). */
export function placeUptimeFleet(input: PlaceFleetInput<UptimeParams>): DevicePlacement[] {
  return input.behaviours.map((_, i) => {
    const town = UPTIME_TOWNS[i % UPTIME_TOWNS.length]!
    const bearing = input.random() * 2 * Math.PI
    const metres = TOWN_RADIUS_M * Math.sqrt(input.random())
    const lat = town.lat + (metres * Math.cos(bearing)) / METRES_PER_DEGREE
    const lng = town.lng + (metres * Math.sin(bearing)) / (METRES_PER_DEGREE * Math.cos((town.lat * Math.PI) / 180))
    const cell = BigInt(`0x${latLngToCell(lat, lng, PLACEMENT_RESOLUTION)}`)
    return { asserted: cell, actual: cell, antennaGain: ANTENNA_GAIN, elevation: ELEVATION_M }
  })
}
