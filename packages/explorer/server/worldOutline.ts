import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { MultiLineString, MultiPolygon, Polygon, Position } from 'geojson'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { WORLD_SIZE, project } from '../shared/mercator.ts'

/** The world map's background: land and country borders as SVG paths in the shared Mercator square. */
export type WorldOutline = { size: number; land: string; borders: string; attribution: string }

const require = createRequire(import.meta.url)

/**
 * Natural Earth's 1:110m land and countries (public domain, via the world-atlas package), projected
 * once at startup and shipped with the app: the map needs no tile server and works offline.
 */
export function loadWorldOutline(): WorldOutline {
  const land = readTopology('world-atlas/land-110m.json')
  const countries = readTopology('world-atlas/countries-110m.json')
  const landShape = feature(land, land.objects.land as GeometryCollection).features.map((f) => f.geometry as Polygon | MultiPolygon)
  // Borders between two countries only: the coastline is the land's edge already.
  const borders = mesh(countries, countries.objects.countries as GeometryCollection, (a, b) => a !== b) as MultiLineString
  return {
    size: WORLD_SIZE,
    land: landShape.map(polygonsPath).join(''),
    borders: borders.coordinates.map((line) => linePath(line, false)).join(''),
    attribution: 'Natural Earth (public domain)',
  }
}

function readTopology(name: string): Topology {
  return JSON.parse(readFileSync(require.resolve(name), 'utf8')) as Topology
}

function polygonsPath(geometry: Polygon | MultiPolygon): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  return polygons.flatMap((rings) => rings.map((ring) => linePath(ring, true))).join('')
}

function linePath(positions: readonly Position[], closed: boolean): string {
  let path = ''
  for (const [i, position] of positions.entries()) {
    const [x, y] = project(position[1]!, position[0]!)
    path += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`
  }
  return closed ? `${path}Z` : path
}
