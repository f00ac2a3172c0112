import { cellToCenterChild, cellToLatLng, cellToParent, getResolution, greatCircleDistance, gridDiskDistances, isValidCell } from 'h3-js'

// H3 cells travel as uint64 bigints (the registry's, the wire's); h3-js speaks hex strings.

/** The h3-js string of a uint64 cell, or null when it is not a valid H3 cell. */
export function h3String(cell: bigint): string | null {
  if (cell <= 0n || cell >= 1n << 64n) return null
  const text = cell.toString(16)
  return isValidCell(text) ? text : null
}

export const cellFromString = (text: string): bigint => BigInt(`0x${text}`)

/** The cell at `resolution` containing (coarser) or centred in (finer) `cell`. */
export function atResolution(cell: string, resolution: number): string {
  const own = getResolution(cell)
  if (own === resolution) return cell
  return own > resolution ? cellToParent(cell, resolution) : cellToCenterChild(cell, resolution)
}

/**
 * Great-circle distance between the centres of two cells, whole metres rounded toward zero. The
 * floating-point distance only decides which integer band it falls in (a trust table row); h3-js
 * computes it the same way on every platform Pinion runs on (V8's IEEE-754 maths).
 */
export function distanceM(a: string, b: string): number {
  if (a === b) return 0
  return Math.trunc(greatCircleDistance(cellToLatLng(a), cellToLatLng(b), 'm'))
}

/** The cells within grid distance `k` of `cell`, ring by ring (ring 0 is the cell itself). */
export const rings = (cell: string, k: number): string[][] => gridDiskDistances(cell, k)
