import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { CELL, CELL_250M, CELL_2KM, DAY_EPOCH } from './fixtures.ts'
import { h3String } from './hexes.ts'
import { DEVNET_LOCATION_VALIDATOR_KEY } from './infrastructure.ts'
import { heartbeatTrust, meanTrust } from './locationTrust.ts'
import { DEFAULT_MOBILE_PARAMS, parseMobileParams } from './params.ts'
import { type Heartbeat, signLocationFix } from './payload.ts'

const at = DAY_EPOCH.startMs
const asserted = h3String(CELL)!
const fixedAt = (cell: bigint, validatedAtMs = at, radioType: Heartbeat['radioType'] = 'wifi-indoor'): Heartbeat => ({
  radioType,
  locationFix: signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, `0x${'01'.repeat(32)}`, { cell, validatedAtMs }),
})

describe('location trust', () => {
  it("scores a heartbeat by HRP-20251107's table: ×1 up to 300 m, ×0.25 up to 400 m, ×0 beyond", () => {
    expect(heartbeatTrust(fixedAt(CELL), at, asserted, DEFAULT_MOBILE_PARAMS)).toEqual({ bps: 10_000, distanceM: 0 })
    expect(heartbeatTrust(fixedAt(CELL_250M), at, asserted, DEFAULT_MOBILE_PARAMS)).toEqual({ bps: 10_000, distanceM: 255 })
    expect(heartbeatTrust(fixedAt(CELL_2KM), at, asserted, DEFAULT_MOBILE_PARAMS)).toEqual({ bps: 0, distanceM: 1998 })
    // HIP-119's outdoor table (75 m / 100 m) puts 255 m beyond trust; the indoor table is separate.
    const hip119 = parseMobileParams({ outdoorLocationTrust: { fullTrustMaxM: 75, partialTrustMaxM: 100 }, indoorLocationTrust: { fullTrustMaxM: 200, partialTrustMaxM: 300 } })
    expect(heartbeatTrust(fixedAt(CELL_250M, at, 'wifi-outdoor'), at, asserted, hip119).bps).toBe(0)
    expect(heartbeatTrust(fixedAt(CELL_250M, at, 'wifi-indoor'), at, asserted, hip119).bps).toBe(2_500)
  })

  it('gives 0 to a heartbeat with no fix, a fix older than 24 h (HIP-93), or a cell that is not an H3 cell', () => {
    expect(heartbeatTrust({ radioType: 'wifi-indoor' }, at, asserted, DEFAULT_MOBILE_PARAMS)).toEqual({ bps: 0, distanceM: null })
    const day = DEFAULT_MOBILE_PARAMS.locationFixMaxAgeMs
    expect(heartbeatTrust(fixedAt(CELL, at - day - 1n), at, asserted, DEFAULT_MOBILE_PARAMS).bps).toBe(0)
    expect(heartbeatTrust(fixedAt(CELL, at - day), at, asserted, DEFAULT_MOBILE_PARAMS).bps).toBe(10_000)
    expect(heartbeatTrust(fixedAt(12345n), at, asserted, DEFAULT_MOBILE_PARAMS).bps).toBe(0)
  })

  it('averages heartbeats into the epoch multiplier, fixed point, rounded toward zero', () => {
    expect(meanTrust([])).toBe(0n)
    expect(
      meanTrust([
        { bps: 10_000, distanceM: 0 },
        { bps: 2_500, distanceM: 350 },
      ]),
    ).toBe((ONE * 625n) / 1000n)
    expect(
      meanTrust([
        { bps: 10_000, distanceM: 0 },
        { bps: 0, distanceM: null },
        { bps: 0, distanceM: 900 },
      ]),
    ).toBe(ONE / 3n)
  })
})
