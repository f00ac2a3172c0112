import { describe, expect, it } from 'vitest'
import { basemapConfig } from './basemapOptions.ts'

describe('the basemap option', () => {
  it('is the shipped detail alone when no tile source is given', () => {
    expect(basemapConfig(undefined)).toEqual({ tiles: null })
  })

  it('takes an http(s) XYZ template with its attribution, maxZoom 19 by default', () => {
    expect(basemapConfig({ tiles: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: ' © OpenStreetMap contributors ' })).toEqual({
      tiles: { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors', maxZoom: 19 },
    })
  })

  it.each([
    ['not a URL', { tiles: '{z}/{x}/{y}.png', attribution: 'x' }, /not a URL/],
    ['another scheme', { tiles: 'file:///tiles/{z}/{x}/{y}.png', attribution: 'x' }, /file: URL/],
    ['no {y}', { tiles: 'https://t/{z}/{x}.png', attribution: 'x' }, /has no \{y\}/],
    ['no attribution', { tiles: 'https://t/{z}/{x}/{y}.png', attribution: '  ' }, /attribution: empty/],
    ['a fractional maxZoom', { tiles: 'https://t/{z}/{x}/{y}.png', attribution: 'x', maxZoom: 1.5 }, /maxZoom: 1.5/],
  ])('refuses %s with PINION_ERR_BAD_BASEMAP', (_, options, message) => {
    expect(() => basemapConfig(options)).toThrow(expect.objectContaining({ code: 'PINION_ERR_BAD_BASEMAP', message: expect.stringMatching(message) }))
  })
})
