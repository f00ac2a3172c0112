import { describe, expect, it } from 'vitest'
import type { EpochWindow, SimulatedReport } from '../../src/kind.ts'
import { seededRandom } from '../../src/seededRandom.ts'
import type { WirelessParams } from '../params.ts'
import { type Beacon, type Witness, beaconData, decodeWirelessPayload, expectedChannel, expectedDatarate } from '../payload.ts'
import { demodulationFloorDeciDb, distanceM, expectedSnrDeciDb, freeSpaceRssiDeciDbm, noiseFloorDeciDbm } from '../physics.ts'
import { DAY, TOWN_WORLD, behaviours, devices, id, params, placements } from '../../../testkit/src/kinds/wirelessSimulate.ts'
import { cellAt, fromOrigin } from './geography.ts'
import { RELAY_MAX_M, RELAY_MIN_M, recoverGroups } from './groups.ts'
import { HARDWARE_MAX_TX_DECI_DBM, type LabelledReport, simulateWirelessLabelled, simulateWireless } from './simulate.ts'

const index = new Map(devices.map((d, i) => [d.deviceId, i]))
const run = (seed: number, fleet = devices, epoch = DAY, p: WirelessParams = params) => simulateWirelessLabelled({ epoch, devices: fleet, params: p, random: seededRandom(seed) })
const reports = run(3)
/** Reports as text lines: compared far faster than deep equality over thousands of byte arrays. */
const lines = (list: readonly (SimulatedReport & { truth?: string })[]) =>
  list.map((r) => `${r.deviceId} ${r.timestampMs} ${r.payloadType} ${Buffer.from(r.payload).toString('hex')} ${r.truth ?? ''}`)

type Decoded = LabelledReport & { i: number; beacon?: Beacon; witness?: Witness }
const decode = (list: LabelledReport[]): Decoded[] =>
  list.map((r) => {
    const payload = decodeWirelessPayload(r.payloadType, r.payload)
    const i = index.get(r.deviceId)!
    return payload.type === 'beacon' ? { ...r, i, beacon: payload } : payload.type === 'witness' ? { ...r, i, witness: payload } : { ...r, i }
  })
const decoded = decode(reports)
const beacons = decoded.filter((r) => r.beacon !== undefined)
const witnesses = decoded.filter((r) => r.witness !== undefined)
const beaconOf = (w: Witness) => beacons.find((b) => b.beacon!.data === w.beaconData)
const by = (behaviour: string) => witnesses.filter((r) => behaviours[r.i] === behaviour)
const groups = recoverGroups(devices.map((d) => ({ behaviour: d.behaviour, asserted: d.location, actual: d.actualLocation ?? null })))
const noise = noiseFloorDeciDbm(125_000, params.noiseFigureDeciDb)

describe('simulateWireless', () => {
  it('is deterministic given the random source', () => {
    expect(lines(run(3))).toEqual(lines(reports))
    const few = devices.slice(20, 32)
    expect(lines(run(4, few))).not.toEqual(lines(run(3, few)))
    expect(lines(simulateWireless({ epoch: DAY, devices: few, params, random: seededRandom(3) }))).toEqual(lines(run(3, few).map(({ truth: _, ...report }) => report)))
  })

  it('has every device beacon once per 6 h window, with the beacon the verifier rebuilds', () => {
    expect(beacons).toHaveLength(devices.length * 4)
    for (const { i, beacon, timestampMs } of beacons) {
      const b = beacon!
      expect(b.entropy).toBe(DAY.entropy)
      expect(b.data).toBe(beaconData(DAY.entropy, b.localEntropy, id(i)))
      expect(b.frequencyHz).toBe(expectedChannel(b.data, params))
      expect(b.datarate).toBe(expectedDatarate(b.data, params))
      expect(b.txPowerDeciDbm + placements[i]!.antennaGain).toBeLessThanOrEqual(params.maxEirpDeciDbm)
      expect(b.txPowerDeciDbm).toBeLessThanOrEqual(HARDWARE_MAX_TX_DECI_DBM)
      expect(timestampMs).toBe(b.transmittedAtMs)
    }
    for (let i = 0; i < devices.length; i++) {
      const windows = beacons.filter((b) => b.i === i).map((b) => (b.timestampMs - DAY.startMs) / params.beaconIntervalMs)
      expect(windows).toEqual([0n, 1n, 2n, 3n])
    }
  })

  it('has honest hotspots report what their radio heard: in time, above the floor, consistent SNR, never above free space', () => {
    const honest = by('honest')
    expect(honest.length).toBeGreaterThan(200)
    for (const { witness, truth, i } of honest) {
      const w = witness!
      expect(truth).toBe('honest')
      const beacon = beaconOf(w)!
      expect(beacon).toBeDefined()
      expect(behaviours[beacon.i]).not.toBe('witness-ring') // nobody hears a ring
      const lag = w.receivedAtMs - beacon.beacon!.transmittedAtMs
      expect(lag).toBeGreaterThan(-params.witnessClockToleranceMs)
      expect(lag).toBeLessThanOrEqual(params.maxWitnessLagMs)
      expect(w.frequencyHz).toBe(beacon.beacon!.frequencyHz)
      expect(w.snrDeciDb).toBeGreaterThanOrEqual(demodulationFloorDeciDb(w.datarate))
      expect(Math.abs(w.snrDeciDb - expectedSnrDeciDb(w.rssiDeciDbm, noise))).toBeLessThanOrEqual(params.snrToleranceDeciDb)
      const d = distanceM(placements[beacon.i]!.actual!, placements[i]!.actual!)
      expect(w.rssiDeciDbm).toBeLessThanOrEqual(
        freeSpaceRssiDeciDbm(beacon.beacon!.txPowerDeciDbm, placements[beacon.i]!.antennaGain + placements[i]!.antennaGain, d, w.frequencyHz),
      )
    }
  })

  it('has spoofers assert elsewhere, claiming only beacons their radio heard, with RSSI inside the free-space bound at the asserted distance', () => {
    const spoofers = devices.filter((d) => d.behaviour === 'gps-spoofer')
    for (const s of spoofers) expect(s.location).not.toBe(s.actualLocation)
    const claims = by('gps-spoofer')
    expect(claims.length).toBeGreaterThan(0)
    for (const { witness, truth, i } of claims) {
      expect(truth).toBe('fabricated')
      const beacon = beaconOf(witness!)!
      expect(behaviours[beacon.i]).not.toBe('witness-ring')
      const d = distanceM(placements[beacon.i]!.asserted!, placements[i]!.asserted!)
      expect(d).toBeLessThanOrEqual(params.maxWitnessDistanceM)
      expect(witness!.rssiDeciDbm).toBeLessThan(
        freeSpaceRssiDeciDbm(beacon.beacon!.txPowerDeciDbm, placements[beacon.i]!.antennaGain + placements[i]!.antennaGain, d, witness!.frequencyHz),
      )
      expect(witness!.snrDeciDb).toBeGreaterThanOrEqual(demodulationFloorDeciDb(witness!.datarate))
    }
    for (const b of beacons.filter((r) => behaviours[r.i] === 'gps-spoofer')) expect(b.truth).toBe('spoofed-beacon')
  })

  it('has sybils witness each other, and sound alike to every honest witness (one spot, one shadowing)', () => {
    const sybils = devices.flatMap((d, i) => (d.behaviour === 'sybil' ? [i] : []))
    for (const s of sybils) {
      const mates = sybils.filter((t) => t !== s && groups.sybil[t] === groups.sybil[s])
      const heard = new Set(
        by('sybil')
          .filter((r) => r.i === s)
          .map((r) => beaconOf(r.witness!)!.i),
      )
      for (const mate of mates) expect(heard.has(mate)).toBe(true)
    }
    // At one honest witness, in one window, two sybils of a group differ by fading and equipment only.
    let compared = 0
    for (const a of sybils) {
      for (const b of sybils) {
        if (a >= b || groups.sybil[a] !== groups.sybil[b]) continue
        const equipment = (i: number) => beacons.find((r) => r.i === i)!.beacon!.txPowerDeciDbm + placements[i]!.antennaGain
        for (const w of by('honest')) {
          const heardA = beaconOf(w.witness!)!
          if (heardA.i !== a) continue
          const window = (w.witness!.receivedAtMs - DAY.startMs) / params.beaconIntervalMs
          const other = by('honest').find((x) => x.i === w.i && beaconOf(x.witness!)!.i === b && (x.witness!.receivedAtMs - DAY.startMs) / params.beaconIntervalMs === window)
          if (other === undefined) continue
          const delta = w.witness!.rssiDeciDbm - equipment(a) - (other.witness!.rssiDeciDbm - equipment(b))
          expect(Math.abs(delta)).toBeLessThanOrEqual(140) // σ_f·√2 ≈ 2.8 dB; 5σ
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(5)
  })

  it('has rings witness only each other, and nobody hear them', () => {
    const ring = by('witness-ring')
    expect(ring.length).toBeGreaterThan(0)
    for (const { witness, truth, i } of ring) {
      expect(truth).toBe('no-radio')
      const beacon = beaconOf(witness!)!
      expect(behaviours[beacon.i]).toBe('witness-ring')
      expect(groups.ring[beacon.i]).toBe(groups.ring[i])
      expect(witness!.rssiDeciDbm).toBeLessThan(
        freeSpaceRssiDeciDbm(
          beacon.beacon!.txPowerDeciDbm,
          placements[beacon.i]!.antennaGain + placements[i]!.antennaGain,
          distanceM(placements[beacon.i]!.asserted!, placements[i]!.asserted!),
          witness!.frequencyHz,
        ),
      )
    }
    for (const w of witnesses) if (behaviours[w.i] !== 'witness-ring') expect(behaviours[beaconOf(w.witness!)?.i ?? 0]).not.toBe('witness-ring')
  })

  it('has replayers re-submit stale witness reports: of an earlier window, or of beacons from before the epoch', () => {
    const replays = by('beacon-replayer').filter((r) => r.truth === 'replayed')
    expect(replays.length).toBeGreaterThan(0)
    let earlierWindow = 0
    let beforeEpoch = 0
    for (const { witness } of replays) {
      const beacon = beaconOf(witness!)
      if (beacon === undefined) beforeEpoch++
      else {
        expect(witness!.receivedAtMs - beacon.beacon!.transmittedAtMs).toBeGreaterThan(params.maxWitnessLagMs)
        earlierWindow++
      }
    }
    expect(earlierWindow).toBeGreaterThan(0)
    expect(beforeEpoch).toBeGreaterThan(0)
    // …besides their honest reports.
    expect(by('beacon-replayer').some((r) => r.truth === 'honest')).toBe(true)
  })

  it('has relays witness their partner 30–90 km away: by radio when it reaches, else relayed over a reciprocal made-up path', () => {
    const ofPartner = by('relay').filter((r) => beaconOf(r.witness!)!.i === groups.relayPartner[r.i])
    expect(ofPartner.length).toBeGreaterThan(0)
    expect(ofPartner.length).toBeLessThanOrEqual(2 * 4)
    // Two relays 85 km apart with stock antennas: radio rarely reaches that far, so they relay, and
    // claim a beacon only when its datarate could demodulate the path they made up.
    const cells = [cellAt(fromOrigin(TOWN_WORLD, 0, 0)), cellAt(fromOrigin(TOWN_WORLD, 85, 0))]
    const pair = cells.map((cell, k) => ({ deviceId: id(100 + k), behaviour: 'relay', location: cell, antennaGain: 23 }))
    const d = distanceM(cells[0]!, cells[1]!)
    expect(d).toBeGreaterThanOrEqual(RELAY_MIN_M)
    expect(d).toBeLessThanOrEqual(RELAY_MAX_M)
    const pathGains: number[] = []
    for (let seed = 1; seed <= 6; seed++) {
      const far = run(seed, pair)
      const beaconsOf = new Map(
        far
          .filter((r) => r.payloadType === 'beacon')
          .map((r) => [(decodeWirelessPayload('beacon', r.payload) as Beacon).data, decodeWirelessPayload('beacon', r.payload) as Beacon]),
      )
      for (const r of far.filter((x) => x.payloadType === 'witness')) {
        const w = decodeWirelessPayload('witness', r.payload) as Witness
        const beacon = beaconsOf.get(w.beaconData)!
        expect(w.beaconerId).not.toBe(r.deviceId)
        expect(w.snrDeciDb).toBeGreaterThanOrEqual(demodulationFloorDeciDb(w.datarate))
        expect(Math.abs(w.snrDeciDb - expectedSnrDeciDb(w.rssiDeciDbm, noise))).toBeLessThanOrEqual(params.snrToleranceDeciDb)
        expect(w.rssiDeciDbm).toBeLessThan(freeSpaceRssiDeciDbm(beacon.txPowerDeciDbm, 46, d, w.frequencyHz))
        if (r.truth === 'relayed') pathGains.push(w.rssiDeciDbm - beacon.txPowerDeciDbm - 46)
      }
    }
    expect(pathGains.length).toBeGreaterThanOrEqual(6)
    // One made-up path for the pair, both ways: path gains agree to within fading.
    expect(Math.max(...pathGains) - Math.min(...pathGains)).toBeLessThanOrEqual(5 * 20 * 2)
  })

  it('runs devnet epochs: 60 s with 15 s beacon windows, everything inside the epoch', () => {
    const epoch: EpochWindow = { ...DAY, startMs: 1_767_225_600_000n, endMs: 1_767_225_660_000n }
    const devnet = { ...params, beaconIntervalMs: 15_000n }
    const list = decode(run(5, devices, epoch, devnet))
    expect(list.filter((r) => r.beacon !== undefined)).toHaveLength(devices.length * 4)
    for (const r of list) {
      if (r.truth === 'replayed') continue
      expect(r.timestampMs >= epoch.startMs && r.timestampMs < epoch.endMs).toBe(true)
    }
    expect(list.filter((r) => r.witness !== undefined && r.truth === 'honest').length).toBeGreaterThan(100)
  })

  it('gives honest hotspots the same reports when the adversaries turn honest (events are keyed, not drawn in turn)', () => {
    const honestFleet = devices.flatMap((d) =>
      d.behaviour === 'witness-ring' ? [] : [{ ...d, behaviour: 'honest', location: d.actualLocation ?? d.location, actualLocation: d.actualLocation ?? d.location }],
    )
    const counterfactual = run(3, honestFleet)
    const honestIds = new Set(devices.filter((d) => d.behaviour === 'honest').map((d) => d.deviceId))
    const mine = (list: LabelledReport[]) => list.filter((r) => honestIds.has(r.deviceId))
    expect(lines(mine(counterfactual))).toEqual(lines(mine(reports)))
  })

  it('stamps GPS times where radios have secure concentrators: honest links fly at the speed of light, relayed ones arrive milliseconds late', () => {
    const withConcentrators = { ...params, secureConcentrators: { deviceClasses: [1], timeOfFlightToleranceNs: 1_000 } }
    const list = decode(
      run(
        3,
        devices.map((d) => ({ ...d, deviceClass: 1 })),
        DAY,
        withConcentrators,
      ),
    )
    const sent = new Map(list.filter((r) => r.beacon !== undefined).map((r) => [r.beacon!.data, r]))
    // Rings have no radio and nothing to stamp; every other hotspot's beacons carry the time.
    expect(list.filter((r) => r.beacon !== undefined && behaviours[r.i] !== 'witness-ring').every((r) => r.beacon!.gpsTimeNs !== undefined)).toBe(true)
    const flights = (truth: string) =>
      list.flatMap((r) => {
        const beacon = r.witness === undefined || r.truth !== truth ? undefined : sent.get(r.witness.beaconData)
        if (beacon === undefined || r.witness!.gpsTimeNs === undefined || beacon.beacon!.gpsTimeNs === undefined) return []
        const flightNs = Number(r.witness!.gpsTimeNs - beacon.beacon!.gpsTimeNs)
        const actual = distanceM(placements[beacon.i]!.actual!, placements[r.i]!.actual!)
        return [{ flightNs, actual }]
      })
    const honest = flights('honest')
    expect(honest.length).toBeGreaterThan(100)
    for (const { flightNs, actual } of honest) expect(Math.abs(flightNs - (actual * 1e9) / 299_792_458)).toBeLessThan(200) // 10σ of GPS timing
    const relayed = flights('relayed')
    expect(relayed.length).toBeGreaterThan(0)
    for (const { flightNs } of relayed) expect(flightNs).toBeGreaterThanOrEqual(10_000_000)
    // Without the params naming a class, nobody stamps anything: the reports are byte for byte as before.
    expect(
      lines(
        run(
          3,
          devices.map((d) => ({ ...d, deviceClass: 1 })),
        ),
      ),
    ).toEqual(lines(reports))
  })

  it('refuses unknown behaviours', () => {
    expect(() => run(1, [{ deviceId: id(0), behaviour: 'replayer', location: null }])).toThrow('wireless has no behaviour "replayer"')
  })
})
