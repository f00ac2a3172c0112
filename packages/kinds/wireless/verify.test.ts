import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { cellToParent } from 'h3-js'
import { describe, expect, it } from 'vitest'
import { type Hex, keccak256, toBytes } from 'viem'
import { COMMON_REASONS } from '../src/reasons.ts'
import type { WirelessCarried } from './carry.ts'
import { DAY, HOUR, PARAMS, beacon, cellAt, device, transfer, witness } from '../../testkit/src/kinds/wireless.ts'
import { parseWirelessParams } from './params.ts'
import { beaconData } from './payload.ts'
import { WIRELESS_REASONS } from './reasons.ts'
import { routerKeyFromSeed } from './routerKey.ts'
import { LORA_REGION_PLANS } from './regionPlans.ts'
import { WIRELESS_RULES_V1 } from './ruleset.ts'
import { verifyWireless } from './verify.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'

const a = device(0, 0)
const b = device(3, 0)
const ctx = (d = a, params = PARAMS) => ({ epoch: DAY, device: d, params, carried: null, inputs: NO_KIND_INPUTS })
const VALID = { valid: true }
const fails = (reason: string) => ({ valid: false, reason })
const T = DAY.startMs + HOUR

describe('wireless verify', () => {
  it('publishes a sentence for every reason, none a common reason', () => {
    for (const [code, words] of Object.entries(WIRELESS_REASONS)) {
      expect(code in COMMON_REASONS, code).toBe(false)
      expect(words.length).toBeGreaterThan(40)
    }
  })

  it('has a test named after every reason code, with a passing and a failing case', () => {
    const tests = ['verify.test.ts', 'verifyEpoch.test.ts'].map((file) => readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')).join('\n')
    for (const code of Object.keys(WIRELESS_REASONS)) expect(tests, code).toMatch(new RegExp(`it\\(['"]${code}: (passes|fails)`))
  })

  it('OUTSIDE_EPOCH: passes inside the epoch, fails before it and at its end', () => {
    expect(verifyWireless(beacon(a, DAY.startMs), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, DAY.endMs - 1n), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, DAY.startMs - 1n), ctx())).toEqual(fails('OUTSIDE_EPOCH'))
    expect(verifyWireless(beacon(a, DAY.endMs), ctx())).toEqual(fails('OUTSIDE_EPOCH'))
    const heard = beacon(a, T)
    expect(verifyWireless(witness(b, heard, a, { receivedAtMs: DAY.endMs }), ctx(b))).toEqual(fails('OUTSIDE_EPOCH'))
    expect(verifyWireless(transfer(a, {}, undefined, DAY.endMs), ctx())).toEqual(fails('OUTSIDE_EPOCH'))
  })

  it('TIMESTAMP_MISMATCH: passes when the envelope carries the payload time, fails otherwise', () => {
    expect(verifyWireless(beacon(a, T, { timestampMs: T }), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, T, { timestampMs: T + 1n }), ctx())).toEqual(fails('TIMESTAMP_MISMATCH'))
    const heard = beacon(a, T)
    expect(verifyWireless(witness(b, heard, a), ctx(b))).toEqual(VALID)
    expect(verifyWireless(witness(b, heard, a, { timestampMs: T + 500n }), ctx(b))).toEqual(fails('TIMESTAMP_MISMATCH'))
  })

  it('LOCATION_NOT_ASSERTED: passes after the first assertion, fails before it or without one', () => {
    const late = device(1, 1, { locations: [{ cell: cellAt(1, 1), atMs: T, antennaGain: 30, elevation: 5 }] })
    expect(verifyWireless(beacon(late, T), ctx(late))).toEqual(VALID)
    expect(verifyWireless(beacon(late, T - 1n), ctx(late))).toEqual(fails('LOCATION_NOT_ASSERTED'))
    const nowhere = device(1, 1, { location: null, locations: [] })
    expect(verifyWireless(beacon(nowhere, T), ctx(nowhere))).toEqual(fails('LOCATION_NOT_ASSERTED'))
    expect(verifyWireless(witness(nowhere, beacon(a, T), a, { rssiDeciDbm: -1000 }), ctx(nowhere))).toEqual(fails('LOCATION_NOT_ASSERTED'))
    // Data transfers need no place: a data-only hotspot still carries traffic.
    expect(verifyWireless(transfer(nowhere), ctx(nowhere))).toEqual(VALID)
  })

  it('IMPOSSIBLE_TRAVEL: passes for a plausible move, fails within the cooldown after a jump', () => {
    const moved = T - 2n * HOUR
    // 100 km in 2 h is 50 km/h: a van.
    const van = device(0, 0, {
      locations: [
        { cell: cellAt(0, 0), atMs: 0n, antennaGain: 30, elevation: 5 },
        { cell: cellAt(100, 0), atMs: moved - 2n * HOUR, antennaGain: 30, elevation: 5 },
      ],
    })
    expect(verifyWireless(beacon(van, T), ctx(van))).toEqual(VALID)
    // 100 km in 10 minutes is 600 km/h.
    const jumper = device(0, 0, {
      locations: [
        { cell: cellAt(0, 0), atMs: moved - 600_000n, antennaGain: 30, elevation: 5 },
        { cell: cellAt(100, 0), atMs: moved, antennaGain: 30, elevation: 5 },
      ],
    })
    expect(verifyWireless(beacon(jumper, T), ctx(jumper))).toEqual(fails('IMPOSSIBLE_TRAVEL'))
    expect(verifyWireless(witness(jumper, beacon(b, T), b), ctx(jumper))).toEqual(fails('IMPOSSIBLE_TRAVEL'))
    const shortCooldown = parseWirelessParams({ travelCooldownMs: Number(HOUR) })
    expect(verifyWireless(beacon(jumper, T), ctx(jumper, shortCooldown))).toEqual(VALID)
  })

  it('DENYLISTED: passes for devices off the list, fails for one on it', () => {
    const params = parseWirelessParams({ denylist: { devices: [{ deviceId: a.deviceId, reason: 'spoofing, crowdspot #12' }] } })
    expect(verifyWireless(beacon(b, T), ctx(b, params))).toEqual(VALID)
    expect(verifyWireless(beacon(a, T), ctx(a, params))).toEqual(fails('DENYLISTED'))
    expect(verifyWireless(witness(a, beacon(b, T), b), ctx(a, params))).toEqual(fails('DENYLISTED'))
  })

  it('HELD_AFTER_JUDGEMENT: passes for a device not held or once its hold has passed, fails within the hold (beacons and witnesses, not data transfers)', () => {
    // `a` was judged ASYMMETRIC_HOTSPOT in the epoch that ended when DAY began; held for 48 h by default.
    const carried: WirelessCarried = { devices: {}, held: { [a.deviceId]: { reason: 'ASYMMETRIC_HOTSPOT', epoch: DAY.epoch - 1n, atMs: DAY.startMs } } }
    const held = (d = a, params = PARAMS) => ({ epoch: DAY, device: d, params, carried, inputs: NO_KIND_INPUTS })
    expect(verifyWireless(beacon(b, T), held(b))).toEqual(VALID)
    expect(verifyWireless(beacon(a, T), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, T), held())).toEqual(fails('HELD_AFTER_JUDGEMENT'))
    expect(verifyWireless(witness(a, beacon(b, T), b), held())).toEqual(fails('HELD_AFTER_JUDGEMENT'))
    expect(verifyWireless(transfer(a), held())).toEqual(VALID) // traffic a router counter-signed is real work
    // A devnet-scale window: held for 2 h after the judging epoch's end, free from then on.
    const short = parseWirelessParams({ heldWindowMs: Number(2n * HOUR) })
    expect(verifyWireless(beacon(a, DAY.startMs + 2n * HOUR - 1n), held(a, short))).toEqual(fails('HELD_AFTER_JUDGEMENT'))
    expect(verifyWireless(beacon(a, DAY.startMs + 2n * HOUR), held(a, short))).toEqual(VALID)
  })

  it('ENTROPY_MISMATCH: passes with the epoch entropy, fails with any other', () => {
    expect(verifyWireless(beacon(a, T), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, T, { entropy: `0x${'cd'.repeat(32)}` }), ctx())).toEqual(fails('ENTROPY_MISMATCH'))
  })

  it('INVALID_FREQUENCY: passes on a channel and datarate of the plan, fails off it', () => {
    expect(verifyWireless(beacon(a, T), ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, T, { frequencyHz: 868_100_000 }), ctx())).toEqual(fails('INVALID_FREQUENCY'))
    expect(verifyWireless(beacon(a, T, { datarate: 'SF12BW125' }), ctx())).toEqual(fails('INVALID_FREQUENCY'))
    const heard = beacon(a, T)
    expect(verifyWireless(witness(b, heard, a, { frequencyHz: 868_100_000 }), ctx(b))).toEqual(fails('INVALID_FREQUENCY'))
  })

  it('INVALID_FREQUENCY: a witness tens of Hz off the channel, as floating point reports it, passes within maxFrequencyDeltaHz; rules v1 required the channel exactly', () => {
    const heard = beacon(a, T)
    const channel = heard.payload.frequencyHz
    // 903.9 MHz through a float in MHz and back (Helium's own test witnesses are this far off).
    const measured = Math.round(Math.fround(channel / 1e6) * 1e6)
    expect(measured).not.toBe(channel)
    const offChannel = witness(b, heard, a, { frequencyHz: measured })
    expect(verifyWireless(offChannel, ctx(b))).toEqual(VALID)
    expect(verifyWireless(offChannel, ctx(b), WIRELESS_RULES_V1)).toEqual(fails('INVALID_FREQUENCY'))
    const beyondTolerance = witness(b, heard, a, { frequencyHz: PARAMS.channelsHz.at(-1)! + PARAMS.maxFrequencyDeltaHz + 1 })
    expect(verifyWireless(beyondTolerance, ctx(b))).toEqual(fails('INVALID_FREQUENCY'))
  })

  it("INVALID_FREQUENCY, TX_POWER_ABOVE_LIMIT: a hotspot in a listed region beacons and listens on its region's plan", () => {
    const params = parseWirelessParams({ regions: [{ region: 'EU868', cells: [cellToParent(a.location!.toString(16), 9)] }] })
    const eu = { ...params, ...LORA_REGION_PLANS.EU868 }
    // EU868: 16.1 dBm EIRP, so 13 dBm conducted into a 3 dBi antenna.
    const inEurope = beacon(a, T, { params: eu, txPowerDeciDbm: 130 })
    expect(verifyWireless(inEurope, ctx(a, params))).toEqual(VALID)
    expect(verifyWireless(beacon(a, T, { txPowerDeciDbm: 130 }), ctx(a, params))).toEqual(fails('INVALID_FREQUENCY')) // a US915 channel
    expect(verifyWireless(beacon(a, T, { params: eu, txPowerDeciDbm: 140 }), ctx(a, params))).toEqual(fails('TX_POWER_ABOVE_LIMIT'))
    expect(verifyWireless(witness(a, beacon(b, T), b), ctx(a, params))).toEqual(fails('INVALID_FREQUENCY')) // it listens on EU868's channels
    expect(verifyWireless(inEurope, ctx(a, params), WIRELESS_RULES_V1)).toEqual(fails('INVALID_FREQUENCY')) // v1: one plan for all
  })

  it('DATA_ONLY_HOTSPOT: passes for a full hotspot, fails the beacons and witnesses of a data-only class; its data transfers count', () => {
    const params = parseWirelessParams({ dataOnlyDeviceClasses: [7] })
    const dataOnly = device(0, 0, { deviceClass: 7 })
    const heard = beacon(a, T)
    expect(verifyWireless(beacon(a, T), ctx(a, params))).toEqual(VALID)
    expect(verifyWireless(beacon(dataOnly, T), ctx(dataOnly, params))).toEqual(fails('DATA_ONLY_HOTSPOT'))
    expect(verifyWireless(witness(dataOnly, heard, a), ctx(dataOnly, params))).toEqual(fails('DATA_ONLY_HOTSPOT'))
    expect(verifyWireless(transfer(dataOnly), ctx(dataOnly, params))).toEqual(VALID)
    // Rules v1 had no data-only hotspots; a document without the list signs as it did before.
    expect(verifyWireless(beacon(dataOnly, T), ctx(dataOnly, params), WIRELESS_RULES_V1)).toEqual(VALID)
    expect(Object.hasOwn(PARAMS, 'dataOnlyDeviceClasses')).toBe(false)
  })

  it('INVALID_BEACON: passes for the rebuilt beacon, fails for other data, channel or datarate', () => {
    const good = beacon(a, T, { nonce: 7 })
    expect(verifyWireless(good, ctx())).toEqual(VALID)
    expect(verifyWireless(beacon(a, T, { nonce: 7, data: keccak256(toBytes('chosen')) }), ctx())).toEqual(fails('INVALID_BEACON'))
    // Someone else's beacon data: bound to the device id.
    expect(verifyWireless(beacon(a, T, { nonce: 7, data: beaconData(DAY.entropy, '0x00000007', b.deviceId) }), ctx())).toEqual(fails('INVALID_BEACON'))
    const { frequencyHz, datarate } = good.payload
    const otherChannel = PARAMS.channelsHz.find((f) => f !== frequencyHz)!
    const otherDatarate = PARAMS.datarates.find((r) => r !== datarate)!
    expect(verifyWireless(beacon(a, T, { nonce: 7, frequencyHz: otherChannel }), ctx())).toEqual(fails('INVALID_BEACON'))
    expect(verifyWireless(beacon(a, T, { nonce: 7, datarate: otherDatarate }), ctx())).toEqual(fails('INVALID_BEACON'))
  })

  it('TX_POWER_ABOVE_LIMIT: passes at the EIRP limit, fails above it', () => {
    const gain80 = device(0, 0, { gain: 80 }) // 8 dBi: at most 28 dBm conducted for 36 dBm EIRP
    expect(verifyWireless(beacon(gain80, T, { txPowerDeciDbm: 280 }), ctx(gain80))).toEqual(VALID)
    expect(verifyWireless(beacon(gain80, T, { txPowerDeciDbm: 281 }), ctx(gain80))).toEqual(fails('TX_POWER_ABOVE_LIMIT'))
  })

  it("SELF_WITNESS: passes for another's beacon, fails for its own", () => {
    const own = beacon(a, T)
    expect(verifyWireless(witness(b, own, a), ctx(b))).toEqual(VALID)
    expect(verifyWireless(witness(a, own, a), ctx(a))).toEqual(fails('SELF_WITNESS'))
  })

  it('DENYLISTED_EDGE: passes for other pairs, fails for a listed pair in either direction', () => {
    const c = device(0, 4)
    const params = parseWirelessParams({ denylist: { edges: [{ devices: [b.deviceId, a.deviceId], reason: 'relay pair' }] } })
    expect(verifyWireless(witness(c, beacon(a, T), a), ctx(c, params))).toEqual(VALID)
    expect(verifyWireless(witness(b, beacon(a, T), a), ctx(b, params))).toEqual(fails('DENYLISTED_EDGE'))
    expect(verifyWireless(witness(a, beacon(b, T), b), ctx(a, params))).toEqual(fails('DENYLISTED_EDGE'))
  })

  it('SNR_INCONSISTENT: passes within tolerance and above the floor, fails for made-up or undecodable SNR', () => {
    const heard = beacon(a, T, { nonce: 3 })
    expect(verifyWireless(witness(b, heard, a, { rssiDeciDbm: -1000, snrDeciDb: 100 }), ctx(b))).toEqual(VALID) // +17 dB clamps to +10
    expect(verifyWireless(witness(b, heard, a, { rssiDeciDbm: -1100, snrDeciDb: 70 + 60 }), ctx(b))).toEqual(VALID) // 6 dB off: at tolerance
    expect(verifyWireless(witness(b, heard, a, { rssiDeciDbm: -1100, snrDeciDb: 70 + 61 }), ctx(b))).toEqual(fails('SNR_INCONSISTENT'))
    expect(verifyWireless(witness(b, heard, a, { rssiDeciDbm: -1000, snrDeciDb: -50 }), ctx(b))).toEqual(fails('SNR_INCONSISTENT'))
    // −13.0 dB is below SF9's −12.5 dB floor (and even with a matching RSSI, nothing was decoded).
    expect(verifyWireless(witness(b, heard, a, { datarate: 'SF9BW125', rssiDeciDbm: -1300, snrDeciDb: -130 }), ctx(b))).toEqual(fails('SNR_INCONSISTENT'))
    expect(verifyWireless(witness(b, heard, a, { datarate: 'SF9BW125', rssiDeciDbm: -1295, snrDeciDb: -125 }), ctx(b))).toEqual(VALID)
  })

  it('UNAUTHORISED_ROUTER: passes for a listed router, fails for another key', () => {
    expect(verifyWireless(transfer(a), ctx())).toEqual(VALID)
    const rogue = routerKeyFromSeed(keccak256(toBytes('rogue router')))
    expect(verifyWireless(transfer(a, {}, rogue), ctx())).toEqual(fails('UNAUTHORISED_ROUTER'))
    const allowing = parseWirelessParams({ routers: [rogue.publicKey] })
    expect(verifyWireless(transfer(a, {}, rogue), ctx(a, allowing))).toEqual(VALID)
  })

  it("BAD_ROUTER_SIGNATURE: passes for the router's signature over this hotspot, fails for another hotspot or altered bytes", () => {
    const signed = transfer(a, { bytes: 5_000n })
    expect(verifyWireless(signed, ctx())).toEqual(VALID)
    expect(verifyWireless(signed, ctx(b))).toEqual(fails('BAD_ROUTER_SIGNATURE')) // claimed by b
    const inflated = { ...signed, payload: { ...signed.payload, bytes: 50_000n } }
    expect(verifyWireless(inflated, ctx())).toEqual(fails('BAD_ROUTER_SIGNATURE'))
    const mangled = { ...signed, payload: { ...signed.payload, routerSignature: `0x${'00'.repeat(64)}` as Hex } }
    expect(verifyWireless(mangled, ctx())).toEqual(fails('BAD_ROUTER_SIGNATURE'))
  })

  it('IMPLAUSIBLE_DATA_TRANSFER: passes up to 255 bytes a packet, fails beyond, without packets, or backwards in time', () => {
    expect(verifyWireless(transfer(a, { bytes: 25_500n, packets: 100n }), ctx())).toEqual(VALID)
    expect(verifyWireless(transfer(a, { bytes: 25_501n, packets: 100n }), ctx())).toEqual(fails('IMPLAUSIBLE_DATA_TRANSFER'))
    expect(verifyWireless(transfer(a, { bytes: 0n, packets: 0n }), ctx())).toEqual(fails('IMPLAUSIBLE_DATA_TRANSFER'))
    expect(verifyWireless(transfer(a, { startedAtMs: T, endedAtMs: T - 1n }, undefined, T), ctx())).toEqual(fails('IMPLAUSIBLE_DATA_TRANSFER'))
  })

  it('DATA_TRANSFER_OUT_OF_EPOCH: passes for a session inside the epoch, fails for one that began before or ended after', () => {
    expect(verifyWireless(transfer(a, { startedAtMs: DAY.startMs, endedAtMs: DAY.endMs - 1n }, undefined, T), ctx())).toEqual(VALID)
    expect(verifyWireless(transfer(a, { startedAtMs: DAY.startMs - 1n, endedAtMs: T }, undefined, T), ctx())).toEqual(fails('DATA_TRANSFER_OUT_OF_EPOCH'))
    expect(verifyWireless(transfer(a, { startedAtMs: T, endedAtMs: DAY.endMs }, undefined, T), ctx())).toEqual(fails('DATA_TRANSFER_OUT_OF_EPOCH'))
  })
})
