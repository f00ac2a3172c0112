import { cellToLatLng, greatCircleDistance, latLngToCell } from 'h3-js'

/**
 * Where a simulated fleet lives: towns of different sizes and the countryside between them, as
 * real LoRaWAN deployments look (dense clusters where people live, sparse rural hotspots around).
 * Offsets are in kilometres from the world's origin; a cluster's hotspots fall around its centre
 * with a Gaussian spread (most within `radiusKm`), the countryside's uniformly over a disc.
 */
type Cluster = { name: string; eastKm: number; northKm: number; radiusKm: number; weight: number }
export type World = {
  /** Origin, degrees. */
  lat: number
  lng: number
  clusters: readonly Cluster[]
  /** Radius of the countryside disc around the origin, km. */
  ruralRadiusKm: number
  /** Share of the fleet in the countryside (the rest is spread over clusters by weight). */
  ruralWeight: number
}

/**
 * Flat farmland (the radio model has no terrain) in the US Midwest, a US915 region about 60 km
 * across: a small city and eleven towns 12–15 km apart, as they are there, with hotspots scattered
 * over the countryside between them (about a third of the fleet, as in Helium's IoT network outside
 * its big metros). Under the kind's default radio model (n = 3.5 from 1 m, 27 dBm plus antenna
 * gain) a stock hotspot reaches about 5.5 km at SF9: a town hears itself and its countryside, and
 * the next town only through lucky links.
 */
export const DEFAULT_WORLD: World = {
  lat: 41.9,
  lng: -93.1,
  clusters: [
    { name: 'city', eastKm: 0, northKm: 0, radiusKm: 4, weight: 0.1 },
    { name: 'north-west', eastKm: -13, northKm: 12, radiusKm: 2, weight: 0.047 },
    { name: 'north', eastKm: 0.5, northKm: 23, radiusKm: 1.5, weight: 0.047 },
    { name: 'north-east', eastKm: 14, northKm: 13, radiusKm: 2, weight: 0.047 },
    { name: 'east', eastKm: 25.5, northKm: 2.5, radiusKm: 1.5, weight: 0.047 },
    { name: 'south-east', eastKm: 14.5, northKm: -12, radiusKm: 2, weight: 0.047 },
    { name: 'south', eastKm: 2, northKm: -24, radiusKm: 1.5, weight: 0.047 },
    { name: 'south-west', eastKm: -12.5, northKm: -14, radiusKm: 2, weight: 0.047 },
    { name: 'west', eastKm: -25.5, northKm: -0.5, radiusKm: 1.5, weight: 0.047 },
    { name: 'far-north-west', eastKm: -24, northKm: 21, radiusKm: 1.2, weight: 0.047 },
    { name: 'far-south-east', eastKm: 24.5, northKm: -22, radiusKm: 1.2, weight: 0.047 },
    { name: 'far-south-west', eastKm: -23, northKm: -22.5, radiusKm: 1.2, weight: 0.047 },
  ],
  ruralRadiusKm: 30,
  ruralWeight: 0.38,
}

/** Fleets this large or larger get DEFAULT_WORLD as it is; DEFAULT_WORLD was sized for about 400. */
const FULL_WORLD_FLEET = 200
const DEFAULT_WORLD_FLEET = 400
/** The smallest a world shrinks to, as a share of DEFAULT_WORLD's distances. */
const MIN_WORLD_SCALE = 0.3

/**
 * The world for a fleet of `size`: DEFAULT_WORLD, shrunk for small fleets so that they keep its
 * density of hotspots per area (distances scale with √(size / 400), down to 30 %). A devnet's few
 * dozen hotspots spread over 60 km would hardly hear each other, and a closed ring among them
 * would have no outside listener in range to give it away.
 */
export function worldFor(size: number): World {
  if (size >= FULL_WORLD_FLEET) return DEFAULT_WORLD
  const scale = Math.max(MIN_WORLD_SCALE, Math.sqrt(size / DEFAULT_WORLD_FLEET))
  return {
    ...DEFAULT_WORLD,
    clusters: DEFAULT_WORLD.clusters.map((c) => ({ ...c, eastKm: c.eastKm * scale, northKm: c.northKm * scale })),
    ruralRadiusKm: DEFAULT_WORLD.ruralRadiusKm * scale,
  }
}

/** The resolution simulated devices assert at (the registry's: res 12, about 9 m across). */
const PLACEMENT_RESOLUTION = 12
/** Mean Earth radius in metres, as H3 uses it. */
const EARTH_RADIUS_M = 6_371_007.180918475

export type LatLng = { lat: number; lng: number }

/** The point `distanceM` metres from `from` in direction `bearingRad` (0 = north, clockwise). */
export function offset(from: LatLng, bearingRad: number, distanceM: number): LatLng {
  const lat1 = (from.lat * Math.PI) / 180
  const lng1 = (from.lng * Math.PI) / 180
  const delta = distanceM / EARTH_RADIUS_M
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(bearingRad))
  const lng2 = lng1 + Math.atan2(Math.sin(bearingRad) * Math.sin(delta) * Math.cos(lat1), Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2))
  return { lat: (lat2 * 180) / Math.PI, lng: (lng2 * 180) / Math.PI }
}

/** The point `eastKm`, `northKm` from the world's origin. */
export function fromOrigin(world: World, eastKm: number, northKm: number): LatLng {
  const distanceM = Math.hypot(eastKm, northKm) * 1000
  return distanceM === 0 ? { lat: world.lat, lng: world.lng } : offset(world, Math.atan2(eastKm, northKm), distanceM)
}

/** A point drawn where hotspots are: a cluster by weight (Gaussian around its centre), or the countryside. */
export function drawSite(world: World, random: () => number): LatLng {
  const total = world.ruralWeight + world.clusters.reduce((sum, c) => sum + c.weight, 0)
  let pick = random() * total
  for (const cluster of world.clusters) {
    pick -= cluster.weight
    if (pick < 0) {
      // Rayleigh-distributed distance: 2-D Gaussian with σ = radius / 2 (86% within the radius).
      const distanceKm = (cluster.radiusKm / 2) * Math.sqrt(-2 * Math.log(1 - random()))
      return offset(fromOrigin(world, cluster.eastKm, cluster.northKm), random() * 2 * Math.PI, distanceKm * 1000)
    }
  }
  return drawRural(world, random)
}

/** A point uniformly over the countryside disc. */
export function drawRural(world: World, random: () => number): LatLng {
  const distanceKm = world.ruralRadiusKm * Math.sqrt(random())
  return offset(world, random() * 2 * Math.PI, distanceKm * 1000)
}

/** The H3 cell (uint64) of a point, at `resolution`. */
export function cellAt(point: LatLng, resolution = PLACEMENT_RESOLUTION): bigint {
  return BigInt(`0x${latLngToCell(point.lat, point.lng, resolution)}`)
}

/** The H3 index string of a cell (uint64). */
const cellString = (cell: bigint): string => cell.toString(16)

/** The centre of a cell. */
export function centreOf(cell: bigint): LatLng {
  const [lat, lng] = cellToLatLng(cellString(cell))
  return { lat, lng }
}

/** Great-circle distance between two points, metres (float; physics.ts rounds between cells). */
export const metresBetween = (a: LatLng, b: LatLng): number => greatCircleDistance([a.lat, a.lng], [b.lat, b.lng], 'm')
