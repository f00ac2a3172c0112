import { cellToBoundary } from 'h3-js'
import { type Point, project } from '../../shared/mercator.ts'
import type { Bounds } from './viewport.ts'

/** A cell's hexagon (or pentagon) in world units; longitudes unwrapped so no edge spans the globe. */
export function cellPolygon(cell: string): Point[] {
  const boundary = cellToBoundary(cell)
  const first = boundary[0]?.[1] ?? 0
  return boundary.map(([lat, lng]) => {
    const unwrapped = lng - first > 180 ? lng - 360 : first - lng > 180 ? lng + 360 : lng
    return project(lat, unwrapped)
  })
}

export function boundsOf(polygons: readonly (readonly Point[])[]): Bounds | undefined {
  const points = polygons.flat()
  if (points.length === 0) return undefined
  return {
    minX: Math.min(...points.map((p) => p[0])),
    minY: Math.min(...points.map((p) => p[1])),
    maxX: Math.max(...points.map((p) => p[0])),
    maxY: Math.max(...points.map((p) => p[1])),
  }
}

/** A polygon's SVG path in screen pixels. */
export function screenPath(polygon: readonly Point[], view: { scale: number; x: number; y: number }): string {
  return `M${polygon.map(([x, y]) => `${(x * view.scale + view.x).toFixed(1)},${(y * view.scale + view.y).toFixed(1)}`).join('L')}Z`
}
