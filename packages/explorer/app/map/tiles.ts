import { WORLD_SIZE } from '../../shared/mercator.ts'
import type { Size, View } from './viewport.ts'

/** Raster XYZ tiles are 256 px squares: zoom z cuts the world into 2^z × 2^z of them. */
export const TILE_PX = 256

/** One tile to draw: its address and where its square lies on screen. */
export type ScreenTile = { z: number; x: number; y: number; left: number; top: number; size: number; url: string }

/**
 * The tiles that cover the screen for `view`, at the zoom whose tiles come closest to 256 screen
 * pixels (never deeper than the source serves: past it, its deepest tiles are stretched).
 */
export function visibleTiles(view: View, size: Size, source: { url: string; maxZoom: number }): ScreenTile[] {
  const worldPx = WORLD_SIZE * view.scale
  const z = Math.max(0, Math.min(source.maxZoom, Math.round(Math.log2(worldPx / TILE_PX))))
  const count = 2 ** z
  const tilePx = worldPx / count
  const first = (offset: number) => Math.max(0, Math.floor(-offset / tilePx))
  const last = (offset: number, extent: number) => Math.min(count - 1, Math.floor((extent - offset) / tilePx))
  const tiles: ScreenTile[] = []
  for (let y = first(view.y); y <= last(view.y, size.height); y++) {
    for (let x = first(view.x); x <= last(view.x, size.width); x++) {
      tiles.push({ z, x, y, left: view.x + x * tilePx, top: view.y + y * tilePx, size: tilePx, url: tileUrl(source.url, z, x, y) })
    }
  }
  return tiles
}

export const tileUrl = (template: string, z: number, x: number, y: number): string =>
  template.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y))
