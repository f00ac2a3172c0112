/*
 * Web Mercator onto a square "world" of WORLD_SIZE units, shared by the server (which projects the
 * world outline once) and the browser (which projects H3 hexagons into the same space). Latitudes
 * beyond ±85.0511° (where the square ends, as on every web map) are clamped.
 */

export const WORLD_SIZE = 1024
const MAX_LATITUDE = 85.05112878

export type Point = readonly [x: number, y: number]

export function project(lat: number, lng: number): Point {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat))
  const phi = (clamped * Math.PI) / 180
  const x = ((lng + 180) / 360) * WORLD_SIZE
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * WORLD_SIZE
  return [x, y]
}

export function unproject([x, y]: Point): { lat: number; lng: number } {
  const lng = (x / WORLD_SIZE) * 360 - 180
  const n = Math.PI * (1 - (2 * y) / WORLD_SIZE)
  return { lat: (Math.atan(Math.sinh(n)) * 180) / Math.PI, lng }
}
