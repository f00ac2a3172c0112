import { type Hex, keccak256, toBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { compareReports } from '../src/compareReports.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'
import type { DeviceRecord, EpochWindow, KindReport } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { DEFAULT_WIRELESS_PARAMS, parseWirelessParams } from './params.ts'
import { type WirelessPayload, decodeWirelessPayload } from './payload.ts'
import { interactionDistanceM, scoreByRegion, verifyEpochByRegion, wirelessRegions } from './regions.ts'
import { scoreWireless } from './score.ts'
import { type World, placeWirelessFleet, simulateWireless } from './simulate/index.ts'
import { worldFor } from './simulate/geography.ts'
import { tileOrigin } from './simulate/tiles.ts'
import { verifyWireless } from './verify.ts'
import { judgeEpoch } from './verifyEpoch.ts'

const params = DEFAULT_WIRELESS_PARAMS
const START = 1_767_225_600_000n
const epoch: EpochWindow = { epoch: 1n, startMs: START, endMs: START + 86_400_000n, entropy: keccak256(toBytes('pinion/test/regions')) }
const BEHAVIOURS = [
  ...Array<string>(40).fill('honest'),
  ...Array<string>(4).fill('witness-ring'),
  ...Array<string>(3).fill('gps-spoofer'),
  ...Array<string>(3).fill('sybil'),
  'beacon-replayer',
]

/** A small fleet of towns around `origin`, simulated for the epoch: its device records and decoded reports. */
function fleet(name: string, origin: { lat: number; lng: number }) {
  const world: World = { ...worldFor(BEHAVIOURS.length), ...origin }
  const placements = placeWirelessFleet({ behaviours: BEHAVIOURS, params, random: seededRandom(name.length * 31 + 7) }, world)
  const records: DeviceRecord[] = placements.map((p, i) => {
    const deviceId = keccak256(toBytes(`pinion/test/regions/${name}/${i}`))
    return {
      deviceId,
      owner: '0x1000000000000000000000000000000000000001',
      recipient: '0x2000000000000000000000000000000000000002',
      deviceClass: 1,
      keyType: 'ed25519',
      publicKey: deviceId,
      location: p.asserted,
      locations: p.asserted === null ? [] : [{ cell: p.asserted, atMs: 0n, antennaGain: p.antennaGain, elevation: p.elevation }],
      active: true,
    }
  })
  const devices = records.map((r, i) => ({
    deviceId: r.deviceId,
    behaviour: BEHAVIOURS[i]!,
    location: r.location,
    actualLocation: placements[i]!.actual,
    antennaGain: placements[i]!.antennaGain,
  }))
  const reports = simulateWireless({ epoch, devices, params, random: seededRandom(name.length) }).map((r, i) => ({
    reportId: keccak256(toBytes(`${name}/${i}`)),
    deviceId: r.deviceId,
    sequence: BigInt(i + 1),
    timestampMs: r.timestampMs,
    payloadType: r.payloadType,
    payload: decodeWirelessPayload(r.payloadType, r.payload),
  }))
  return { records, reports }
}

describe('wireless regions', () => {
  // Tile 0 and a town 60 km east of it (one region: within a witness's reach), and tile 1, a lattice step away.
  const west = fleet('west', tileOrigin(0))
  const near = fleet('near-west', { lat: tileOrigin(0).lat, lng: tileOrigin(0).lng + 0.54 })
  const east = fleet('east', tileOrigin(1))
  const records = [...west.records, ...near.records, ...east.records]
  const devices = new Map(records.map((r) => [r.deviceId, r]))
  // A witness in the west claiming a beacon of the east: found only if its region borrows the beacon.
  const farBeacon = east.reports.find((r) => r.payload.type === 'beacon')!
  const someWitness = west.reports.find((r) => r.payload.type === 'witness' && BEHAVIOURS[west.records.findIndex((d) => d.deviceId === r.deviceId)] === 'honest')!
  const heard = farBeacon.payload as Extract<WirelessPayload, { type: 'beacon' }>
  const far: KindReport<WirelessPayload> = {
    ...someWitness,
    reportId: keccak256(toBytes('far witness')),
    sequence: 1_000_000n,
    timestampMs: heard.transmittedAtMs + 400n,
    payload: {
      ...(someWitness.payload as Extract<WirelessPayload, { type: 'witness' }>),
      beaconerId: farBeacon.deviceId,
      beaconData: heard.data,
      frequencyHz: heard.frequencyHz,
      datarate: heard.datarate,
      receivedAtMs: heard.transmittedAtMs + 400n,
    },
  }
  const reports = [...west.reports, ...near.reports, ...east.reports, far].sort(compareReports)
  const ctx = { epoch, devices, params, carried: null, inputs: NO_KIND_INPUTS }
  const passed: KindReport<WirelessPayload>[] = []
  const failed: KindReport<WirelessPayload>[] = []
  for (const report of reports) (verifyWireless(report, { ...ctx, device: devices.get(report.deviceId)! }).valid ? passed : failed).push(report)

  it('groups devices within reach into one region and keeps neighbouring tiles apart', () => {
    const regions = wirelessRegions(records, params)
    const big = regions.filter((region) => region.length > 1)
    expect(big.map((region) => region.length).sort((a, b) => a - b)).toEqual([BEHAVIOURS.length, 2 * BEHAVIOURS.length])
    const westIds = new Set<Hex>([...west.records, ...near.records].map((r) => r.deviceId))
    expect(big.find((region) => westIds.has(region[0]!))!.every((id) => westIds.has(id))).toBe(true)
    expect(interactionDistanceM(params)).toBe(100_000)
  })

  it('joins regions over a longer witness reach, and needs no HIP-17 halo without density rules', () => {
    const far = parseWirelessParams({ maxWitnessDistanceM: 1_000_000 })
    expect(
      wirelessRegions(records, far)
        .filter((region) => region.length > 1)
        .map((region) => region.length),
    ).toEqual([records.length])
    const flat = parseWirelessParams({ hexDensity: [] })
    expect(wirelessRegions(records, flat).filter((region) => region.length > 1).length).toBe(2)
    const unplaced = { ...records[0]!, deviceId: `0x${'00'.repeat(32)}` as Hex, location: null, locations: [] }
    expect(wirelessRegions([unplaced, ...records], params)[0]).toEqual([unplaced.deviceId])
  })

  it('judges every report as the whole epoch does, rings and the witness across regions included', () => {
    const whole = judgeEpoch(passed, ctx, failed).invalid
    const byRegion = verifyEpochByRegion(passed, ctx, failed)
    expect([...byRegion].sort()).toEqual([...whole].sort())
    expect(byRegion.get(far.reportId)).toBe('WITNESS_TOO_FAR')
    expect([...whole.values()]).toContain('WITNESS_RING')
  })

  it('scores bit for bit as the whole epoch does', () => {
    const invalid = judgeEpoch(passed, ctx, failed).invalid
    const valid = passed.filter((report) => !invalid.has(report.reportId))
    const whole = scoreWireless(valid, ctx)
    expect(whole.length).toBeGreaterThan(BEHAVIOURS.length)
    expect(scoreByRegion(valid, ctx)).toEqual(whole)
  })

  it('scores reports that link two regions (not valid ones) at once, as the whole epoch would', () => {
    const linked = [...passed.filter((r) => r.payload.type === 'beacon'), far].sort(compareReports)
    expect(scoreByRegion(linked, ctx)).toEqual(scoreWireless(linked, ctx))
    expect(scoreByRegion(linked, ctx).some((share) => share.deviceId === far.deviceId)).toBe(true)
  })
})
