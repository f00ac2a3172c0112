import { WORLD_SIZE, project } from '../../shared/mercator.ts'

/** How the world square is drawn: screen = world × scale + (x, y). */
export type View = { scale: number; x: number; y: number }
export type Size = { width: number; height: number }
export type Bounds = { minX: number; minY: number; maxX: number; maxY: number }

/** Zoomed out as far as a whole world fits; in as far as a street-sized hexagon fills the screen. */
const MIN_SCALE_FACTOR = 1
const MAX_SCALE = 2 ** 15

/** The whole world, centred. */
export function worldView(size: Size): View {
  const scale = minScale(size)
  return { scale, x: (size.width - WORLD_SIZE * scale) / 2, y: (size.height - WORLD_SIZE * scale) / 2 }
}

function minScale(size: Size): number {
  return (Math.min(size.width, size.height) / WORLD_SIZE) * MIN_SCALE_FACTOR
}

/** Zooms by `factor` keeping the world point under (px, py) where it is. */
export function zoomAt(view: View, factor: number, px: number, py: number, size: Size): View {
  const scale = Math.min(MAX_SCALE, Math.max(minScale(size), view.scale * factor))
  const applied = scale / view.scale
  return clampView({ scale, x: px - (px - view.x) * applied, y: py - (py - view.y) * applied }, size)
}

export function panBy(view: View, dx: number, dy: number, size: Size): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, size)
}

/** The view that shows `bounds` (world units) with some margin, not closer than `maxScale`. */
export function fitBounds(bounds: Bounds, size: Size, maxScale = 2 ** 11): View {
  const width = Math.max(bounds.maxX - bounds.minX, 1e-6)
  const height = Math.max(bounds.maxY - bounds.minY, 1e-6)
  const scale = Math.min(maxScale, Math.max(minScale(size), Math.min(size.width / width, size.height / height) * 0.7))
  const cx = (bounds.minX + bounds.maxX) / 2
  const cy = (bounds.minY + bounds.maxY) / 2
  return clampView({ scale, x: size.width / 2 - cx * scale, y: size.height / 2 - cy * scale }, size)
}

/** Keeps some of the world on screen: panning never loses the map. */
function clampView(view: View, size: Size): View {
  const extent = WORLD_SIZE * view.scale
  const margin = Math.min(size.width, size.height) / 2
  return {
    scale: view.scale,
    x: Math.min(size.width - margin, Math.max(margin - extent, view.x)),
    y: Math.min(size.height - margin, Math.max(margin - extent, view.y)),
  }
}

/** The world point at the centre of the screen. */
export function centreOf(view: View, size: Size): [number, number] {
  return [(size.width / 2 - view.x) / view.scale, (size.height / 2 - view.y) / view.scale]
}

/** A place and zoom to open the map at: `?at=<lat>,<lng>,<zoom>` (zoom as web maps count it: 0 is the world in 256 px). */
export type MapAt = { lat: number; lng: number; zoom: number }

/** Reads `?at=` (lat,lng,zoom); undefined when absent or not three numbers in range, so a bad link opens the usual view. */
export function parseMapAt(search: string): MapAt | undefined {
  const parts = new URLSearchParams(search).get('at')?.split(',').map(Number)
  if (parts?.length !== 3 || parts.some((n) => !Number.isFinite(n))) return undefined
  const [lat, lng, zoom] = parts as [number, number, number]
  if (Math.abs(lat) > 85 || Math.abs(lng) > 180 || zoom < 0 || zoom > 22) return undefined
  return { lat, lng, zoom }
}

/** The view centred on `at`, at its zoom (a world of 256 × 2^zoom screen pixels). */
export function viewAt(at: MapAt, size: Size): View {
  const scale = Math.min(MAX_SCALE, Math.max(minScale(size), (256 * 2 ** at.zoom) / WORLD_SIZE))
  const [x, y] = project(at.lat, at.lng)
  return clampView({ scale, x: size.width / 2 - x * scale, y: size.height / 2 - y * scale }, size)
}
