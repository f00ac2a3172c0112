import { readFileSync } from 'node:fs'
import { placeMobileFleet } from '../../kinds/mobile/simulate/index.ts'
import { DEFAULT_UPTIME_PARAMS, placeUptimeFleet } from '../../kinds/uptime/index.ts'
import { placeWirelessFleet } from '../../kinds/wireless/simulate/index.ts'
import { cellToLatLng } from 'h3-js'
import { describe, expect, it } from 'vitest'
import type { BasemapDetail } from '../shared/basemapDetail.ts'
import { seededRandom } from '../../kinds/src/seededRandom.ts'
import { detailInView, linesPath, placeLabels, projectDetail } from '../app/map/detail.ts'
import { viewAt } from '../app/map/viewport.ts'

const shipped = JSON.parse(readFileSync(new URL('../basemap/detail.json', import.meta.url), 'utf8')) as BasemapDetail
const detail = projectDetail(shipped)
const size = { width: 1280, height: 620 }

describe('the shipped basemap detail', () => {
  it("covers every kind's simulated fleet: each placed device stands in a region with detail", () => {
    const fleets = {
      uptime: placeUptimeFleet({ behaviours: Array(20).fill('honest'), params: DEFAULT_UPTIME_PARAMS, random: seededRandom(42) }),
      // biome-ignore lint/suspicious/noExplicitAny: placement reads only the behaviours and the random source
      wireless: placeWirelessFleet({ behaviours: Array(400).fill('honest'), params: {} as any, random: seededRandom(42) }),
      // biome-ignore lint/suspicious/noExplicitAny: as above
      mobile: placeMobileFleet({ behaviours: Array(400).fill('honest'), params: {} as any, random: seededRandom(42) }),
    }
    for (const [kind, placements] of Object.entries(fleets)) {
      for (const p of placements) {
        const [lat, lng] = cellToLatLng(p.asserted!.toString(16))
        const region = shipped.regions.find((r) => lng >= r.west && lng <= r.east && lat >= r.south && lat <= r.north)
        expect({ kind, lat, lng, region: region?.name ?? 'none' }).toMatchObject({ kind, region: expect.not.stringMatching(/^none$/) })
      }
    }
  })

  it('has named places, county lines and a coast, and stays small', () => {
    expect(shipped.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Des Moines', 'Ames', 'Marshalltown', 'Miami', 'Hialeah']))
    expect(shipped.counties.length).toBeGreaterThan(0)
    expect(shipped.coast.length).toBeGreaterThan(0)
    expect(readFileSync(new URL('../basemap/detail.json', import.meta.url)).length).toBeLessThan(100_000)
  })

  it('draws the coast around Miami at a 30 km view, and nothing of the detail at world zoom', () => {
    const miami = viewAt({ lat: 25.77, lng: -80.2, zoom: 11 }, size)
    const shown = detailInView(detail, miami, size)!
    expect(linesPath(shown.coast, miami, size)).toMatch(/^M/)
    expect(detailInView(detail, viewAt({ lat: 30, lng: -90, zoom: 1 }, size), size)).toBeNull()
  })

  it('labels the largest places first, with no two labels overlapping, all inside the frame', () => {
    const iowa = viewAt({ lat: 41.85, lng: -93.3, zoom: 9 }, size)
    const labels = placeLabels(detailInView(detail, iowa, size)!.places, iowa, size)
    expect(labels[0]?.name).toBe('Des Moines')
    expect(labels.map((l) => l.name)).toEqual(expect.arrayContaining(['Ames', 'Marshalltown', 'Newton']))
    for (const l of labels) expect(l.x >= 0 && l.x <= size.width && l.y >= 0 && l.y <= size.height).toBe(true)
    // Same view, same labels.
    expect(placeLabels(detailInView(detail, iowa, size)!.places, iowa, size)).toEqual(labels)
  })
})
