import { DEFAULT_WORLD, type World } from './geography.ts'

/**
 * Large simulated networks as many worlds side by side. simulateWireless compares every radio with
 * every other (it is exact, not sampled), so one world holds about a thousand hotspots; a network of
 * hundreds of thousands is composed of tiles, each a world of its own (towns and countryside,
 * placeWirelessFleet) around a lattice point, simulated on its own and seeded by its index.
 *
 * Tiles are TILE_SPACING_KM apart: DEFAULT_WORLD reaches about 35 km from its origin, so the gap
 * between tiles (over 300 km) is beyond a witness's 100 km plus the size of the res-4 cells regions
 * are built from, and each tile is an independent region of the epoch (regions.ts; the bench and
 * its test check it). The density is constant: every tile is DEFAULT_WORLD with the same number of
 * hotspots.
 */
export const TILE_SPACING_KM = 400
const EQUATOR_KM = 40_075
const KM_PER_DEGREE_LATITUDE = 111.195

/**
 * The origin of tile `index`: rows of latitude TILE_SPACING_KM apart from the equator outwards
 * (north, then south), each row filled with as many tiles as fit around it, one space left at the
 * antimeridian. Deterministic, and the first tiles are the same whatever the count.
 */
export function tileOrigin(index: number): { lat: number; lng: number } {
  let k = index
  for (let row = 0; ; row++) {
    const lat = row * (TILE_SPACING_KM / KM_PER_DEGREE_LATITUDE)
    if (lat > 75) throw new RangeError(`tile ${index} is beyond the lattice (75° of latitude)`)
    for (const latitude of row === 0 ? [lat] : [lat, -lat]) {
      const perRow = Math.floor((EQUATOR_KM * Math.cos((latitude * Math.PI) / 180)) / TILE_SPACING_KM) - 1
      if (k < perRow) return { lat: latitude, lng: -180 + ((k + 0.5) * 360) / (perRow + 1) }
      k -= perRow
    }
  }
}

/** DEFAULT_WORLD moved to tile `index`'s origin. */
export function tileWorld(index: number): World {
  return { ...DEFAULT_WORLD, ...tileOrigin(index) }
}
