import { unproject, WORLD_SIZE } from '../../shared/mercator.ts'

/**
 * Average H3 hexagon edge length per resolution, km (h3geo.org/docs/core-library/restable).
 * The map asks for the finest resolution whose hexagons are still comfortably visible.
 */
const EDGE_KM = [1281.256, 483.057, 182.513, 68.979, 26.072, 9.854, 3.725, 1.406, 0.531, 0.201, 0.076]
const EQUATOR_KM = 40_075
/** A hexagon narrower than this on screen is aggregated into its parent: big enough to see and tap. */
const MIN_HEX_PX = 28

/** Screen pixels per kilometre on the ground, for a view of `scale` centred at world y `centreY`. */
export function pixelsPerKm(scale: number, centreY: number): number {
  const { lat } = unproject([WORLD_SIZE / 2, centreY])
  // Mercator stretches distances by 1/cos(latitude): hexagons look larger away from the equator.
  return (WORLD_SIZE * scale) / EQUATOR_KM / Math.max(Math.cos((lat * Math.PI) / 180), 0.05)
}

/** The H3 resolution to aggregate coverage at, for a view of `scale` centred at world y `centreY`. */
export function resolutionFor(scale: number, centreY: number): number {
  const pxPerKm = pixelsPerKm(scale, centreY)
  let resolution = 0
  for (const [r, edge] of EDGE_KM.entries()) if (2 * edge * pxPerKm >= MIN_HEX_PX) resolution = r
  return resolution
}
