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

/**
 * One ring or line as SVG path data. Natural Earth's shapes cross the antimeridian (Russia, Fiji):
 * a crossing is unwrapped so the shape continues past ±180°, and the shape is drawn once more a
 * world to the side; the map clips both to the world square. A ring that goes all the way round
 * (Antarctica, around the pole) is drawn as given: its closing edge runs along the map's bottom.
 */
function linePath(positions: readonly Position[], closed: boolean): string {
  const unwrapped = unwrapLongitudes(positions)
  const encirclesPole = closed && unwrapped.at(-1)?.[0] !== positions.at(-1)?.[0]
  if (encirclesPole)
    return subpath(
      positions.map(([lng, lat]) => [lng!, lat!] as const),
      closed,
    )
  const lngs = unwrapped.map(([lng]) => lng)
  let path = subpath(unwrapped, closed)
  if (Math.max(...lngs) > 180)
    path += subpath(
      unwrapped.map(([lng, lat]) => [lng - 360, lat] as const),
      closed,
    )
  if (Math.min(...lngs) < -180)
    path += subpath(
      unwrapped.map(([lng, lat]) => [lng + 360, lat] as const),
      closed,
    )
  return path
}

/** Longitudes made continuous: a step of more than 180° is the antimeridian, not a trip round the world. */
function unwrapLongitudes(positions: readonly Position[]): (readonly [number, number])[] {
  let offset = 0
  let previous: number | undefined
  return positions.map(([lng, lat]) => {
    if (previous !== undefined && lng! - previous > 180) offset -= 360
    else if (previous !== undefined && lng! - previous < -180) offset += 360
    previous = lng!
    return [lng! + offset, lat!] as const
  })
}

function subpath(points: readonly (readonly [lng: number, lat: number])[], closed: boolean): string {
  let path = ''
  for (const [i, [lng, lat]] of points.entries()) {
    const [x, y] = project(lat, lng)
    path += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`
  }
  return closed ? `${path}Z` : path
}
