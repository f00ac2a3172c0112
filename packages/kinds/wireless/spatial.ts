import { cellToCenterChild, cellToParent, getHexagonEdgeLengthAvg, gridDisk } from 'h3-js'
import { distanceM, h3String } from './physics.ts'

/**
 * Finds the items within a radius of a cell without comparing every pair: items are bucketed by
 * their H3 parent at a coarse resolution, and a query looks only in the buckets of a grid disk
 * around the centre's parent, then measures exact (integer) distances. The disk is sized with half
 * the resolution's average edge length, so it always covers the radius (H3 cells vary less than
 * that); the result is the same as a full scan, in the order items were added.
 */
export class SpatialIndex<item> {
  readonly resolution: number
  private readonly buckets = new Map<string, { item: item; cell: bigint; order: number }[]>()
  private size = 0

  constructor(resolution: number) {
    this.resolution = resolution
  }

  add(cell: bigint, item: item): void {
    const key = bucketOf(cell, this.resolution)
    let bucket = this.buckets.get(key)
    if (bucket === undefined) this.buckets.set(key, (bucket = []))
    bucket.push({ item, cell, order: this.size++ })
  }

  /** Every item whose cell is within `radiusM` of `centre` (inclusive), with its distance, in insertion order. */
  within(centre: bigint, radiusM: number): { item: item; distanceM: number }[] {
    const safeEdge = getHexagonEdgeLengthAvg(this.resolution, 'm') / 2
    const k = Math.ceil(radiusM / safeEdge) + 1
    const found: { item: item; distanceM: number; order: number }[] = []
    for (const key of gridDisk(bucketOf(centre, this.resolution), k)) {
      const bucket = this.buckets.get(key)
      if (bucket === undefined) continue
      for (const entry of bucket) {
        const d = distanceM(centre, entry.cell)
        if (d <= radiusM) found.push({ item: entry.item, distanceM: d, order: entry.order })
      }
    }
    found.sort((a, b) => a.order - b.order)
    return found.map(({ item, distanceM }) => ({ item, distanceM }))
  }
}

/** The cell at `resolution` that holds `cell`: its parent, or its centre child when `cell` is coarser. */
function bucketOf(cell: bigint, resolution: number): string {
  const h3 = h3String(cell)
  return resolutionOf(cell) >= resolution ? cellToParent(h3, resolution) : cellToCenterChild(h3, resolution)
}

/** The resolution of an H3 cell index (bits 52–55). */
export function resolutionOf(cell: bigint): number {
  return Number((cell >> 52n) & 0xfn)
}

/**
 * The coarsest resolution from 3 to 7 whose disk for `radiusM` stays small (k ≤ 6), so a query
 * looks at a few dozen buckets whatever the radius.
 */
export function resolutionForRadius(radiusM: number): number {
  for (let resolution = 7; resolution >= 3; resolution--) {
    if (Math.ceil(radiusM / (getHexagonEdgeLengthAvg(resolution, 'm') / 2)) + 1 <= 6) return resolution
  }
  return 3
}
