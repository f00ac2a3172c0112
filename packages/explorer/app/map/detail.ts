import type { BasemapDetail } from '../../shared/basemapDetail.ts'
import { type Point, project } from '../../shared/mercator.ts'
import type { Size, View } from './viewport.ts'

/** The shipped detail projected once into the map's world units, ready to draw at any view. */
export type ProjectedDetail = {
  attribution: string
  regions: { minX: number; minY: number; maxX: number; maxY: number }[]
  land: Point[][][]
  coast: Point[][]
  states: Point[][]
  counties: Point[][]
  places: { name: string; population: number; at: Point }[]
}

export function projectDetail(detail: BasemapDetail): ProjectedDetail {
  const line = (flat: readonly number[]): Point[] => {
    const points: Point[] = []
    for (let i = 0; i + 1 < flat.length; i += 2) points.push(project(flat[i + 1]!, flat[i]!))
    return points
  }
  return {
    attribution: detail.attribution,
    regions: detail.regions.map((r) => {
      const [minX, minY] = project(r.north, r.west)
      const [maxX, maxY] = project(r.south, r.east)
      return { minX, minY, maxX, maxY }
    }),
    land: detail.land.map((rings) => rings.map(line)),
    coast: detail.coast.map(line),
    states: detail.states.map(line),
    counties: detail.counties.map(line),
    places: detail.places.map((p) => ({ name: p.name, population: p.population, at: project(p.lat, p.lng) })),
  }
}

/** Lines (or closed rings) as one SVG path in screen pixels; what lies wholly off screen is left out. */
export function linesPath(lines: readonly (readonly Point[])[], view: View, size: Size, closed = false): string {
  let path = ''
  for (const points of lines) {
    const screen = points.map(([x, y]) => [x * view.scale + view.x, y * view.scale + view.y] as const)
    const xs = screen.map((p) => p[0])
    const ys = screen.map((p) => p[1])
    if (Math.max(...xs) < 0 || Math.min(...xs) > size.width || Math.max(...ys) < 0 || Math.min(...ys) > size.height) continue
    path += `M${screen.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}${closed ? 'Z' : ''}`
  }
  return path
}

/** Detail shows for a region once it spans this many screen pixels: at world zoom it would be a smudge. */
const MIN_REGION_PX = 160

/** The detail within the regions that are large enough on screen to be worth drawing; null if none is. */
export function detailInView(detail: ProjectedDetail, view: View, size: Size): ProjectedDetail | null {
  const shown = detail.regions.filter((r) => {
    const left = r.minX * view.scale + view.x
    const right = r.maxX * view.scale + view.x
    const top = r.minY * view.scale + view.y
    const bottom = r.maxY * view.scale + view.y
    return right - left >= MIN_REGION_PX && right > 0 && left < size.width && bottom > 0 && top < size.height
  })
  if (shown.length === 0) return null
  const within = ([x, y]: Point) => shown.some((r) => x >= r.minX && x <= r.maxX && y >= r.minY && y <= r.maxY)
  return { ...detail, regions: shown, places: detail.places.filter((p) => within(p.at)) }
}

export type PlacedLabel = { name: string; x: number; y: number; size: 'large' | 'small' }

/** Label font sizes (px) and a width per character generous for the map's sans-serif, to keep labels apart. */
const FONT_PX = { large: 13, small: 11 } as const
const CHAR_WIDTH = 0.6
/** Enough names to read a region by, few enough to leave the coverage readable. */
const MAX_LABELS = 60
const LARGE_POPULATION = 50_000

/**
 * Which places get a name at this view: largest first, each where its label (right of its dot)
 * overlaps no label placed before it and stays inside the frame. Deterministic: same view, same labels.
 */
export function placeLabels(places: ProjectedDetail['places'], view: View, size: Size): PlacedLabel[] {
  const taken: { left: number; top: number; right: number; bottom: number }[] = []
  const placed: PlacedLabel[] = []
  for (const place of places) {
    if (placed.length >= MAX_LABELS) break
    const x = place.at[0] * view.scale + view.x
    const y = place.at[1] * view.scale + view.y
    const kind = place.population >= LARGE_POPULATION ? 'large' : 'small'
    const font = FONT_PX[kind]
    const box = { left: x - 4, top: y - font / 2 - 2, right: x + 6 + place.name.length * font * CHAR_WIDTH, bottom: y + font / 2 + 2 }
    if (box.left < 0 || box.top < 0 || box.right > size.width || box.bottom > size.height) continue
    if (taken.some((t) => box.left < t.right && box.right > t.left && box.top < t.bottom && box.bottom > t.top)) continue
    taken.push(box)
    placed.push({ name: place.name, x, y, size: kind })
  }
  return placed
}
