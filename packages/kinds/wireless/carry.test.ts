import { describe, expect, it } from 'vitest'
import { type WirelessCarried, carryWireless, parseWirelessCarried } from './carry.ts'
import { DAY, HOUR, beacon, contextOf, device, witness } from './fixture.ts'
import { parseWirelessParams } from './params.ts'

const toJson = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))

describe('wireless carry', () => {
  const a = device(0, 0)
  const b = device(4, 0)
  const c = device(0, 5)
  const T = DAY.startMs + HOUR

  it('remembers each device’s last valid beacon, witness and beacon with a witness', () => {
    const ba = beacon(a, T)
    const bc = beacon(c, T + 2n * HOUR, { nonce: 2 })
    const reports = [ba, witness(b, ba, a), bc]
    const carried = carryWireless(null, reports, contextOf([a, b, c]))
    expect(carried.devices[a.deviceId]).toEqual({ lastBeaconMs: T, lastWitnessMs: null, lastBeaconWithWitnessMs: T })
    expect(carried.devices[b.deviceId]).toEqual({ lastBeaconMs: null, lastWitnessMs: T + 120n, lastBeaconWithWitnessMs: null })
    expect(carried.devices[c.deviceId]).toEqual({ lastBeaconMs: T + 2n * HOUR, lastWitnessMs: null, lastBeaconWithWitnessMs: null })
    expect(Object.keys(carried.devices)).toEqual(Object.keys(carried.devices).sort())
  })

  it('round-trips through JSON (bigints as decimal strings) and parseCarried', () => {
    const ba = beacon(a, T)
    const carried = carryWireless(null, [ba, witness(b, ba, a)], contextOf([a, b]))
    const parsed = parseWirelessCarried(JSON.parse(toJson(carried)))
    expect(parsed).toEqual(carried)
    expect(parseWirelessCarried(parsed)).toEqual(carried)
    expect(toJson(parseWirelessCarried(JSON.parse(toJson(carried))))).toBe(toJson(carried))
  })

  it('keeps the newer of carried and new times, and drops what every window has forgotten', () => {
    const params = parseWirelessParams({ beaconIntervalMs: 15_000, reciprocityWindowMs: 120_000, hexDensityWindowMs: 150_000 })
    const epoch = { ...DAY, startMs: DAY.startMs, endMs: DAY.startMs + 60_000n }
    const previous: WirelessCarried = {
      devices: {
        [a.deviceId]: { lastBeaconMs: epoch.endMs - 150_000n, lastWitnessMs: epoch.endMs - 150_001n, lastBeaconWithWitnessMs: null },
        [c.deviceId]: { lastBeaconMs: epoch.endMs - 200_000n, lastWitnessMs: null, lastBeaconWithWitnessMs: null },
      },
    }
    const next = carryWireless(previous, [], contextOf([a, c], { params, epoch }))
    expect(next).toEqual({ devices: { [a.deviceId]: { lastBeaconMs: epoch.endMs - 150_000n, lastWitnessMs: null, lastBeaconWithWitnessMs: null } } })
  })

  it('rejects malformed carried values with the field, what was given and what was expected', () => {
    const message = (input: unknown) => {
      try {
        parseWirelessCarried(input)
      } catch (error) {
        return (error as Error).message
      }
      return 'no error'
    }
    expect(message(null)).toBe('wireless carried must be an object { devices }, got null')
    expect(message({ devices: { '0x12': {} } })).toBe('wireless carried.devices key must be a device id (0x + 64 lower-case hex digits), got "0x12"')
    expect(message({ devices: { [a.deviceId]: { lastBeaconMs: '-5' } } })).toBe(
      `wireless carried.devices["${a.deviceId}"].lastBeaconMs must be null or a non-negative integer of unix ms (a decimal string in JSON), got "-5"`,
    )
    expect(message({ devices: {}, extra: 1 })).toBe('wireless carried key "extra" must be devices, got "extra"')
  })
})
