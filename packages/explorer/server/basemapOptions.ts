import { readFileSync } from 'node:fs'
import type { BasemapConfig, TileSource } from '../shared/explorerConfig.ts'
import { ExplorerError } from './errors.ts'

/** What an operator sets: a raster XYZ tile source for the map (explorer options, `pinion-explorer --tiles`). */
export type BasemapOptions = {
  /** An XYZ URL template of 256 px raster tiles, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`. */
  tiles: string
  /** The credit the source requires, shown on the map, e.g. `© OpenStreetMap contributors`. */
  attribution: string
  /** The deepest zoom the source serves (default 19, OpenStreetMap's). */
  maxZoom?: number | undefined
}

const DEFAULT_MAX_ZOOM = 19

/** Checks the tile source before anything is served: a wrong template would only show as a grey map. */
export function basemapConfig(options: BasemapOptions | undefined): BasemapConfig {
  if (options === undefined) return { tiles: null }
  return { tiles: tileSource(options) }
}

function tileSource({ tiles, attribution, maxZoom = DEFAULT_MAX_ZOOM }: BasemapOptions): TileSource {
  let url: URL
  try {
    url = new URL(tiles.replace(/[{}]/g, ''))
  } catch {
    throw new ExplorerError('PINION_ERR_BAD_BASEMAP', `basemap tiles: "${tiles}" is not a URL; expected an http(s) template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExplorerError('PINION_ERR_BAD_BASEMAP', `basemap tiles: "${tiles}" is a ${url.protocol} URL; expected http: or https:`)
  }
  const missing = ['{z}', '{x}', '{y}'].filter((part) => !tiles.includes(part))
  if (missing.length > 0) throw new ExplorerError('PINION_ERR_BAD_BASEMAP', `basemap tiles: "${tiles}" has no ${missing.join(', ')}; expected a template with {z}, {x} and {y}`)
  if (attribution.trim() === '') {
    throw new ExplorerError('PINION_ERR_BAD_BASEMAP', 'basemap attribution: empty; expected the credit the tile source requires, e.g. "© OpenStreetMap contributors"')
  }
  if (!Number.isInteger(maxZoom) || maxZoom < 0 || maxZoom > 22) throw new ExplorerError('PINION_ERR_BAD_BASEMAP', `basemap maxZoom: ${maxZoom}; expected an integer from 0 to 22`)
  return { url: tiles, attribution: attribution.trim(), maxZoom }
}

/** The shipped offline detail (basemap/detail.json, built by scripts/buildBasemapDetail.ts), as served. */
export function loadBasemapDetail(): string {
  return readFileSync(new URL('../basemap/detail.json', import.meta.url), 'utf8')
}
