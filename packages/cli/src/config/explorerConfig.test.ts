import { describe, expect, it } from 'vitest'
import { defineNetwork } from './network.ts'
import { refusedConfig as refused } from './refusedConfig.ts'

const OSM = { tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' }

describe('explorer.basemap in pinion.config.ts', () => {
  it('is absent unless the config names a tile source (the map then draws its shipped offline detail)', () => {
    expect(defineNetwork().explorer).toEqual({})
    expect(defineNetwork({ explorer: { basemap: OSM } }).explorer).toEqual({ basemap: OSM })
    expect(defineNetwork({ explorer: { basemap: { ...OSM, maxZoom: 17 } } }).explorer.basemap?.maxZoom).toBe(17)
  })

  it('refuses a template without {z}, {x} and {y}, or not http(s), before anything is deployed', () => {
    for (const tiles of ['https://tile.openstreetmap.org/{z}/{x}.png', 'file:///tiles/{z}/{x}/{y}.png', 'tile.openstreetmap.org/{z}/{x}/{y}.png']) {
      const error = refused({ explorer: { basemap: { ...OSM, tiles } } })
      expect(error.problems).toEqual([{ code: 'PINION_ERR_CONFIG_VALUE', path: 'explorer.basemap.tiles', message: expect.stringContaining('with {z}, {x} and {y}') }])
    }
  })

  it('refuses a source without its attribution, a zoom past 22 and a key nothing reads', () => {
    expect(refused({ explorer: { basemap: { tiles: OSM.tiles, attribution: '' } } }).problems.map((p) => p.path)).toEqual(['explorer.basemap.attribution'])
    expect(refused({ explorer: { basemap: { ...OSM, maxZoom: 23 } } }).problems.map((p) => p.path)).toEqual(['explorer.basemap.maxZoom'])
    const typo = refused({ explorer: { basemap: { ...OSM, atribution: 'x' } } })
    expect(typo.problems).toEqual([{ code: 'PINION_ERR_CONFIG_UNKNOWN_KEY', path: 'explorer.basemap.atribution', message: expect.stringContaining('did you mean `attribution`?') }])
  })
})
