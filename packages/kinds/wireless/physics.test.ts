import { latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import {
  demodulationFloorDeciDb,
  distanceM,
  expectedSnrDeciDb,
  freeSpaceRssiDeciDbm,
  fsplDeciDb,
  gridDistanceAt,
  noiseFloorDeciDbm,
  parseDatarate,
  pathLossDeciDb,
  predictedRssiDeciDbm,
  sensitivityDeciDbm,
} from './physics.ts'

const cell = (lat: number, lng: number, res = 12) => BigInt(`0x${latLngToCell(lat, lng, res)}`)

describe('wireless physics', () => {
  it("matches Helium's free-space figures at 915 MHz: 91.7 dB at 1 km, 117.7 dB at 20 km", () => {
    expect(fsplDeciDb(1_000, 915_000_000)).toBe(917)
    expect(fsplDeciDb(20_000, 915_000_000)).toBe(1177)
    // helium.md §2.3: EIRP 36 dBm and witness gain 3 dBi reject anything above ≈ −52.7 dBm at 1 km.
    expect(freeSpaceRssiDeciDbm(360, 30, 1_000, 915_000_000)).toBe(-527)
    expect(freeSpaceRssiDeciDbm(360, 30, 20_000, 915_000_000)).toBe(-787)
  })

  it('log-distance path loss equals free space with n = 2 and adds 10·n dB per decade', () => {
    expect(pathLossDeciDb(1_000, 915_000_000, 20)).toBe(fsplDeciDb(1_000, 915_000_000))
    expect(pathLossDeciDb(1, 915_000_000, 28)).toBe(317) // FSPL at the 1 m reference
    expect(pathLossDeciDb(10_000, 915_000_000, 28) - pathLossDeciDb(1_000, 915_000_000, 28)).toBe(280)
    expect(pathLossDeciDb(0, 915_000_000, 28)).toBe(pathLossDeciDb(1, 915_000_000, 28)) // clamped at d0
  })

  it('predicts RSSI from power, gains and distance', () => {
    const link = { txPowerDeciDbm: 270, beaconerGainDeciDbi: 30, witnessGainDeciDbi: 30, distanceM: 1_000, frequencyHz: 915_000_000, pathLossExponentTenths: 28 }
    expect(predictedRssiDeciDbm(link)).toBe(330 - 317 - 840)
  })

  it('puts the 125 kHz noise floor at −117 dBm and clamps SNR to LoRa’s [−20, +10] dB', () => {
    expect(noiseFloorDeciDbm(125_000, 60)).toBe(-1170)
    expect(noiseFloorDeciDbm(500_000, 60)).toBe(-1110)
    expect(expectedSnrDeciDb(-1100, -1170)).toBe(70)
    expect(expectedSnrDeciDb(-900, -1170)).toBe(100)
    expect(expectedSnrDeciDb(-1400, -1170)).toBe(-200)
  })

  it('knows the demodulation floor of every spreading factor', () => {
    expect([7, 8, 9, 10, 11, 12].map((sf) => demodulationFloorDeciDb(`SF${sf}BW125`))).toEqual([-75, -100, -125, -150, -175, -200])
    expect(parseDatarate('SF9BW125')).toEqual({ spreadingFactor: 9, bandwidthHz: 125_000 })
    expect(parseDatarate('SF6BW125')).toBeNull()
    expect(parseDatarate('SF9BW126')).toBeNull()
    expect(() => demodulationFloorDeciDb('FSK')).toThrow(/SF<7-12>/)
  })

  it('puts the sensitivity at the noise floor plus the demodulation floor: −129.5 dBm for SF9 at 125 kHz', () => {
    expect(sensitivityDeciDbm('SF9BW125', 60)).toBe(-1295)
    expect(sensitivityDeciDbm('SF7BW125', 60)).toBe(-1245)
    expect(sensitivityDeciDbm('SF7BW500', 60)).toBe(-1185) // 4× the bandwidth: 6 dB more noise
    expect(() => sensitivityDeciDbm('FSK', 60)).toThrow(/SF<7-12>/)
  })

  it('measures distances between cell centres in whole metres, and res-11 grid distances', () => {
    const a = cell(37.7749, -122.4194)
    const b = cell(37.7749 + 0.009, -122.4194) // ≈ 1 km north
    expect(distanceM(a, a)).toBe(0)
    expect(Number.isInteger(distanceM(a, b))).toBe(true)
    expect(Math.abs(distanceM(a, b) - 1_000)).toBeLessThan(20)
    expect(distanceM(a, b)).toBe(distanceM(b, a))
    expect(gridDistanceAt(a, a, 11)).toBe(0)
    expect(gridDistanceAt(a, b, 11)).toBeGreaterThan(8)
    expect(gridDistanceAt(a, cell(-33.86, 151.2), 11)).toBeNull() // across the globe: H3 cannot say
  })
})
