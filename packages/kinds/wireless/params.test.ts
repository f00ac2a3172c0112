import { describe, expect, it } from 'vitest'
import { DEFAULT_WIRELESS_PARAMS, parseWirelessParams } from './params.ts'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'
import { HELIUM_MAX_WITNESS_LAG_MS } from './rules.ts'

const message = (input: unknown) => {
  try {
    parseWirelessParams(input)
  } catch (error) {
    return (error as Error).message
  }
  return 'no error'
}

describe('wireless params', () => {
  it("default to Helium's values", () => {
    const params = parseWirelessParams(undefined)
    expect(params).toBe(DEFAULT_WIRELESS_PARAMS)
    expect(params.maxWitnessLagMs).toBe(HELIUM_MAX_WITNESS_LAG_MS)
    expect(params.beaconIntervalMs).toBe(21_600_000n)
    expect(params.reciprocityWindowMs).toBe(172_800_000n)
    expect(params.maxWitnessesPerBeacon).toBe(14)
    expect(params.routers).toEqual([DEVNET_ROUTER_KEY.publicKey])
  })

  it('accept their own output unchanged, also through JSON with bigints as strings', () => {
    expect(parseWirelessParams(DEFAULT_WIRELESS_PARAMS)).toEqual(DEFAULT_WIRELESS_PARAMS)
    const json = JSON.parse(JSON.stringify(DEFAULT_WIRELESS_PARAMS, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
    expect(parseWirelessParams(json)).toEqual(DEFAULT_WIRELESS_PARAMS)
  })

  it('scale every window to a devnet epoch', () => {
    const devnet = parseWirelessParams({ beaconIntervalMs: 15_000, reciprocityWindowMs: 120_000, hexDensityWindowMs: 150_000, travelCooldownMs: 60_000 })
    expect(devnet).toEqual({ ...DEFAULT_WIRELESS_PARAMS, beaconIntervalMs: 15_000n, reciprocityWindowMs: 120_000n, hexDensityWindowMs: 150_000n, travelCooldownMs: 60_000n })
    expect(parseWirelessParams(devnet)).toEqual(devnet)
  })

  it('fill a group from its defaults, and take denylists, routers and schedules', () => {
    const params = parseWirelessParams({
      ring: { maxGroupSize: 10 },
      denylist: { devices: [{ deviceId: `0x${'AA'.repeat(32)}`, reason: 'crowdspot #1' }] },
      usageSchedule: [
        { bytes: 0, usageBps: 0 },
        { bytes: '1000', usageBps: 10_000 },
      ],
    })
    expect(params.ring).toEqual({ ...DEFAULT_WIRELESS_PARAMS.ring, maxGroupSize: 10 })
    expect(params.denylist).toEqual({ devices: [{ deviceId: `0x${'aa'.repeat(32)}`, reason: 'crowdspot #1' }], edges: [] })
    expect(params.usageSchedule).toEqual([
      { bytes: 0n, usageBps: 0 },
      { bytes: 1000n, usageBps: 10_000 },
    ])
    expect(parseWirelessParams(params)).toEqual(params)
  })

  it('reject bad values with a message that says the field, what was given and what was expected', () => {
    expect(message('x')).toBe('wireless params must be an object, got "x"')
    expect(message({ lag: 1 })).toMatch(/^wireless params key "lag" must be one of channelsHz, /)
    expect(message({ maxWitnessLagMs: -1 })).toBe('wireless.maxWitnessLagMs must be a non-negative integer number of milliseconds, got -1')
    expect(message({ beaconIntervalMs: 0 })).toBe('wireless.beaconIntervalMs must be a positive integer number of milliseconds, got 0')
    expect(message({ datarates: ['SF9BW125', 'SF13BW125'] })).toBe('wireless.datarates[1] must be a LoRa datarate "SF<7-12>BW<125|250|500>", got "SF13BW125"')
    expect(message({ channelsHz: [] })).toBe('wireless.channelsHz must be a non-empty list of frequencies in Hz, got []')
    expect(message({ routers: ['0x12'] })).toBe('wireless.routers[0] must be 0x followed by 64 hex digits, got "0x12"')
    expect(message({ locationConfidence: { lowBps: 7_000 } })).toBe('wireless.locationConfidence.highBps must be greater than lowBps (7000), got 5000')
    expect(message({ usageSchedule: [{ bytes: 5, usageBps: 1 }] })).toBe('wireless.usageSchedule[0].bytes must be 0 (the schedule starts at no usage), got 5n')
    expect(
      message({
        usageSchedule: [
          { bytes: 0, usageBps: 1 },
          { bytes: 0, usageBps: 2 },
        ],
      }),
    ).toBe('wireless.usageSchedule[1].bytes must be greater than the point before (0), got 0n')
    expect(
      message({
        hexDensity: [
          { resolution: 8, neighbors: 2, target: 1, max: 1 },
          { resolution: 7, neighbors: 2, target: 1, max: 1 },
        ],
      }),
    ).toMatch(/^wireless.hexDensity\[1\].resolution must be greater than the row before \(8\)/)
    expect(message({ denylist: { edges: [{ devices: [`0x${'11'.repeat(32)}`, `0x${'11'.repeat(32)}`], reason: 'x' }] } })).toMatch(
      /^wireless.denylist.edges\[0\].devices must be two different device ids/,
    )
    expect(message({ denylist: { devices: [{ deviceId: `0x${'11'.repeat(32)}` }] } })).toBe('wireless.denylist.devices[0].reason must be present, got nothing')
  })
})
