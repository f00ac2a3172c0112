import { ONE } from '@pinion/protocol'
import { cellToCenterChild, cellToChildren, cellToParent } from 'h3-js'
import { describe, expect, it } from 'vitest'
import type { DeviceRecord, KindReport, Share } from '../src/kind.ts'
import { DAY, HOUR, beacon, canonical, contextOf, device, transfer, witness } from '../../testkit/src/kinds/wireless.ts'
import { beaconerUnits, witnessUnits } from './hip15.ts'
import { DEFAULT_WIRELESS_PARAMS, parseWirelessParams } from './params.ts'
import type { WirelessPayload } from './payload.ts'
import { WIRELESS_RULES_V1 } from './ruleset.ts'
import { formatFixed, scoreWireless } from './score.ts'

const T = DAY.startMs + HOUR
const p = DEFAULT_WIRELESS_PARAMS

/** A beaconer and six witnesses 3–8 km around it, each heard `lag` ms apart; witnesses' RSSI `offset` off the model. */
function world(offsetDeciDb = 0) {
  const a = device(0, 0)
  const ws = [device(3, 0), device(0, 4), device(-5, 0), device(0, -6), device(7, 1), device(-2, 8)]
  const own = beacon(a, T, { nonce: 1 })
  const heard = ws.map((w, i) => witness(w, own, a, { lagMs: BigInt(100 + 100 * (5 - i)), offsetDeciDb }))
  return { a, ws, own, heard, devices: [a, ...ws] }
}
/** A hotspot in another res-11 hex of `d`'s res-10 hex: HIP-104 allows one per res-10 hex. */
function roommateOf(d: DeviceRecord): DeviceRecord {
  const res10 = cellToParent(d.location!.toString(16), 10)
  const res11 = cellToParent(d.location!.toString(16), 11)
  const next = BigInt(`0x${cellToCenterChild(cellToChildren(res10, 11).find((c) => c !== res11)!, 12)}`)
  return device(0, 0, { location: next, locations: [{ cell: next, atMs: 0n, antennaGain: 30, elevation: 5 }] })
}
const coverageOf = (shares: Share[], d: DeviceRecord) => shares.find((s) => s.deviceId === d.deviceId && s.pool === 'coverage')!

describe('wireless score', () => {
  it('pays HIP-15 units: the beaconer 2 − 0.8² for six witnesses, each witness (4 − (1 − 0.8²)) / 6 (rules v1: a unit is a unit)', () => {
    const { a, ws, own, heard, devices } = world()
    const shares = scoreWireless(canonical([own, ...heard]), contextOf(devices), WIRELESS_RULES_V1)
    expect(coverageOf(shares, a).base).toBe(beaconerUnits(p, 6))
    expect(beaconerUnits(p, 6)).toBe(2n * ONE - 64n * 10n ** 16n)
    for (const w of ws) expect(coverageOf(shares, w).base).toBe(witnessUnits(p, 6))
    expect(coverageOf(shares, a).weight).toBe(coverageOf(shares, a).base) // lone hex ×1, every link consistent ×1
    expect(coverageOf(shares, a).inputs).toMatchObject({
      beacons: 1,
      beaconsHeard: 1,
      witnessesOfBeacons: 6,
      witnesses: 0,
      beaconUnits: '1.36',
      witnessUnits: '0',
      hexScale: '1',
      hexScaleClipping: 'no resolution clipped',
      inDensityMap: true,
      locationLinks: 6,
      locationConsistentLinks: 6,
      locationConfidenceBps: 8_750,
    })
    expect(coverageOf(shares, ws[0]!).inputs).toMatchObject({ witnesses: 1, witnessesSelected: 1, witnessesUnselected: 0, beacons: 0 })
  })

  it("splits coverage as Helium's pools do: beacon units share 6/30 of it, witness units 24/30, each by scaled units", () => {
    const { a, ws, own, heard, devices } = world()
    const other = device(20, 0)
    const second = beacon(other, T + 60_000n, { nonce: 2 })
    const heardTwice = witness(ws[4]!, second, other)
    const shares = scoreWireless(canonical([own, ...heard, second, heardTwice]), contextOf([...devices, other]))
    // Points of the pool's 10,000, each part's unit value rounded toward zero: a few units of 10⁻¹⁸ short.
    const points = (d: DeviceRecord) => coverageOf(shares, d).base
    const near = (value: bigint, expected: bigint) => expect(expected - value >= 0n && expected - value < 100n).toBe(true)
    // Two beaconers with a lone hex each (HIP-15: 1.36 units for six witnesses, 0.25 for one).
    const beaconUnits = beaconerUnits(p, 6) + beaconerUnits(p, 1)
    near(points(a) + points(other), 2_000n * ONE)
    near(points(a), (2_000n * ONE * beaconerUnits(p, 6)) / beaconUnits)
    near(
      ws.reduce((sum, w) => sum + points(w), 0n),
      8_000n * ONE,
    )
    expect(coverageOf(shares, a).inputs).toMatchObject({ beaconUnits: '1.36', beaconUnitValue: formatFixed((2_000n * ONE * ONE) / beaconUnits) })
    // The witness part goes by witness units: a lone beacon's one witness gets 1 unit, each of six ~0.56.
    near(points(ws[0]!), (8_000n * ONE * witnessUnits(p, 6)) / (6n * witnessUnits(p, 6) + witnessUnits(p, 1)))
  })

  it('selects the first maxWitnessesPerBeacon witnesses by received_at (then report id), and pays only those', () => {
    const { ws, own, heard, devices } = world()
    const params = parseWirelessParams({ maxWitnessesPerBeacon: 4 })
    const shares = scoreWireless(canonical([own, ...heard]), contextOf(devices, { params }))
    // Lags were 600, 500, … 100 ms in ws order: the last four heard it first, and share the witness part.
    expect(ws.map((w) => coverageOf(shares, w).inputs.witnessesSelected)).toEqual([0, 0, 1, 1, 1, 1])
    expect(ws.map((w) => coverageOf(shares, w).base)).toEqual([0n, 0n, 2_000n * ONE, 2_000n * ONE, 2_000n * ONE, 2_000n * ONE])
    expect(coverageOf(shares, ws[0]!).inputs.witnessesUnselected).toBe(1)
  })

  it('scales by HIP-17 density: two heard hotspots in one res-10 hex get ×½ each, and so do the witnesses of their beacons', () => {
    const { a, ws, own, heard } = world()
    const roommate = roommateOf(a)
    const second = beacon(roommate, T + 60_000n, { nonce: 2 })
    const heardRoommate = witness(ws[5]!, second, roommate)
    const shares = scoreWireless(canonical([own, second, heardRoommate, ...heard]), contextOf([a, roommate, ...ws]))
    const share = coverageOf(shares, a)
    expect(share.multipliers[0]).toMatchObject({ name: 'hexDensity', value: ONE / 2n })
    expect(share.inputs).toMatchObject({ hexScale: '0.5', hexScaleClipping: 'r10 1/2' })
    expect(share.weight).toBe(share.base / 2n)
    expect(coverageOf(shares, ws[0]!).multipliers[0]!.value).toBe(ONE / 2n)
    expect(coverageOf(shares, roommate).multipliers[0]!.value).toBe(ONE / 2n)
  })

  it('counts for HIP-17 density only hotspots a valid witness heard (Helium), so an unheard one halves nobody; rules v1 counted every beacon', () => {
    const { a, ws, own, heard } = world()
    const roommate = roommateOf(a)
    const unheard = beacon(roommate, T + 60_000n, { nonce: 2 })
    const reports = canonical([own, unheard, ...heard])
    const devices = [a, roommate, ...ws]
    expect(coverageOf(scoreWireless(reports, contextOf(devices)), a).multipliers[0]).toMatchObject({ name: 'hexDensity', value: ONE })
    expect(coverageOf(scoreWireless(reports, contextOf(devices)), roommate).base).toBe(0n) // nobody heard its beacon: 0 units
    const v1 = scoreWireless(reports, contextOf(devices), WIRELESS_RULES_V1)
    expect(coverageOf(v1, a).multipliers[0]).toMatchObject({ name: 'hexDensity', value: ONE / 2n })
    expect(coverageOf(v1, a).weight).toBe(beaconerUnits(p, 6) / 2n)
    // Carried activity counts the same way: a beacon heard within hexDensityWindowMs, not merely sent.
    const sentOnly = { devices: { [roommate.deviceId]: { lastBeaconMs: T - HOUR, lastWitnessMs: null, lastBeaconWithWitnessMs: null } } }
    const heardBefore = { devices: { [roommate.deviceId]: { lastBeaconMs: T - HOUR, lastWitnessMs: null, lastBeaconWithWitnessMs: T - HOUR } } }
    const alone = canonical([own, ...heard])
    expect(coverageOf(scoreWireless(alone, contextOf(devices, { carried: sentOnly })), a).multipliers[0]!.value).toBe(ONE)
    expect(coverageOf(scoreWireless(alone, contextOf(devices, { carried: heardBefore })), a).multipliers[0]!.value).toBe(ONE / 2n)
  })

  it('multiplies by location confidence: links far stronger than the asserted distance allows pay nothing', () => {
    const { a, own, heard, devices } = world(250) // every witness hears it 25 dB stronger than the model predicts
    const share = coverageOf(scoreWireless(canonical([own, ...heard]), contextOf(devices)), a)
    expect(share.multipliers[1]).toMatchObject({ name: 'locationConfidence', value: 0n })
    expect(share.inputs).toMatchObject({ locationLinks: 6, locationConsistentLinks: 0, locationConfidenceBps: 1_250 })
    expect(share.weight).toBe(0n)
    expect(share.multipliers[1]!.why).toMatch(/^0 of 6 links of its beacons agree with its asserted location within 2.5σ \(above what reception needed\); confidence 1250 bps/)
  })

  it('pays usage by bytes carried, in its own pool, after coverage, devices in id order', () => {
    const { a, ws, own, heard, devices } = world()
    const reports: KindReport<WirelessPayload>[] = [
      own,
      ...heard,
      transfer(ws[0]!, { bytes: 1_000n, sessionId: '0x01' }),
      transfer(ws[0]!, { bytes: 500n, packets: 3n, sessionId: '0x02' }),
    ]
    const shares = scoreWireless(canonical(reports), contextOf(devices))
    const usage = shares.filter((s) => s.pool === 'usage')
    expect(usage).toEqual([
      { deviceId: ws[0]!.deviceId, pool: 'usage', base: 1_500n * ONE, multipliers: [], weight: 1_500n * ONE, inputs: { bytes: '1500', packets: '103', sessions: 2 } },
    ])
    const ids = shares.map((s) => `${s.deviceId}/${s.pool}`)
    expect(ids).toEqual([...ids].sort())
    expect(
      shares
        .filter((s) => s.pool === 'coverage')
        .map((s) => s.deviceId)
        .sort(),
    ).toEqual([a, ...ws].map((d) => d.deviceId).sort())
  })

  it('writes fixed-point numbers as decimals', () => {
    expect(formatFixed(ONE)).toBe('1')
    expect(formatFixed((12n * ONE) / 10n)).toBe('1.2')
    expect(formatFixed(ONE / 3n)).toBe('0.333333333333333333')
    expect(formatFixed(0n)).toBe('0')
  })
})
