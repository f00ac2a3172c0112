import { cellToChildren, cellToParent, latLngToCell } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { paramsJsonSchema } from '../src/paramsSchema.ts'
import { DEFAULT_WIRELESS_PARAMS, parseWirelessParams, wirelessParams, wirelessParamsSchema } from './params.ts'
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
    expect(message('x')).toBe('Invalid wireless params: got "x", expected an object')
    expect(message({ lag: 1 })).toMatch(/^Invalid wireless params: lag is an unknown key, expected one of channelsHz, /)
    expect(message({ maxWitnessLagMs: -1 })).toBe('Invalid wireless params: maxWitnessLagMs is -1, expected a non-negative integer number of milliseconds')
    expect(message({ beaconIntervalMs: 0 })).toBe('Invalid wireless params: beaconIntervalMs is 0, expected a positive integer number of milliseconds')
    expect(message({ datarates: ['SF9BW125', 'SF13BW125'] })).toBe('Invalid wireless params: datarates[1] is "SF13BW125", expected a LoRa datarate "SF<7-12>BW<125|250|500>"')
    expect(message({ channelsHz: [] })).toBe('Invalid wireless params: channelsHz is [], expected a non-empty list of frequencies in Hz')
    expect(message({ routers: ['0x12'] })).toBe('Invalid wireless params: routers[0] is "0x12", expected 0x followed by 64 hex digits')
    expect(message({ locationConfidence: { lowBps: 7_000 } })).toBe('Invalid wireless params: locationConfidence.highBps is 5000, expected greater than lowBps (7000)')
    expect(message({ usageSchedule: [{ bytes: 5, usageBps: 1 }] })).toBe('Invalid wireless params: usageSchedule[0].bytes is 5, expected 0 (the schedule starts at no usage)')
    expect(
      message({
        usageSchedule: [
          { bytes: 0, usageBps: 1 },
          { bytes: 0, usageBps: 2 },
        ],
      }),
    ).toBe('Invalid wireless params: usageSchedule[1].bytes is 0, expected greater than the point before (0)')
    expect(
      message({
        hexDensity: [
          { resolution: 8, neighbors: 2, target: 1, max: 1 },
          { resolution: 7, neighbors: 2, target: 1, max: 1 },
        ],
      }),
    ).toBe('Invalid wireless params: hexDensity[1].resolution is 7, expected greater than the row before (8): rows in ascending resolution, each once')
    expect(message({ denylist: { edges: [{ devices: [`0x${'11'.repeat(32)}`, `0x${'11'.repeat(32)}`], reason: 'x' }] } })).toMatch(
      /^Invalid wireless params: denylist.edges\[0\].devices is \[.*\], expected two different device ids$/,
    )
    expect(message({ denylist: { devices: [{ deviceId: `0x${'11'.repeat(32)}` }] } })).toBe(
      'Invalid wireless params: denylist.devices[0].reason is missing, expected a non-empty reason of at most 500 characters',
    )
  })

  it('type pinion.config.ts: the helper returns what it is given, and the compiler refuses what the schema would', () => {
    const given = { beaconIntervalMs: 15_000n, ring: { maxGroupSize: 10 }, usageSchedule: [{ bytes: '0', usageBps: 0 }] }
    expect(wirelessParams(given)).toBe(given)
    // @ts-expect-error a misspelt parameter inside a group
    wirelessParams({ ring: { maxGroupSiz: 10 } })
    // @ts-expect-error a usage point needs both fields
    wirelessParams({ usageSchedule: [{ bytes: 0 }] })
  })

  it('read as a JSON Schema whose defaults are the defaults, bigints as numbers', () => {
    type JsonSchema = { default?: unknown; properties?: Record<string, JsonSchema> }
    // A group's own default is {} (each of its fields has one); an optional group has none, and is
    // absent from the defaults; everything else states its default.
    const defaults = (schema: JsonSchema, top = false): unknown =>
      schema.properties === undefined || (!top && schema.default === undefined)
        ? schema.default
        : Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, defaults(property)]))
    const asJson = JSON.parse(JSON.stringify(DEFAULT_WIRELESS_PARAMS, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)))
    expect(defaults(paramsJsonSchema(wirelessParamsSchema) as JsonSchema, true)).toEqual(asJson)
  })

  it('take regional plans only when configured, so a document without them signs as before; bad ones say what is wrong', () => {
    const PARIS = latLngToCell(48.85, 2.35, 12)
    const SYDNEY = latLngToCell(-33.87, 151.21, 12)
    expect(Object.hasOwn(parseWirelessParams({}), 'regions')).toBe(false)
    expect(message({ regions: [{ region: 'EU999', cells: [cellToParent(PARIS, 3)] }] })).toMatch(
      /^Invalid wireless params: regions\[0\]\.region is "EU999", expected one of US915, EU868, /,
    )
    expect(message({ regions: [{ region: 'EU868', cells: ['nope'] }] })).toBe(
      'Invalid wireless params: regions[0].cells[0] is "nope", expected an H3 cell index, 15 hex digits such as "8529a927fffffff"',
    )
    const inside = cellToChildren(cellToParent(PARIS, 3), 5)[0]!
    expect(
      message({
        regions: [
          { region: 'EU868', cells: [cellToParent(PARIS, 3)] },
          { region: 'RU864', cells: [inside] },
        ],
      }),
    ).toBe(`Invalid wireless params: regions[1].cells[0] is "${inside}", expected a cell outside EU868's cells (regions must not overlap)`)
    expect(
      message({
        regions: [
          { region: 'EU868', cells: [cellToParent(PARIS, 3)] },
          { region: 'EU868', cells: [cellToParent(SYDNEY, 3)] },
        ],
      }),
    ).toBe('Invalid wireless params: regions[1].region is "EU868", expected a region not listed before (list each region once)')
  })

  it("check beacon windows against the network's epochs when the config gives them: whole windows in an epoch, or whole epochs in a window", () => {
    const within = (input: unknown, epochMs: bigint) => {
      try {
        return parseWirelessParams(input, { epochMs }).beaconIntervalMs
      } catch (error) {
        return (error as Error).message
      }
    }
    expect(within({ beaconIntervalMs: 15_000n }, 30_000n)).toBe(15_000n)
    expect(within({}, 30_000n)).toBe(21_600_000n) // Helium's 6 h windows span 720 devnet epochs
    expect(within({}, 86_400_000n)).toBe(21_600_000n) // and cut Helium's 24 h epochs in four
    expect(within({ beaconIntervalMs: 7_000n }, 30_000n)).toBe(
      "Invalid wireless params: beaconIntervalMs is 7000n, expected a divisor or a whole multiple of the epoch's 30000 ms, so that beacon windows do not straddle epochs",
    )
    expect(within({ beaconIntervalMs: 45_000n }, 30_000n)).toMatch(/beaconIntervalMs is 45000n, expected a divisor or a whole multiple/)
  })
})
