import { describe, expect, it } from 'vitest'
import { type WirelessCarried, carryWireless, parseWirelessCarried } from './carry.ts'
import { DAY, HOUR, beacon, contextOf, device, witness } from '../../testkit/src/kinds/wireless.ts'
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

  it('holds a device judged as a whole from the epoch’s end, with reason and epoch; not for per-link or other verdicts', () => {
    const rejected = [
      { deviceId: a.deviceId, reason: 'ASYMMETRIC_HOTSPOT' },
      { deviceId: a.deviceId, reason: 'ASYMMETRIC_HOTSPOT' },
      { deviceId: b.deviceId, reason: 'ASYMMETRIC_LINK' },
      { deviceId: b.deviceId, reason: 'UNKNOWN_BEACON' },
      { deviceId: c.deviceId, reason: 'CO_LOCATED' },
    ]
    const carried = carryWireless(null, [], contextOf([a, b, c]), rejected)
    expect(carried.held).toEqual({
      [a.deviceId]: { reason: 'ASYMMETRIC_HOTSPOT', epoch: DAY.epoch, atMs: DAY.endMs },
      [c.deviceId]: { reason: 'CO_LOCATED', epoch: DAY.epoch, atMs: DAY.endMs },
    })
    expect(Object.keys(carried.held!)).toEqual(Object.keys(carried.held!).sort())
    // Nothing held: no `held` key at all, so carried values from before holds existed hash the same.
    expect(carryWireless(null, [], contextOf([a, b]), [{ deviceId: b.deviceId, reason: 'HELD_AFTER_JUDGEMENT' }])).toEqual({ devices: {} })
  })

  it('round-trips holds through JSON and parseCarried', () => {
    const carried = carryWireless(null, [], contextOf([a, b]), [{ deviceId: b.deviceId, reason: 'WITNESS_RING' }])
    const json = JSON.parse(toJson(carried)) as unknown
    expect(json).toEqual({ devices: {}, held: { [b.deviceId]: { reason: 'WITNESS_RING', epoch: DAY.epoch.toString(), atMs: DAY.endMs.toString() } } })
    const parsed = parseWirelessCarried(json)
    expect(parsed).toEqual(carried)
    expect(toJson(parseWirelessCarried(parsed))).toBe(toJson(carried))
  })

  it('drops a hold once its window has passed, and a judgement while held extends it (devnet scale)', () => {
    const params = parseWirelessParams({ beaconIntervalMs: 15_000, reciprocityWindowMs: 120_000, hexDensityWindowMs: 150_000, heldWindowMs: 120_000 })
    const epochAt = (n: bigint) => ({ ...DAY, epoch: n, startMs: n * 60_000n, endMs: (n + 1n) * 60_000n })
    const judged = carryWireless(null, [], contextOf([a, c], { params, epoch: epochAt(10n) }), [{ deviceId: a.deviceId, reason: 'ASYMMETRIC_HOTSPOT' }])
    expect(judged.held![a.deviceId]).toEqual({ reason: 'ASYMMETRIC_HOTSPOT', epoch: 10n, atMs: 660_000n })
    const held = carryWireless(judged, [], contextOf([a, c], { params, epoch: epochAt(11n) }))
    expect(held.held![a.deviceId]!.atMs).toBe(660_000n) // 660 s + 120 s > 720 s: still held
    expect(carryWireless(held, [], contextOf([a, c], { params, epoch: epochAt(12n) }))).toEqual({ devices: {} }) // held until 780 s, the end of epoch 12
    const again = carryWireless(held, [], contextOf([a, c], { params, epoch: epochAt(12n) }), [{ deviceId: a.deviceId, reason: 'CO_LOCATED' }])
    expect(again.held![a.deviceId]).toEqual({ reason: 'CO_LOCATED', epoch: 12n, atMs: 780_000n })
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
    expect(message({ devices: {}, extra: 1 })).toBe('wireless carried key "extra" must be devices or held, got "extra"')
    expect(message({ devices: {}, held: { [a.deviceId]: { reason: 'UNKNOWN_BEACON', epoch: '1', atMs: '5' } } })).toBe(
      `wireless carried.held["${a.deviceId}"].reason must be one of WITNESS_RING, CO_LOCATED, ASYMMETRIC_HOTSPOT, MISPLACED_HOTSPOT, got "UNKNOWN_BEACON"`,
    )
    expect(message({ devices: {}, held: { [a.deviceId]: { reason: 'CO_LOCATED', epoch: '1' } } })).toBe(
      `wireless carried.held["${a.deviceId}"].atMs must be a non-negative integer of unix ms (a decimal string in JSON), got undefined`,
    )
  })
})
