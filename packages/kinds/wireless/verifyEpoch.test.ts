import { describe, expect, it } from 'vitest'
import { cellToParent, getPentagons, gridDisk } from 'h3-js'
import { type Hex, keccak256, toBytes } from 'viem'
import type { DeviceRecord, KindReport } from '../src/kind.ts'
import type { WirelessCarried } from './carry.ts'
import { DAY, HOUR, PARAMS, beacon, canonical, contextOf, device, transfer, witness } from '../../testkit/src/kinds/wireless.ts'
import { parseWirelessParams } from './params.ts'
import type { WirelessPayload } from './payload.ts'
import { closerThanCells, distanceM, freeSpaceRssiDeciDbm, gridDistanceAt } from './physics.ts'
import { LORA_REGION_PLANS } from './regionPlans.ts'
import { HELIUM_MIN_DISTANCE_RESOLUTION } from './rules.ts'
import { CURRENT_WIRELESS_RULES, WIRELESS_RULES_V1, WIRELESS_RULES_V2 } from './ruleset.ts'
import { linkProbabilityPpm, pairTolerance, stronglyConnected, tooFar, verifyWirelessEpoch } from './verifyEpoch.ts'

const T = DAY.startMs + HOUR
/** The default params without the model's upper band (RSSI_ABOVE_MODEL), for rules tested on their own. */
const OPEN_BAND = parseWirelessParams({ maxRssiAboveModelSigmasTenths: 1_000, rssiGivenReception: { excessSigmasTenths: 1_000, neededSigmasTenths: 1_000 } })

/** Carried evidence that every device listened and was heard just before the epoch (reciprocity holds). */
function reciprocal(devices: readonly DeviceRecord[]): WirelessCarried {
  const at = DAY.startMs - 1n
  return { devices: Object.fromEntries(devices.map((d) => [d.deviceId, { lastBeaconMs: null, lastWitnessMs: at, lastBeaconWithWitnessMs: at }])) }
}

/** Runs verifyEpoch over the reports in canonical order; returns the reason per report (undefined: valid). */
function judge(reports: readonly KindReport<WirelessPayload>[], devices: readonly DeviceRecord[], options: Parameters<typeof contextOf>[1] = {}, rules = CURRENT_WIRELESS_RULES) {
  const invalid = verifyWirelessEpoch(canonical(reports), contextOf(devices, { carried: reciprocal(devices), ...options }), [], rules)
  return (report: KindReport<WirelessPayload>) => invalid.get(report.reportId)
}

/** Two res-11 cells a few cells apart across a pentagon, whose grid distance H3 cannot compute. */
function uncomputablePair(): [bigint, bigint] {
  const pentagon = getPentagons(HELIUM_MIN_DISTANCE_RESOLUTION)[0]!
  const near = gridDisk(pentagon, 3).map((cell) => BigInt(`0x${cell}`))
  for (const x of near) for (const y of near) if (x !== y && gridDistanceAt(x, y, HELIUM_MIN_DISTANCE_RESOLUTION) === null) return [x, y]
  throw new Error('no pair near the pentagon defeats H3 grid distance')
}

describe('wireless verifyEpoch', () => {
  const a = device(0, 0)
  const b = device(3, 0)
  const c = device(0, 4)

  it('DUPLICATE_DATA_TRANSFER: passes for distinct sessions, fails for a second claim of one', () => {
    const first = transfer(a, { sessionId: '0x01' })
    const again = transfer(a, { sessionId: '0x01' })
    const other = transfer(a, { sessionId: '0x02' })
    const reason = judge([first, again, other], [a])
    expect([reason(first), reason(again), reason(other)]).toEqual([undefined, 'DUPLICATE_DATA_TRANSFER', undefined])
  })

  it('IRREGULAR_INTERVAL: passes for one beacon per window, fails for a second in a window or one after a carried beacon', () => {
    const first = beacon(a, DAY.startMs + HOUR, { nonce: 1 })
    const second = beacon(a, DAY.startMs + 2n * HOUR, { nonce: 2 })
    const nextWindow = beacon(a, DAY.startMs + 7n * HOUR, { nonce: 3 })
    const reason = judge([first, second, nextWindow], [a])
    expect([reason(first), reason(second), reason(nextWindow)]).toEqual([undefined, 'IRREGULAR_INTERVAL', undefined])
    const carried: WirelessCarried = {
      devices: { [a.deviceId]: { lastBeaconMs: DAY.startMs - 1n, lastWitnessMs: DAY.startMs - 1n, lastBeaconWithWitnessMs: DAY.startMs - 1n } },
    }
    // A devnet whose 15 s windows straddle epochs: the window of the carried beacon is taken.
    const params = parseWirelessParams({ beaconIntervalMs: 5 * 3_600_000 }) // 5 h windows from unix 0: one spans midnight
    const straddling = beacon(a, DAY.startMs + 1000n, { nonce: 4, params })
    expect(judge([straddling], [a], { carried, params })(straddling)).toBe('IRREGULAR_INTERVAL')
    expect(judge([straddling], [a], { params })(straddling)).toBeUndefined()
  })

  it('IRREGULAR_INTERVAL: a beacon verify rejected uses up its window (Helium updates last_beacon whatever the verdict); rules v1 let the device try again', () => {
    const failed = beacon(a, DAY.startMs + HOUR, { nonce: 1, data: keccak256(toBytes('made up')) }) // INVALID_BEACON in verify
    const retry = beacon(a, DAY.startMs + 2n * HOUR, { nonce: 2 })
    const nextWindow = beacon(a, DAY.startMs + 7n * HOUR, { nonce: 3 })
    const ctx = contextOf([a], { carried: reciprocal([a]) })
    const v2 = verifyWirelessEpoch([retry, nextWindow], ctx, [failed])
    expect([v2.get(retry.reportId), v2.get(nextWindow.reportId)]).toEqual(['IRREGULAR_INTERVAL', undefined])
    expect(verifyWirelessEpoch([retry, nextWindow], ctx, [failed], WIRELESS_RULES_V1).get(retry.reportId)).toBeUndefined()
    // A failure after the valid beacon of its window changes nothing: the first in canonical order counts.
    const late = beacon(a, DAY.startMs + 7n * HOUR + 60_000n, { nonce: 4, data: keccak256(toBytes('late')) })
    expect(verifyWirelessEpoch([nextWindow], ctx, [late]).get(nextWindow.reportId)).toBeUndefined()
  })

  it('INVALID_BEACON: fails a beacon that repeats the data of an earlier one', () => {
    const first = beacon(a, DAY.startMs + HOUR, { nonce: 9 })
    const repeat = beacon(a, DAY.startMs + 7n * HOUR, { nonce: 9, transmittedAtMs: DAY.startMs + 7n * HOUR })
    const reason = judge([first, repeat], [a])
    expect([reason(first), reason(repeat)]).toEqual([undefined, 'INVALID_BEACON'])
  })

  it('UNKNOWN_BEACON: passes for a beacon of the epoch, fails for data no valid beacon had', () => {
    const real = beacon(a, T)
    const heard = witness(b, real, a)
    const stale = witness(c, beacon(a, T, { entropy: `0x${'cd'.repeat(32)}`, nonce: 5 }), a)
    const reason = judge([real, heard, stale], [a, b, c])
    expect([reason(heard), reason(stale)]).toEqual([undefined, 'UNKNOWN_BEACON'])
    // A witness of a beacon that failed its own checks is a witness of no valid beacon.
    const late = beacon(a, T + HOUR, { nonce: 6 })
    const ofLate = witness(b, late, a)
    const judged = judge([real, late, ofLate], [a, b])
    expect([judged(late), judged(ofLate)]).toEqual(['IRREGULAR_INTERVAL', 'UNKNOWN_BEACON'])
  })

  it('DUPLICATE_WITNESS: passes once, fails the second report of the same beacon by the same witness', () => {
    const real = beacon(a, T)
    const once = witness(b, real, a)
    const twice = witness(b, real, a, { offsetDeciDb: -20, lagMs: 150n })
    const reason = judge([real, once, twice], [a, b])
    expect([reason(once), reason(twice)]).toEqual([undefined, 'DUPLICATE_WITNESS'])
  })

  it('WITNESS_TOO_LATE: passes at the 4 s lag, fails a millisecond after', () => {
    const real = beacon(a, T)
    const onTime = witness(b, real, a, { lagMs: 4_000n })
    const late = witness(c, real, a, { lagMs: 4_001n })
    const reason = judge([real, onTime, late], [a, b, c])
    expect([reason(onTime), reason(late)]).toEqual([undefined, 'WITNESS_TOO_LATE'])
  })

  it('WITNESS_TOO_EARLY: passes within the clock tolerance before the beacon, fails beyond it', () => {
    const real = beacon(a, T)
    const skewed = witness(b, real, a, { lagMs: -1_000n })
    const early = witness(c, real, a, { lagMs: -1_001n })
    const reason = judge([real, skewed, early], [a, b, c])
    expect([reason(skewed), reason(early)]).toEqual([undefined, 'WITNESS_TOO_EARLY'])
  })

  it('FREQUENCY_MISMATCH: passes within 100 kHz, fails beyond it or on another datarate', () => {
    const real = beacon(a, T)
    const f = real.payload.frequencyHz
    const neighbour = PARAMS.channelsHz.find((x) => Math.abs(x - f) === 200_000)!
    const near = witness(b, real, a)
    const off = witness(c, real, a, { frequencyHz: neighbour })
    const d = device(-3, 0)
    const rate = witness(d, real, a, { datarate: PARAMS.datarates.find((r) => r !== real.payload.datarate)! })
    const reason = judge([real, near, off, rate], [a, b, c, d])
    expect([reason(near), reason(off), reason(rate)]).toEqual([undefined, 'FREQUENCY_MISMATCH', 'FREQUENCY_MISMATCH'])
  })

  it("WRONG_REGION: passes for a witness in the beaconer's region, fails one in another (Helium's invalid_region)", () => {
    const params = parseWirelessParams({ maxRssiAboveModelSigmasTenths: 1_000, regions: [{ region: 'EU868', cells: [cellToParent(a.location!.toString(16), 5)] }] })
    const outside = device(300, 0) // far outside the res-5 cell around a
    const eu = { ...params, ...LORA_REGION_PLANS.EU868 }
    const real = beacon(a, T, { params: eu, txPowerDeciDbm: 130 })
    const sameRegion = witness(b, real, a, { params: eu })
    const otherRegion = witness(outside, real, a, { params: eu, rssiDeciDbm: -1290 })
    const devices = [a, b, outside]
    const ctx = contextOf(devices, { carried: reciprocal(devices), params })
    const reasons = (rules = WIRELESS_RULES_V2) => {
      const invalid = verifyWirelessEpoch(canonical([real, sameRegion, otherRegion]), ctx, [], rules)
      return [invalid.get(sameRegion.reportId), invalid.get(otherRegion.reportId)]
    }
    expect(reasons()).toEqual([undefined, 'WRONG_REGION'])
    expect(reasons(WIRELESS_RULES_V1)[1]).not.toBe('WRONG_REGION')
  })

  it('TIME_OF_FLIGHT_MISMATCH: passes a link between secure concentrators whose time of flight fits the asserted distance, fails one relayed milliseconds late', () => {
    const params = parseWirelessParams({ secureConcentrators: { deviceClasses: [1] } })
    const devices = [a, b, c]
    const ctx = contextOf(devices, { carried: reciprocal(devices), params })
    const sentNs = T * 1_000_000n + 123_456n
    const real = beacon(a, T, { gpsTimeNs: sentNs })
    const flightNs = (BigInt(distanceM(a.location!, b.location!)) * 1_000_000_000n) / 299_792_458n
    const fits = witness(b, real, a, { gpsTimeNs: sentNs + flightNs + 40n })
    const relayed = witness(c, real, a, { gpsTimeNs: sentNs + 20_000_000n })
    const reasons = (reports: KindReport<WirelessPayload>[], rules = WIRELESS_RULES_V2) => {
      const invalid = verifyWirelessEpoch(canonical(reports), ctx, [], rules)
      return reports.slice(1).map((r) => invalid.get(r.reportId))
    }
    expect(reasons([real, fits, relayed])).toEqual([undefined, 'TIME_OF_FLIGHT_MISMATCH'])
    expect(reasons([real, fits, relayed], WIRELESS_RULES_V1)).toEqual([undefined, undefined])
    // Without a secure concentrator on both ends there is no time of flight to judge.
    const unstamped = witness(c, real, a)
    expect(reasons([real, unstamped])).toEqual([undefined])
    expect(reasons([real, witness(c, real, a, { gpsTimeNs: sentNs + 20_000_000n })]).at(0)).toBe('TIME_OF_FLIGHT_MISMATCH')
    const other = device(0, 4, { deviceClass: 2 })
    const otherCtx = contextOf([a, other], { carried: reciprocal([a, other]), params })
    const fromOther = witness(other, real, a, { gpsTimeNs: sentNs + 20_000_000n })
    expect(verifyWirelessEpoch(canonical([real, fromOther]), otherCtx).get(fromOther.reportId)).toBeUndefined()
  })

  it('RSSI_ABOVE_MODEL: a link whose time of flight fits is a real radio link at that distance, however lucky, and is not judged by the model', () => {
    const params = parseWirelessParams({ secureConcentrators: { deviceClasses: [1] } })
    const devices = [a, b]
    const ctx = contextOf(devices, { carried: reciprocal(devices), params })
    const sentNs = T * 1_000_000n
    const real = beacon(a, T, { gpsTimeNs: sentNs })
    const flightNs = (BigInt(distanceM(a.location!, b.location!)) * 1_000_000_000n) / 299_792_458n
    // 33 dB above the model at 3 km: beyond its 4σ band, below free space.
    const proven = witness(b, real, a, { offsetDeciDb: 330, gpsTimeNs: sentNs + flightNs })
    const unproven = witness(b, real, a, { offsetDeciDb: 330 })
    expect(verifyWirelessEpoch(canonical([real, proven]), ctx).get(proven.reportId)).toBeUndefined()
    expect(verifyWirelessEpoch(canonical([real, unproven]), ctx).get(unproven.reportId)).toBe('RSSI_ABOVE_MODEL')
  })

  it('WITNESS_TOO_CLOSE: passes at 3 km, fails at 200 m (res-11 grid distance under 8)', () => {
    const close = device(0.2, 0)
    const real = beacon(a, T)
    const far = witness(b, real, a)
    const near = witness(close, real, a)
    const reason = judge([real, far, near], [a, b, close])
    expect([reason(far), reason(near)]).toEqual([undefined, 'WITNESS_TOO_CLOSE'])
  })

  it('WITNESS_TOO_CLOSE: near a pentagon, a grid distance H3 cannot compute is too close, as Helium has it; rules v1 took it as not close', () => {
    const [x, y] = uncomputablePair()
    expect(gridDistanceAt(x, y, HELIUM_MIN_DISTANCE_RESOLUTION)).toBeNull()
    expect(closerThanCells(x, y, HELIUM_MIN_DISTANCE_RESOLUTION, 8, true)).toBe(true)
    expect(closerThanCells(x, y, HELIUM_MIN_DISTANCE_RESOLUTION, 8, false)).toBe(false)
    const beaconer = device(0, 0, { location: x, locations: [{ cell: x, atMs: 0n, antennaGain: 30, elevation: 5 }] })
    const listener = device(0, 0, { location: y, locations: [{ cell: y, atMs: 0n, antennaGain: 30, elevation: 5 }] })
    const real = beacon(beaconer, T)
    const heard = witness(listener, real, beaconer)
    const ctx = contextOf([beaconer, listener], { carried: reciprocal([beaconer, listener]), params: OPEN_BAND })
    expect(verifyWirelessEpoch(canonical([real, heard]), ctx).get(heard.reportId)).toBe('WITNESS_TOO_CLOSE')
    expect(verifyWirelessEpoch(canonical([real, heard]), ctx, [], WIRELESS_RULES_V1).get(heard.reportId)).not.toBe('WITNESS_TOO_CLOSE')
  })

  it('WITNESS_TOO_FAR: passes at 99 km, fails at 102 km (HIP-58)', () => {
    const within = device(99, 0)
    const beyond = device(102, 0)
    const real = beacon(a, T)
    const w1 = witness(within, real, a, { rssiDeciDbm: -1290 })
    const w2 = witness(beyond, real, a, { rssiDeciDbm: -1290 })
    // A 99 km link at the demodulation floor is far above the default model (RSSI_ABOVE_MODEL); this
    // rule stands on its own, so the model's band is opened wide here.
    const reason = judge([real, w1, w2], [a, within, beyond], { params: OPEN_BAND })
    expect([distanceM(a.location!, within.location!) < 100_000, distanceM(a.location!, beyond.location!) >= 101_000]).toEqual([true, true])
    expect([reason(w1), reason(w2)]).toEqual([undefined, 'WITNESS_TOO_FAR'])
  })

  it('WITNESS_TOO_FAR: measures whole kilometres, as Helium (100,999 m passes, 101,000 m fails); rules v1 measured metres', () => {
    expect([100_000, 100_091, 100_999, 101_000].map((d) => tooFar(d, 100_000, WIRELESS_RULES_V2))).toEqual([false, false, false, true])
    expect([100_000, 100_001].map((d) => tooFar(d, 100_000, WIRELESS_RULES_V1))).toEqual([false, true])
  })

  it('RSSI_ABOVE_FREE_SPACE: passes at the free-space bound, fails a tenth of a dB above it', () => {
    const real = beacon(a, T)
    const bound = freeSpaceRssiDeciDbm(270, 60, distanceM(a.location!, b.location!), real.payload.frequencyHz)
    const at = witness(b, real, a, { rssiDeciDbm: bound })
    const above = witness(c, real, a, { rssiDeciDbm: freeSpaceRssiDeciDbm(270, 60, distanceM(a.location!, c.location!), real.payload.frequencyHz) + 1 })
    const reason = judge([real, at, above], [a, b, c], { params: OPEN_BAND })
    expect([reason(at), reason(above)]).toEqual([undefined, 'RSSI_ABOVE_FREE_SPACE'])
  })

  it('RSSI_ABOVE_MODEL: passes, under rules v2, 3σ above the model at the asserted distance, fails a tenth of a dB more, and a beacon relayed 40 km at the demodulation floor', () => {
    const real = beacon(a, T)
    const atBand = witness(b, real, a, { offsetDeciDb: 240 })
    const above = witness(c, real, a, { offsetDeciDb: 241 })
    const partner = device(40, 0)
    const relayed = witness(partner, real, a, { rssiDeciDbm: -1285 }) // SF9 at 125 kHz demodulates down to −129.5 dBm
    const reason = judge([real, atBand, above, relayed], [a, b, c, partner], {}, WIRELESS_RULES_V2)
    expect([reason(atBand), reason(above), reason(relayed)]).toEqual([undefined, 'RSSI_ABOVE_MODEL', 'RSSI_ABOVE_MODEL'])
    // The band is a parameter: at 4σ the tenth of a dB more passes.
    const wide = parseWirelessParams({ maxRssiAboveModelSigmasTenths: 40 })
    expect(judge([real, atBand, above], [a, b, c], { params: wide }, WIRELESS_RULES_V2)(above)).toBeUndefined()
  })

  it('RSSI_ABOVE_MODEL: passes, under rules v3, 4σ above the model where a link needs no luck and a lucky link at the edge of reach; fails a link that needed more than 3σ of luck', () => {
    const real = beacon(a, T)
    // At 3–4 km SF9 closes without luck: the band is 4σ (32 dB).
    const atBand = witness(b, real, a, { offsetDeciDb: 320 })
    const above = witness(c, real, a, { offsetDeciDb: 321 })
    // 12 km out, a link heard 3.5σ above the model is lucky, not impossible: v2 rejected it, v3 keeps it.
    const edge = device(12, 0)
    const lucky = witness(edge, real, a, { offsetDeciDb: 280 })
    // The 40 km relayed beacon needed more than 3σ of luck just to be heard at SF9.
    const partner = device(40, 0)
    const relayed = witness(partner, real, a, { rssiDeciDbm: -1285 })
    // One link at a time: several too-strong links of one beacon would make it MISPLACED_HOTSPOT.
    const alone = (heard: KindReport<WirelessPayload>, hearer: DeviceRecord, options: Parameters<typeof contextOf>[1] = {}, rules = CURRENT_WIRELESS_RULES) =>
      judge([real, heard], [a, hearer], options, rules)(heard)
    expect([alone(atBand, b), alone(above, c), alone(lucky, edge), alone(relayed, partner)]).toEqual([undefined, 'RSSI_ABOVE_MODEL', undefined, 'RSSI_ABOVE_MODEL'])
    expect(alone(lucky, edge, {}, WIRELESS_RULES_V2)).toBe('RSSI_ABOVE_MODEL')
    // Both bounds are parameters.
    const lenient = { params: parseWirelessParams({ rssiGivenReception: { excessSigmasTenths: 50, neededSigmasTenths: 60 } }) }
    expect([alone(above, c, lenient), alone(relayed, partner, lenient)]).toEqual([undefined, undefined])
  })

  it('NO_RECIPROCITY_BEACONER: passes for a beaconer that witnessed within the window before, fails for one that never listens', () => {
    const listener = device(0, 0)
    const deaf = device(5, 0)
    const other = device(0, 6)
    const first = beacon(other, DAY.startMs + HOUR, { nonce: 1 })
    const heardByListener = witness(listener, first, other)
    const heardByDeaf = witness(deaf, first, other, { lagMs: 130n })
    const listenerBeacon = beacon(listener, DAY.startMs + 2n * HOUR, { nonce: 2 })
    const deafBeacon = beacon(deaf, DAY.startMs + 2n * HOUR, { nonce: 3 })
    // Nothing carried: the epoch's own reports are the only evidence. `deaf` never witnessed before beaconing…
    const lonely = device(40, 40)
    const lonelyBeacon = beacon(lonely, DAY.startMs + 2n * HOUR, { nonce: 4 })
    const reports = [first, heardByListener, heardByDeaf, listenerBeacon, deafBeacon, lonelyBeacon]
    const invalid = verifyWirelessEpoch(canonical(reports), contextOf([listener, deaf, other, lonely]))
    expect(invalid.get(listenerBeacon.reportId)).toBeUndefined()
    expect(invalid.get(deafBeacon.reportId)).toBeUndefined() // it did witness `first` before
    expect(invalid.get(lonelyBeacon.reportId)).toBe('NO_RECIPROCITY_BEACONER')
    // `other` beaconed before it ever witnessed anything: its first beacon fails, its witnesses with it.
    expect(invalid.get(first.reportId)).toBe('NO_RECIPROCITY_BEACONER')
    expect(invalid.get(heardByListener.reportId)).toBe('UNKNOWN_BEACON')
    // Carried evidence younger than 48 h counts; evidence exactly 48 h old does not (Helium's `<`),
    // where rules v1 still counted it.
    const carried = (at: bigint): WirelessCarried => ({ devices: { [lonely.deviceId]: { lastBeaconMs: null, lastWitnessMs: at, lastBeaconWithWitnessMs: null } } })
    const reasonWith = (at: bigint, rules = WIRELESS_RULES_V2) =>
      verifyWirelessEpoch([lonelyBeacon], contextOf([lonely], { carried: carried(at) }), [], rules).get(lonelyBeacon.reportId)
    const windowStart = DAY.startMs + 2n * HOUR - 48n * HOUR
    expect([reasonWith(windowStart + 1n), reasonWith(windowStart), reasonWith(windowStart, WIRELESS_RULES_V1), reasonWith(windowStart - 1n, WIRELESS_RULES_V1)]).toEqual([
      undefined,
      'NO_RECIPROCITY_BEACONER',
      undefined,
      'NO_RECIPROCITY_BEACONER',
    ])
  })

  it('NO_RECIPROCITY_WITNESS: passes for a witness heard by others before, fails for one that never transmits', () => {
    const x = device(0, 0)
    const y = device(5, 0)
    const z = device(0, 6)
    const silent = device(5, 6)
    const bx = beacon(x, DAY.startMs + HOUR, { nonce: 1 })
    const yHearsX = witness(y, bx, x)
    const by = beacon(y, DAY.startMs + 2n * HOUR, { nonce: 2 })
    const zHearsY = witness(z, by, y)
    const bz = beacon(z, DAY.startMs + 3n * HOUR, { nonce: 3 })
    const xHearsZ = witness(x, bz, z)
    const silentHearsZ = witness(silent, bz, z, { lagMs: 140n })
    const carried: WirelessCarried = {
      devices: Object.fromEntries([x, y, z, silent].map((d) => [d.deviceId, { lastBeaconMs: null, lastWitnessMs: DAY.startMs - HOUR, lastBeaconWithWitnessMs: null }])),
    }
    const invalid = verifyWirelessEpoch(canonical([bx, yHearsX, by, zHearsY, bz, xHearsZ, silentHearsZ]), contextOf([x, y, z, silent], { carried }))
    expect(invalid.get(xHearsZ.reportId)).toBeUndefined() // x's beacon was heard by y at 01:00
    expect(invalid.get(silentHearsZ.reportId)).toBe('NO_RECIPROCITY_WITNESS')
    expect(invalid.get(yHearsX.reportId)).toBe('NO_RECIPROCITY_WITNESS') // y had not been heard yet
    expect(invalid.get(zHearsY.reportId)).toBe('NO_RECIPROCITY_WITNESS')
    expect([invalid.get(bx.reportId), invalid.get(by.reportId), invalid.get(bz.reportId)]).toEqual([undefined, undefined, undefined])
  })

  it('WITNESS_RING: fails a ring among active hotspots that never hear it, passes the same ring where nobody listens', () => {
    const { reports, honest, ring } = ringWorld(0)
    const reason = judge(reports, [...honest, ...ring])
    for (const r of reports) {
      const isRing = ring.some((d) => d.deviceId === r.deviceId)
      expect(reason(r), `${r.payloadType} of a ${isRing ? 'ring member' : 'honest hotspot'}`).toBe(isRing ? 'WITNESS_RING' : undefined)
    }
    // The same ring 150 km from anyone: an isolated cluster, which nobody could have heard.
    const far = ringWorld(150)
    const farReason = judge(far.reports, [...far.honest, ...far.ring])
    for (const r of far.reports) expect(farReason(r)).toBeUndefined()
  })

  it('WITNESS_RING: listeners in another LoRa region are never expected to hear a group (they listen on other channels)', () => {
    const { reports, honest, ring } = ringWorld(0)
    const params = parseWirelessParams({ regions: [{ region: 'AU915', cells: ring.map((d) => cellToParent(d.location!.toString(16), 9)) }] })
    const devices = [...honest, ...ring]
    const ctx = contextOf(devices, { carried: reciprocal(devices), params })
    const ringReports = reports.filter((r) => ring.some((d) => d.deviceId === r.deviceId))
    const v2 = verifyWirelessEpoch(canonical(reports), ctx)
    const v1 = verifyWirelessEpoch(canonical(reports), ctx, [], WIRELESS_RULES_V1)
    expect(ringReports.map((r) => v2.get(r.reportId))).toEqual(ringReports.map(() => undefined))
    expect(ringReports.map((r) => v1.get(r.reportId))).toEqual(ringReports.map(() => 'WITNESS_RING'))
  })

  it('CO_LOCATED: fails hotspots asserted apart whose fingerprints match, passes neighbours whose fingerprints differ', () => {
    const witnesses = [device(8, 0), device(0, 9), device(-7, 2), device(-3, -8), device(6, -6), device(12, 7), device(-10, -9), device(3, 14)]
    const sybilA = device(0, 0)
    const sybilB = device(0.8, 0.3)
    const honestC = device(-0.9, 0.4)
    const reports: KindReport<WirelessPayload>[] = []
    const beacons = [sybilA, sybilB, honestC].map((d, k) => beacon(d, T + BigInt(k) * 10_000n, { nonce: 100 + k }))
    reports.push(...beacons)
    witnesses.forEach((w, i) => {
      // The two sybils are one radio: every witness measures the same path for both (±1 dB), near
      // what the model predicts from sybilA's asserted spot.
      const shared = witness(w, beacons[0]!, sybilA).payload.rssiDeciDbm + 30 * (i % 3) - 30
      reports.push(witness(w, beacons[0]!, sybilA, { rssiDeciDbm: shared }))
      reports.push(witness(w, beacons[1]!, sybilB, { rssiDeciDbm: shared + (i % 2 === 0 ? 10 : -10) }))
      // The honest neighbour's paths differ by its own shadowing, ±5–12 dB.
      reports.push(witness(w, beacons[2]!, honestC, { rssiDeciDbm: shared + [70, -90, 120, -50, 60, -110, 20, -10][i]! }))
    })
    const reason = judge(reports, [...witnesses, sybilA, sybilB, honestC])
    expect([reason(beacons[0]!), reason(beacons[1]!), reason(beacons[2]!)]).toEqual(['CO_LOCATED', 'CO_LOCATED', undefined])
    for (const r of reports.filter((r) => r.payloadType === 'witness')) {
      const of = (r.payload as { beaconerId: Hex }).beaconerId
      expect(reason(r)).toBe(of === honestC.deviceId ? undefined : 'UNKNOWN_BEACON')
    }
    // Chance: 8 of 10 witnesses agree within 3 dB but two differ by 15 dB — an RMS of 6.8 dB is two places, not one.
    const more = [...witnesses, device(15, -3), device(-14, 6)]
    const x = device(20, 20)
    const y = device(20.9, 20.4)
    const bx = beacon(x, T + 50_000n, { nonce: 300 })
    const by = beacon(y, T + 51_000n, { nonce: 301 })
    const chance = [
      bx,
      by,
      ...more.flatMap((w, i) => {
        const base = witness(w, bx, x).payload.rssiDeciDbm + 11 * (i % 3)
        return [witness(w, bx, x, { rssiDeciDbm: base }), witness(w, by, y, { rssiDeciDbm: base + (i < 8 ? 20 : 150) })]
      }),
    ]
    const chanceReason = judge(chance, [...more, x, y])
    expect([chanceReason(bx), chanceReason(by)]).toEqual([undefined, undefined])
    // Asserted at the same spot (closer than coLocated.minAssertedDistanceM), they are not lying about where.
    const roommate = device(0.05, 0)
    const together = beacon(roommate, T + 40_000n, { nonce: 200 })
    const roommateReports = [
      beacons[0]!,
      together,
      ...witnesses.flatMap((w) => {
        const rssiDeciDbm = witness(w, beacons[0]!, sybilA).payload.rssiDeciDbm
        return [witness(w, beacons[0]!, sybilA, { rssiDeciDbm }), witness(w, together, roommate, { rssiDeciDbm })]
      }),
    ]
    const roommateReason = judge(roommateReports, [...witnesses, sybilA, roommate])
    expect([roommateReason(beacons[0]!), roommateReason(together)]).toEqual([undefined, undefined])
  })

  it('MISPLACED_HOTSPOT: fails a hotspot its neighbours hear where it is not, passes one with too few or too small a share of such witnesses', () => {
    const around = (eastKm: number, n: number) => Array.from({ length: n }, (_, k) => device(eastKm + 3 * Math.cos((2 * Math.PI * k) / n), 3 * Math.sin((2 * Math.PI * k) / n)))
    const strong = { offsetDeciDb: 330 } // 33 dB above the model at 3 km: radios nearer than asserted
    const heardBy = (beaconer: DeviceRecord, at: KindReport<WirelessPayload>, witnesses: DeviceRecord[], inconsistent: number) =>
      witnesses.map((w, k) => witness(w, at, beaconer, k < inconsistent ? strong : {}))
    // Three of three witnesses hear it 33 dB too strong.
    const spoofer = device(0, 0)
    const spoofed = beacon(spoofer, T, { nonce: 21 })
    const spooferWitnesses = around(0, 3)
    // Two of four: fewer than misplaced.minInconsistentWitnesses (3).
    const few = device(40, 0)
    const fewBeacon = beacon(few, T + 60_000n, { nonce: 22 })
    const fewWitnesses = around(40, 4)
    // Three of eleven: under misplaced.minInconsistentBps (30 %).
    const diluted = device(80, 0)
    const dilutedBeacon = beacon(diluted, T + 120_000n, { nonce: 23 })
    const dilutedWitnesses = around(80, 11)
    const reports = [
      spoofed,
      fewBeacon,
      dilutedBeacon,
      ...heardBy(spoofer, spoofed, spooferWitnesses, 3),
      ...heardBy(few, fewBeacon, fewWitnesses, 2),
      ...heardBy(diluted, dilutedBeacon, dilutedWitnesses, 3),
    ]
    const reason = judge(reports, [spoofer, few, diluted, ...spooferWitnesses, ...fewWitnesses, ...dilutedWitnesses])
    expect([reason(spoofed), reason(fewBeacon), reason(dilutedBeacon)]).toEqual(['MISPLACED_HOTSPOT', undefined, undefined])
    // The witnesses of a misplaced hotspot's beacon witnessed no valid beacon; the too-strong links of the others are RSSI_ABOVE_MODEL.
    expect(reports.filter((r) => r.payloadType === 'witness').map((r) => reason(r) ?? 'VALID')).toEqual([
      ...Array(3).fill('UNKNOWN_BEACON'),
      ...['RSSI_ABOVE_MODEL', 'RSSI_ABOVE_MODEL', 'VALID', 'VALID'],
      ...[...Array(3).fill('RSSI_ABOVE_MODEL'), ...Array(8).fill('VALID')],
    ])
    // The thresholds are parameters: two witnesses are enough when minInconsistentWitnesses is 2.
    const strict = parseWirelessParams({ misplaced: { minInconsistentWitnesses: 2 } })
    expect(judge(reports, [spoofer, few, diluted, ...spooferWitnesses, ...fewWitnesses, ...dilutedWitnesses], { params: strict })(fewBeacon)).toBe('MISPLACED_HOTSPOT')
  })

  it('ASYMMETRIC_LINK: passes a pair whose two directions agree, fails both directions of a pair that disagree', () => {
    const [p, q, r, t] = [device(0, 0), device(4, 0), device(0, 30), device(4, 30)]
    const bp = beacon(p, T, { nonce: 11 })
    const bq = beacon(q, T + 60_000n, { nonce: 12 })
    const br = beacon(r, T + 120_000n, { nonce: 13 })
    const bt = beacon(t, T + 180_000n, { nonce: 14 })
    const qHearsP = witness(q, bp, p)
    const pHearsQ = witness(p, bq, q, { offsetDeciDb: 80 }) // 8 dB off, one packet each way: within 3σ of fading (8.5 dB)
    const tHearsR = witness(t, br, r)
    const rHearsT = witness(r, bt, t, { offsetDeciDb: 90 }) // 9 dB off: one side made it up
    const reason = judge([bp, bq, br, bt, qHearsP, pHearsQ, tHearsR, rHearsT], [p, q, r, t])
    expect([reason(qHearsP), reason(pHearsQ)]).toEqual([undefined, undefined])
    expect([reason(tHearsR), reason(rHearsT)]).toEqual(['ASYMMETRIC_LINK', 'ASYMMETRIC_LINK'])
    expect([reason(br), reason(bt)]).toEqual([undefined, undefined]) // beacons stand: only the links are doubtful
  })

  it('ASYMMETRIC_HOTSPOT: fails a hotspot most of whose two-way links disagree, passes its honest partners', () => {
    const world = (offsets: number[]) => {
      const spoofer = device(0, 0)
      const honest = [device(5, 0), device(-5, 0), device(0, 5), device(0, -5)]
      const reports: KindReport<WirelessPayload>[] = []
      const own = beacon(spoofer, T, { nonce: 20 })
      reports.push(own)
      honest.forEach((h, i) => {
        const theirs = beacon(h, T + BigInt(i + 1) * 60_000n, { nonce: 21 + i })
        reports.push(theirs, witness(h, own, spoofer))
        // What the spoofer claims to hear: made up for its asserted spot, offsets[i] off the real path.
        reports.push(witness(spoofer, theirs, h, { offsetDeciDb: offsets[i]! }))
        for (const other of honest) if (other !== h) reports.push(witness(other, theirs, h))
      })
      return { spoofer, honest, own, reports, reason: judge(reports, [spoofer, ...honest]) }
    }
    const lying = world([120, -90, 100, 0]) // three of four two-way links 9–12 dB off
    for (const r of lying.reports) {
      const ofSpoofer = r.payloadType === 'witness' && (r.payload as { beaconerId: Hex }).beaconerId === lying.spoofer.deviceId
      expect(lying.reason(r)).toBe(r.deviceId === lying.spoofer.deviceId ? 'ASYMMETRIC_HOTSPOT' : ofSpoofer ? 'UNKNOWN_BEACON' : undefined)
    }
    const truthful = world([20, -30, 10, 0]) // fading-sized differences
    for (const r of truthful.reports) expect(truthful.reason(r)).toBeUndefined()
    // Two of four asymmetric: each honest partner has one asymmetric link of four (25 %, at the
    // threshold too), but the worst is judged first, and once it is gone they have none.
    const half = world([0, 0, 90, -90])
    for (const r of half.reports) if (r.deviceId !== half.spoofer.deviceId && r.payloadType === 'beacon') expect(half.reason(r)).toBeUndefined()
    expect(half.reason(half.own)).toBe('ASYMMETRIC_HOTSPOT')
    const strict = parseWirelessParams({ symmetry: { minAsymmetricBps: 5_100 } }) // a network that asks for more than half
    const all = [half.spoofer, ...half.honest]
    const lenient = verifyWirelessEpoch(canonical(half.reports), contextOf(all, { params: strict, carried: reciprocal(all) }))
    expect(lenient.get(half.own.reportId)).toBeUndefined()
  })

  it('leaves reports it does not judge alone, and never invalidates a valid data transfer', () => {
    const real = beacon(a, T)
    const heard = witness(b, real, a)
    const carriedTransfer = transfer(c)
    expect(verifyWirelessEpoch(canonical([real, heard, carriedTransfer]), contextOf([a, b, c], { carried: reciprocal([a, b, c]) })).size).toBe(0)
  })
})

/**
 * Six honest hotspots 3 km apart that all hear each other, and a four-device ring asserted `ringKm`
 * east of them whose members only witness each other (no radio: nobody else hears them).
 */
function ringWorld(ringKm: number) {
  const honest = [device(0, 0), device(3, 0), device(6, 0), device(0, 3), device(3, 3), device(6, 3)]
  const ring = [device(ringKm + 2, 1), device(ringKm + 3.5, 1), device(ringKm + 2, 2.5), device(ringKm + 3.5, 2.5)]
  const reports: KindReport<WirelessPayload>[] = []
  for (const group of [honest, ring]) {
    group.forEach((d, k) => {
      const own = beacon(d, T + BigInt(k) * 60_000n, { nonce: 1_000 + k + (group === ring ? 100 : 0) })
      reports.push(own)
      for (const w of group) if (w !== d) reports.push(witness(w, own, d))
    })
  }
  return { reports, honest, ring }
}

describe('wireless verifyEpoch helpers', () => {
  it('linkProbabilityPpm is Φ(margin / σ) from a fixed table', () => {
    expect(linkProbabilityPpm(0, 80)).toBe(500_000)
    expect(linkProbabilityPpm(80, 80)).toBe(841_345)
    expect(linkProbabilityPpm(-80, 80)).toBe(158_655)
    expect(linkProbabilityPpm(10_000, 80)).toBe(999_968)
    expect(linkProbabilityPpm(-10_000, 80)).toBe(32)
    expect(linkProbabilityPpm(4, 80)).toBe(linkProbabilityPpm(8, 80)) // z rounds to tenths: 0.05 → 0.1
  })

  it('pairTolerance widens for pairs heard once or twice a way: max(6 dB, 3σ_f·√(1/a + 1/b))', () => {
    expect(pairTolerance(1, 1, PARAMS.symmetry)).toBe(85)
    expect(pairTolerance(1, 4, PARAMS.symmetry)).toBe(68)
    expect(pairTolerance(4, 4, PARAMS.symmetry)).toBe(60)
  })

  it('stronglyConnected finds components in reverse topological order', () => {
    const edges = [[1], [2], [0, 3], [4], [3]] // 0→1→2→0, 2→3, 3⇄4
    const components = stronglyConnected(5, (n) => edges[n]!)
    expect(components).toEqual([
      [3, 4],
      [0, 1, 2],
    ])
    expect(stronglyConnected(3, () => [])).toEqual([[0], [1], [2]])
  })
})
