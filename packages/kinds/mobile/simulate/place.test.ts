import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../src/seededRandom.ts'
import { distanceM, h3String } from '../hexes.ts'
import { DEFAULT_MOBILE_PARAMS } from '../params.ts'
import { SIMULATED_ANTENNA_GAIN, simulatedRadioType } from './behaviours.ts'
import { SPOOF_MAX_M, SPOOF_MIN_M, placeMobileFleet } from './place.ts'

const behaviours = ['honest', 'honest', 'honest', 'location-spoofer', 'speedtest-faker', 'no-service', 'crowder', 'crowder']
const place = (seed: number) => placeMobileFleet({ behaviours, params: DEFAULT_MOBILE_PARAMS, random: seededRandom(seed) })

describe('placeMobileFleet', () => {
  it('is reproducible from its seed', () => {
    expect(place(7)).toEqual(place(7))
    expect(place(7)).not.toEqual(place(8))
  })

  it('puts spoofers 0.8–5 km from what they assert, and everyone else where they say', () => {
    const placed = place(7)
    placed.forEach((p, i) => {
      const offset = distanceM(h3String(p.asserted!)!, h3String(p.actual!)!)
      if (behaviours[i] === 'location-spoofer') expect(offset).toBeGreaterThanOrEqual(SPOOF_MIN_M - 10)
      if (behaviours[i] === 'location-spoofer') expect(offset).toBeLessThanOrEqual(SPOOF_MAX_M + 10)
      else expect(offset).toBe(0)
    })
  })

  it('crowds crowders into an honest indoor Wi-Fi radio’s hex, as indoor Wi-Fi radios themselves', () => {
    const placed = place(7)
    const honestIndoor = placed.filter((p, i) => behaviours[i] === 'honest' && simulatedRadioType(p.antennaGain) === 'wifi-indoor').map((p) => p.asserted)
    expect(honestIndoor.length).toBeGreaterThan(0)
    for (const [i, p] of placed.entries()) {
      if (behaviours[i] !== 'crowder') continue
      expect(honestIndoor).toContain(p.asserted)
      expect(p.antennaGain).toBe(SIMULATED_ANTENNA_GAIN['wifi-indoor'])
    }
  })

  it('refuses a behaviour it does not know', () => {
    expect(() => placeMobileFleet({ behaviours: ['honest', 'gps-spoofer'], params: DEFAULT_MOBILE_PARAMS, random: seededRandom(1) })).toThrow(
      /mobile has no behaviour "gps-spoofer"/,
    )
  })
})
