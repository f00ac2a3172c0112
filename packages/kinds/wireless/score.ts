import { ONE, applyMultiplier } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { DeviceRecord, KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { type WirelessCarried, activityOf } from './carry.ts'
import { beaconerUnits, witnessUnits } from './hip15.ts'
import { HexDensityMap, type HexScale, describeScale } from './hip17.ts'
import { type LocationConfidence, linkConsistent, locationConfidence } from './locationConfidence.ts'
import { type Placement, placementAt } from './location.ts'
import type { WirelessParams } from './params.ts'
import type { Beacon, DataTransfer, Witness, WirelessPayload } from './payload.ts'
import { distanceM } from './physics.ts'
import { BASIS_POINTS, HELIUM_BEACON_SHARE_BPS } from './rules.ts'
import { CURRENT_WIRELESS_RULES, type WirelessRuleset } from './ruleset.ts'

/** The pools wireless shares go to. */
export const COVERAGE_POOL = 'coverage'
export const USAGE_POOL = 'usage'

type ScoredBeacon = { report: KindReport<WirelessPayload>; beacon: Beacon; placement: Placement; witnesses: ScoredWitness[] }
type ScoredWitness = { report: KindReport<WirelessPayload>; witness: Witness; placement: Placement }

type Tally = {
  beacons: number
  beaconsHeard: number
  witnessesOfBeacons: number
  witnesses: number
  selected: number
  unselected: number
  beaconUnits: bigint
  witnessUnits: bigint
  /** Σ beacon units × the scale that applied to them. */
  beaconScaled: bigint
  /** Σ witness units × the scale that applied to them (the beaconer's). */
  witnessScaled: bigint
  links: number
  consistent: number
  ownScale: HexScale | null
}

/**
 * Shares for the epoch's valid reports, ordered by device id, coverage before usage.
 *
 * Coverage (pool "coverage"), for every device with a valid beacon or witness:
 *  - per beacon, its valid witnesses sorted by received_at then report id; the first
 *    maxWitnessesPerBeacon are selected (HIP-83), n = how many;
 *  - HIP-15 units: the beaconer gets beaconerUnits(n), each selected witness witnessUnits(n);
 *  - base = Σ units (beacon and witness); under rules v2 each unit is valued by Helium's split of
 *    proof of coverage (beacons 6 %, witnesses 24 %): all beacon units share HELIUM_BEACON_SHARE_BPS
 *    of the pool and all witness units the rest, each by hex-scaled units, so base is the device's
 *    points of the pool's 10,000 before its scale (beacon units × beacon value + witness units ×
 *    witness value);
 *  - multiplier hexDensity: the units' weighted mean HIP-17 scale, where beacon units take the
 *    beaconer's own hex scale and witness units the beaconer's (as Helium);
 *  - multiplier locationConfidence: from the links of the device's own beacons (see
 *    locationConfidence.ts), applied to all its coverage units.
 * Usage (pool "usage"), for every device with a valid data transfer: base = bytes carried × ONE.
 */
export function scoreWireless(
  reports: readonly KindReport<WirelessPayload>[],
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
): Share[] {
  return sharesFromTallies(tallyWireless(reports, ctx, rules), ctx, rules)
}

/** What scoreWireless counted per device before any pool-wide value: one device's tally depends only on its own and its neighbours' reports. */
export type WirelessTallies = { readonly coverage: Map<Hex, Tally>; readonly usage: Map<Hex, Usage> }

/**
 * The per-device half of scoreWireless: units, scales and links counted from the valid reports.
 * Two sets of reports with no device in common (independent regions, regions.ts) give tallies that
 * merge by union into the tallies of both together.
 */
export function tallyWireless(
  reports: readonly KindReport<WirelessPayload>[],
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
): WirelessTallies {
  const { params, devices, epoch } = ctx
  const beacons = new Map<Hex, Map<Hex, ScoredBeacon>>() // beaconer → data → beacon
  const witnessReports: ScoredWitness[] = []
  const usage = new Map<Hex, Usage>()
  for (const report of reports) {
    const payload = report.payload
    if (payload.type === 'data_transfer') {
      addUsage(usage, report.deviceId, payload)
      continue
    }
    // verify and verifyEpoch already rejected these; a score never trusts its caller for money.
    if (report.timestampMs < epoch.startMs || report.timestampMs >= epoch.endMs) continue
    const device = devices.get(report.deviceId)
    if (device === undefined) continue
    const placement = placementAt(device, payload.type === 'beacon' ? payload.transmittedAtMs : payload.receivedAtMs)
    if (placement === null) continue
    if (payload.type === 'beacon') {
      let own = beacons.get(report.deviceId)
      if (own === undefined) beacons.set(report.deviceId, (own = new Map()))
      if (!own.has(payload.data)) own.set(payload.data, { report, beacon: payload, placement, witnesses: [] })
    } else {
      witnessReports.push({ report, witness: payload, placement })
    }
  }
  for (const entry of witnessReports) beacons.get(entry.witness.beaconerId)?.get(entry.witness.beaconData)?.witnesses.push(entry)
  const allBeacons: ScoredBeacon[] = []
  for (const own of beacons.values()) for (const beacon of own.values()) allBeacons.push(beacon)

  const density = new HexDensityMap(activeHotspots(allBeacons, devices, ctx, rules), params, rules.hexScaleDecimals)
  const units = new Map<number, { beaconer: bigint; witness: bigint }>()
  const unitsFor = (n: number) => {
    let u = units.get(n)
    if (u === undefined) units.set(n, (u = { beaconer: beaconerUnits(params, n), witness: witnessUnits(params, n) }))
    return u
  }
  const tallies = new Map<Hex, Tally>()
  const tally = (id: Hex) => {
    let t = tallies.get(id)
    if (t === undefined) {
      t = {
        beacons: 0,
        beaconsHeard: 0,
        witnessesOfBeacons: 0,
        witnesses: 0,
        selected: 0,
        unselected: 0,
        beaconUnits: 0n,
        witnessUnits: 0n,
        beaconScaled: 0n,
        witnessScaled: 0n,
        links: 0,
        consistent: 0,
        ownScale: null,
      }
      tallies.set(id, t)
    }
    return t
  }
  for (const entry of witnessReports) tally(entry.report.deviceId).witnesses++

  for (const { report, beacon, placement, witnesses } of allBeacons) {
    const beaconer = tally(report.deviceId)
    const scale = density.scaleOf(report.deviceId, placement.cell)
    beaconer.beacons++
    beaconer.ownScale = scale
    witnesses.sort((a, b) =>
      a.witness.receivedAtMs !== b.witness.receivedAtMs
        ? a.witness.receivedAtMs < b.witness.receivedAtMs
          ? -1
          : 1
        : a.report.reportId < b.report.reportId
          ? -1
          : a.report.reportId > b.report.reportId
            ? 1
            : 0,
    )
    const n = Math.min(witnesses.length, params.maxWitnessesPerBeacon)
    if (witnesses.length > 0) beaconer.beaconsHeard++
    beaconer.witnessesOfBeacons += witnesses.length
    const { beaconer: ownUnits, witness: perWitness } = unitsFor(n)
    beaconer.beaconUnits += ownUnits
    beaconer.beaconScaled += applyMultiplier(ownUnits, scale.scale)
    witnesses.forEach((entry, i) => {
      const witness = tally(entry.report.deviceId)
      if (i < n) {
        witness.selected++
        witness.witnessUnits += perWitness
        witness.witnessScaled += applyMultiplier(perWitness, scale.scale)
      } else {
        witness.unselected++
      }
      beaconer.links++
      const consistent = linkConsistent(
        {
          rssiDeciDbm: entry.witness.rssiDeciDbm,
          txPowerDeciDbm: beacon.txPowerDeciDbm,
          beaconerGainDeciDbi: placement.antennaGain,
          witnessGainDeciDbi: entry.placement.antennaGain,
          distanceM: distanceM(placement.cell, entry.placement.cell),
          frequencyHz: beacon.frequencyHz,
          datarate: beacon.datarate,
        },
        params,
      )
      if (consistent) beaconer.consistent++
    })
  }
  return { coverage: tallies, usage }
}

/**
 * The pool-wide half of scoreWireless: each unit's value from every tally (rules v2), then the shares,
 * ordered by device id, coverage before usage.
 */
export function sharesFromTallies(tallied: WirelessTallies, ctx: ScoreContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset = CURRENT_WIRELESS_RULES): Share[] {
  const { params, devices } = ctx
  const { coverage: tallies, usage } = tallied
  const values = rules.heliumBeaconWitnessSplit ? unitValues(tallies, devices) : null
  const shares: Share[] = []
  for (const deviceId of [...new Set([...tallies.keys(), ...usage.keys()])].sort()) {
    if (!devices.has(deviceId)) continue
    const t = tallies.get(deviceId)
    if (t !== undefined) shares.push(coverageShare(deviceId, t, params, values))
    const u = usage.get(deviceId)
    if (u !== undefined) {
      shares.push({
        deviceId,
        pool: USAGE_POOL,
        base: u.bytes * ONE,
        multipliers: [],
        weight: u.bytes * ONE,
        inputs: { bytes: u.bytes.toString(), packets: u.packets.toString(), sessions: u.sessions },
      })
    }
  }
  return shares
}

/** What one beacon unit and one witness unit are worth, in points of the coverage pool's 10,000 (fixed point). */
type UnitValues = { beacon: bigint; witness: bigint }

/**
 * Helium's split of proof of coverage: all beacon units share HELIUM_BEACON_SHARE_BPS of the pool and
 * all witness units the rest, each part by hex-scaled units. A unit's value is its part's points
 * over the part's scaled units, rounded toward zero; a part with no scaled units is worth nothing
 * (the pipeline then pays the pool to the other part's units, where Helium left it unallocated).
 */
function unitValues(tallies: ReadonlyMap<Hex, Tally>, devices: ReadonlyMap<Hex, DeviceRecord>): UnitValues {
  let beaconScaled = 0n
  let witnessScaled = 0n
  for (const [id, t] of tallies) {
    if (!devices.has(id)) continue
    beaconScaled += t.beaconScaled
    witnessScaled += t.witnessScaled
  }
  const value = (bps: number, scaled: bigint) => (scaled === 0n ? 0n : (BigInt(bps) * ONE * ONE) / scaled)
  return { beacon: value(HELIUM_BEACON_SHARE_BPS, beaconScaled), witness: value(BASIS_POINTS - HELIUM_BEACON_SHARE_BPS, witnessScaled) }
}

function coverageShare(deviceId: Hex, t: Tally, params: WirelessParams, values: UnitValues | null): Share {
  // Units, and the same units at their scales, each weighted by what a unit is worth (×ONE under v2).
  const valued = values === null ? t.beaconUnits + t.witnessUnits : t.beaconUnits * values.beacon + t.witnessUnits * values.witness
  const valuedScaled = values === null ? t.beaconScaled + t.witnessScaled : t.beaconScaled * values.beacon + t.witnessScaled * values.witness
  const base = values === null ? valued : valued / ONE
  const ownScale = t.ownScale
  const hexDensity = valued === 0n ? (ownScale?.scale ?? ONE) : (valuedScaled * ONE) / valued
  const confidence: LocationConfidence = locationConfidence(t.links, t.consistent, params)
  const multipliers: Multiplier[] = [
    {
      name: 'hexDensity',
      value: hexDensity,
      why:
        ownScale === null
          ? 'HIP-17 scale of the beaconers it witnessed (it sent no valid beacon), weighted by units.'
          : `HIP-17 scale, weighted by units: own hex ${formatFixed(ownScale.scale)} (${describeScale(ownScale)}) for beacon units, the beaconer's hex for witness units.`,
    },
    {
      name: 'locationConfidence',
      value: confidence.multiplier,
      why: `${confidence.consistent} of ${confidence.links} links of its beacons agree with its asserted location within ${params.locationConfidence.consistentSigmasTenths / 10}σ (above what reception needed); confidence ${confidence.confidenceBps} bps (prior ${params.locationConfidence.priorConsistent}/${params.locationConfidence.priorLinks}), ×0 at or below ${params.locationConfidence.lowBps} bps, ×1 from ${params.locationConfidence.highBps} bps.`,
    },
  ]
  let weight = base
  for (const multiplier of multipliers) weight = applyMultiplier(weight, multiplier.value)
  return {
    deviceId,
    pool: COVERAGE_POOL,
    base,
    multipliers,
    weight,
    inputs: {
      beacons: t.beacons,
      beaconsHeard: t.beaconsHeard,
      witnessesOfBeacons: t.witnessesOfBeacons,
      witnesses: t.witnesses,
      witnessesSelected: t.selected,
      witnessesUnselected: t.unselected,
      beaconUnits: formatFixed(t.beaconUnits),
      witnessUnits: formatFixed(t.witnessUnits),
      scaledUnits: formatFixed(t.beaconScaled + t.witnessScaled),
      ...(values === null
        ? {}
        : {
            beaconScaledUnits: formatFixed(t.beaconScaled),
            witnessScaledUnits: formatFixed(t.witnessScaled),
            beaconUnitValue: formatFixed(values.beacon),
            witnessUnitValue: formatFixed(values.witness),
          }),
      hexScale: ownScale === null ? 'none (no valid beacon)' : formatFixed(ownScale.scale),
      hexScaleClipping: ownScale === null ? 'none (no valid beacon)' : describeScale(ownScale),
      inDensityMap: ownScale?.inMap ?? false,
      locationLinks: confidence.links,
      locationConsistentLinks: confidence.consistent,
      locationConfidenceBps: confidence.confidenceBps,
    },
  }
}

type Usage = { bytes: bigint; packets: bigint; sessions: number }

function addUsage(usage: Map<Hex, Usage>, deviceId: Hex, transfer: DataTransfer): void {
  let u = usage.get(deviceId)
  if (u === undefined) usage.set(deviceId, (u = { bytes: 0n, packets: 0n, sessions: 0 }))
  u.bytes += transfer.bytes
  u.packets += transfer.packets
  u.sessions++
}

/**
 * The hotspots HIP-17 counts: a valid beacon this epoch, or one carried from within
 * hexDensityWindowMs before the epoch's end — under rules v2 only a beacon a valid witness heard
 * (Helium's last_beacon_reciprocity), so a hotspot nobody hears does not crowd its neighbours; each
 * at its asserted location as of the epoch's end.
 */
function activeHotspots(
  beacons: Iterable<ScoredBeacon>,
  devices: ReadonlyMap<Hex, DeviceRecord>,
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rules: WirelessRuleset,
): Map<Hex, bigint> {
  const { epoch, params, carried } = ctx
  const heardOnly = rules.densityNeedsWitnessedBeacon
  const ids = new Set<Hex>()
  for (const { report, witnesses } of beacons) if (!heardOnly || witnesses.length > 0) ids.add(report.deviceId)
  if (carried !== null) {
    for (const id of Object.keys(carried.devices) as Hex[]) {
      const activity = activityOf(carried, id)
      const last = heardOnly ? activity.lastBeaconWithWitnessMs : activity.lastBeaconMs
      if (last !== null && epoch.endMs - last <= params.hexDensityWindowMs) ids.add(id)
    }
  }
  const active = new Map<Hex, bigint>()
  for (const id of [...ids].sort()) {
    const device = devices.get(id)
    if (device === undefined || !device.active) continue
    const placement = placementAt(device, epoch.endMs - 1n)
    if (placement !== null) active.set(id, placement.cell)
  }
  return active
}

/** A fixed-point value as a decimal string, e.g. 1200000000000000000n → "1.2". */
export function formatFixed(value: bigint): string {
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = abs / ONE
  const fraction = (abs % ONE).toString().padStart(18, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`
}
