import type { Hex } from 'viem'
import { compareReports } from '../src/compareReports.ts'
import type { DeviceRecord, KindReport, ScoreContext } from '../src/kind.ts'
import { type WirelessCarried, activityOf } from './carry.ts'
import { type Placement, placementAt } from './location.ts'
import { rssiAboveModel } from './locationConfidence.ts'
import { findMisplaced, linkOf } from './misplaced.ts'
import type { WirelessParams } from './params.ts'
import type { Beacon, DataTransfer, Witness, WirelessPayload } from './payload.ts'
import { REFERENCE_DISTANCE_M, closerThanCells, distanceM, freeSpaceRssiDeciDbm, pathLossDeciDb, sensitivityDeciDbm } from './physics.ts'
import type { WirelessReason } from './reasons.ts'
import { HELIUM_MIN_DISTANCE_RESOLUTION } from './rules.ts'
import { radioPlanAt } from './radioPlanAt.ts'
import { CURRENT_WIRELESS_RULES, type WirelessRuleset } from './ruleset.ts'
import { SpatialIndex, resolutionForRadius } from './spatial.ts'

/** A beacon that passed verify, as verifyEpoch tracks it. */
export type BeaconEntry = {
  readonly report: KindReport<WirelessPayload>
  readonly beacon: Beacon
  readonly device: DeviceRecord
  readonly placement: Placement
  /** Why it is invalid, once a rule finds it. */
  reason: WirelessReason | null
  /** The witnesses that passed every per-link check (before classifiers and reciprocity). */
  readonly links: WitnessEntry[]
  /**
   * The witnesses whose links are physically impossible at the asserted places: heard above free
   * space (RSSI_ABOVE_FREE_SPACE), or with a time of flight that does not fit (TIME_OF_FLIGHT_MISMATCH).
   * Evidence for MISPLACED_HOTSPOT.
   */
  readonly impossible: WitnessEntry[]
}

/** A witness that passed verify, as verifyEpoch tracks it. */
export type WitnessEntry = {
  readonly report: KindReport<WirelessPayload>
  readonly witness: Witness
  readonly device: DeviceRecord
  readonly placement: Placement
  reason: WirelessReason | null
  /** Its beacon, once found. */
  beacon: BeaconEntry | null
  /** Asserted distance to the beaconer, metres, once measured. */
  distanceM: number
  /** Its time of flight, from two secure concentrators, fits the asserted distance: a real radio link. */
  flightProven?: boolean
}

/** Everything verifyEpoch found, for tests and for score's explanations. */
export type EpochJudgement = {
  beacons: BeaconEntry[]
  witnesses: WitnessEntry[]
  /** Devices the classifiers rejected, with the reason. */
  flagged: Map<Hex, WirelessReason>
  invalid: Map<Hex, WirelessReason>
}

/**
 * The rules that need the whole epoch, over the reports that passed verify (in canonical order:
 * device, sequence, report id). Returns report id → reason for the ones it invalidates. Stages, each
 * over what the one before left valid:
 *
 *  1. data transfers: one claim per hotspot and router session (DUPLICATE_DATA_TRANSFER);
 *  2. beacons: one per beacon window, this epoch or carried (IRREGULAR_INTERVAL; under rules v2 a
 *     beacon verify rejected uses up its window too), distinct data (INVALID_BEACON);
 *  3. witnesses, per link: UNKNOWN_BEACON, DUPLICATE_WITNESS, WITNESS_TOO_LATE/EARLY,
 *     WRONG_REGION, FREQUENCY_MISMATCH, WITNESS_TOO_CLOSE/FAR, TIME_OF_FLIGHT_MISMATCH, RSSI_ABOVE_FREE_SPACE;
 *  4. classifiers over the links left, each without the devices the ones before rejected:
 *     WITNESS_RING, CO_LOCATED, ASYMMETRIC_HOTSPOT, MISPLACED_HOTSPOT; every beacon
 *     and witness of a rejected device is invalid, and witnesses of its beacons become
 *     UNKNOWN_BEACON; then ASYMMETRIC_LINK for the witness reports of the asymmetric pairs left,
 *     and RSSI_ABOVE_MODEL for links stronger than the model allows (after the classifiers, which
 *     need a spoofer's too-strong links as evidence);
 *  5. HIP-106 reciprocity, from the evidence stage 4 left (so it is acyclic): NO_RECIPROCITY_BEACONER,
 *     then NO_RECIPROCITY_WITNESS (and witnesses of a beacon that failed become UNKNOWN_BEACON).
 */
export function verifyWirelessEpoch(
  reports: readonly KindReport<WirelessPayload>[],
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rejectedByVerify: readonly KindReport<WirelessPayload>[] = [],
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
): ReadonlyMap<Hex, string> {
  return judgeEpoch(reports, ctx, rejectedByVerify, rules).invalid
}

export function judgeEpoch(
  reports: readonly KindReport<WirelessPayload>[],
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rejectedByVerify: readonly KindReport<WirelessPayload>[] = [],
  rules: WirelessRuleset = CURRENT_WIRELESS_RULES,
): EpochJudgement {
  const { params, devices, carried, epoch } = ctx
  const invalid = new Map<Hex, WirelessReason>()
  const beacons: BeaconEntry[] = []
  const witnesses: WitnessEntry[] = []
  const transfers: { report: KindReport<WirelessPayload>; transfer: DataTransfer }[] = []

  for (const report of reports) {
    const payload = report.payload
    if (payload.type === 'data_transfer') {
      transfers.push({ report, transfer: payload })
      continue
    }
    const device = devices.get(report.deviceId)
    const at = payload.type === 'beacon' ? payload.transmittedAtMs : payload.receivedAtMs
    const placement = device === undefined ? null : placementAt(device, at)
    if (device === undefined || placement === null) {
      invalid.set(report.reportId, 'LOCATION_NOT_ASSERTED') // verify already said so; never trust the caller
      continue
    }
    if (payload.type === 'beacon') beacons.push({ report, beacon: payload, device, placement, reason: null, links: [], impossible: [] })
    else witnesses.push({ report, witness: payload, device, placement, reason: null, beacon: null, distanceM: 0 })
  }

  // 1. One claim per router session.
  const sessions = new Set<string>()
  for (const { report, transfer } of transfers) {
    const key = `${report.deviceId}${transfer.routerPublicKey}${transfer.sessionId}`
    if (sessions.has(key)) invalid.set(report.reportId, 'DUPLICATE_DATA_TRANSFER')
    else sessions.add(key)
  }

  // 2. One beacon per window (the first in canonical order, i.e. the lowest sequence), distinct data.
  const windows = new Map<Hex, Set<bigint>>() // device → its beacon windows taken
  const takenBy = (id: Hex) => {
    let taken = windows.get(id)
    if (taken === undefined) windows.set(id, (taken = new Set()))
    return taken
  }
  // A failed beacon uses up its window for the valid ones after it (Helium's last_beacon), in
  // canonical order; one outside the epoch has no window here.
  const failed = rules.invalidBeaconsUseWindow
    ? rejectedByVerify.filter((report) => report.payload.type === 'beacon' && report.timestampMs >= epoch.startMs && report.timestampMs < epoch.endMs)
    : []
  let nextFailed = 0
  const byKey = new Map<Hex, Map<Hex, BeaconEntry>>() // beaconer → data → beacon
  for (const entry of beacons) {
    const { beacon, device } = entry
    for (; nextFailed < failed.length && compareReports(failed[nextFailed]!, entry.report) < 0; nextFailed++) {
      const report = failed[nextFailed]!
      takenBy(report.deviceId).add(report.timestampMs / params.beaconIntervalMs)
    }
    const window = beacon.transmittedAtMs / params.beaconIntervalMs
    const taken = takenBy(device.deviceId)
    const carriedBeacon = activityOf(carried, device.deviceId).lastBeaconMs
    if (taken.has(window) || (carriedBeacon !== null && carriedBeacon / params.beaconIntervalMs === window)) {
      entry.reason = 'IRREGULAR_INTERVAL'
      continue
    }
    taken.add(window)
    let own = byKey.get(device.deviceId)
    if (own === undefined) byKey.set(device.deviceId, (own = new Map()))
    if (own.has(beacon.data)) {
      entry.reason = 'INVALID_BEACON'
      continue
    }
    own.set(beacon.data, entry)
  }

  // 3. Per link.
  const seen = new Map<Hex, Set<BeaconEntry>>() // witness → the beacons it already reported
  for (const entry of witnesses) {
    const { witness } = entry
    const beaconEntry = byKey.get(witness.beaconerId)?.get(witness.beaconData)
    if (beaconEntry === undefined) {
      entry.reason = 'UNKNOWN_BEACON'
      continue
    }
    let reported = seen.get(entry.device.deviceId)
    if (reported === undefined) seen.set(entry.device.deviceId, (reported = new Set()))
    if (reported.has(beaconEntry)) {
      entry.reason = 'DUPLICATE_WITNESS'
      continue
    }
    reported.add(beaconEntry)
    entry.beacon = beaconEntry
    entry.reason = linkReason(entry, beaconEntry, params, rules)
    if (entry.reason === null) beaconEntry.links.push(entry)
    else if (entry.reason === 'RSSI_ABOVE_FREE_SPACE' || entry.reason === 'TIME_OF_FLIGHT_MISMATCH') beaconEntry.impossible.push(entry)
  }

  // 4. Classifiers.
  const flagged = new Map<Hex, WirelessReason>()
  for (const id of findRings(beacons, ctx, rules)) flagged.set(id, 'WITNESS_RING')
  for (const id of findCoLocated(beacons, flagged, ctx)) if (!flagged.has(id)) flagged.set(id, 'CO_LOCATED')
  const symmetry = pathGainSymmetry(beacons, flagged, params)
  for (const id of symmetry.hotspots) flagged.set(id, 'ASYMMETRIC_HOTSPOT')
  for (const id of findMisplaced(beacons, flagged, params)) flagged.set(id, 'MISPLACED_HOTSPOT')
  if (flagged.size > 0) {
    for (const entry of beacons) {
      const reason = flagged.get(entry.device.deviceId)
      if (entry.reason === null && reason !== undefined) entry.reason = reason
    }
  }
  for (const entry of witnesses) {
    if (entry.reason !== null) continue
    const reason = flagged.get(entry.device.deviceId)
    if (reason !== undefined) entry.reason = reason
    else if (entry.beacon!.reason !== null) entry.reason = 'UNKNOWN_BEACON'
    else if (symmetry.pairs.has(pairKey(entry.device.deviceId, entry.beacon!.device.deviceId))) entry.reason = 'ASYMMETRIC_LINK'
    else if (aboveModel(entry, params, rules)) entry.reason = 'RSSI_ABOVE_MODEL'
  }

  // 5. Reciprocity, from the evidence left after stage 4.
  const heardOthers = new Map<Hex, bigint[]>() // device → times of its witnesses that stand
  const wasHeard = new Map<Hex, bigint[]>() // device → times of its beacons that stand with ≥ 1 witness standing
  const push = (map: Map<Hex, bigint[]>, id: Hex, at: bigint) => {
    const list = map.get(id)
    if (list === undefined) map.set(id, [at])
    else list.push(at)
  }
  for (const entry of witnesses) if (entry.reason === null) push(heardOthers, entry.device.deviceId, entry.witness.receivedAtMs)
  for (const entry of beacons) {
    if (entry.reason === null && entry.links.some((link) => link.reason === null)) push(wasHeard, entry.device.deviceId, entry.beacon.transmittedAtMs)
  }
  const window = params.reciprocityWindowMs
  // Helium counts evidence strictly younger than the window (`<`); rules v1 counted the boundary.
  const within = rules.strictReciprocityWindow ? (t: bigint, at: bigint) => t <= at && at - t < window : (t: bigint, at: bigint) => t <= at && at - t <= window
  const evidenced = (times: bigint[] | undefined, carriedAt: bigint | null, at: bigint) => {
    if (carriedAt !== null && within(carriedAt, at)) return true
    if (times !== undefined) for (const t of times) if (within(t, at)) return true
    return false
  }
  for (const entry of beacons) {
    if (entry.reason !== null) continue
    const id = entry.device.deviceId
    if (!evidenced(heardOthers.get(id), activityOf(carried, id).lastWitnessMs, entry.beacon.transmittedAtMs)) entry.reason = 'NO_RECIPROCITY_BEACONER'
  }
  for (const entry of witnesses) {
    if (entry.reason !== null) continue
    const id = entry.device.deviceId
    if (entry.beacon!.reason !== null) entry.reason = 'UNKNOWN_BEACON'
    else if (!evidenced(wasHeard.get(id), activityOf(carried, id).lastBeaconWithWitnessMs, entry.witness.receivedAtMs)) entry.reason = 'NO_RECIPROCITY_WITNESS'
  }

  for (const entry of beacons) if (entry.reason !== null) invalid.set(entry.report.reportId, entry.reason)
  for (const entry of witnesses) if (entry.reason !== null) invalid.set(entry.report.reportId, entry.reason)
  return { beacons, witnesses, flagged, invalid }
}

/** The first per-link rule a witness of `beacon` breaks, or null. Measures the asserted distance. */
function linkReason(entry: WitnessEntry, beaconEntry: BeaconEntry, params: WirelessParams, rules: WirelessRuleset): WirelessReason | null {
  const { witness } = entry
  const { beacon } = beaconEntry
  const lag = witness.receivedAtMs - beacon.transmittedAtMs
  if (lag > params.maxWitnessLagMs) return 'WITNESS_TOO_LATE'
  if (lag < -params.witnessClockToleranceMs) return 'WITNESS_TOO_EARLY'
  const from = beaconEntry.placement.cell
  const to = entry.placement.cell
  if (rules.regionalPlans && params.regions !== undefined && radioPlanAt(params, from).region !== radioPlanAt(params, to).region) return 'WRONG_REGION'
  const delta = witness.frequencyHz - beacon.frequencyHz
  if (Math.abs(delta) > params.maxFrequencyDeltaHz || witness.datarate !== beacon.datarate) return 'FREQUENCY_MISMATCH'
  if (closerThanCells(from, to, HELIUM_MIN_DISTANCE_RESOLUTION, params.minWitnessGridDistance, rules.uncomputableGridIsTooClose)) return 'WITNESS_TOO_CLOSE'
  const distance = distanceM(from, to)
  entry.distanceM = distance
  if (tooFar(distance, params.maxWitnessDistanceM, rules)) return 'WITNESS_TOO_FAR'
  if (rules.secureConcentrators) {
    const flight = timeOfFlight(entry, beaconEntry, distance, params)
    if (flight === 'mismatch') return 'TIME_OF_FLIGHT_MISMATCH'
    if (flight === 'fits') entry.flightProven = true
  }
  const gains = beaconEntry.placement.antennaGain + entry.placement.antennaGain
  if (witness.rssiDeciDbm > freeSpaceRssiDeciDbm(beacon.txPowerDeciDbm, gains, distance, beacon.frequencyHz)) return 'RSSI_ABOVE_FREE_SPACE'
  return null
}

/**
 * Whether a witness `distance` metres from its beaconer is beyond `maxM`. Helium measures in whole
 * kilometres, the metres divided by 1,000 toward zero (`distance / 1000 > 100`: 100,999 m passes and
 * 101,000 m fails); rules v1 compared metres.
 */
export function tooFar(distance: number, maxM: number, rules: WirelessRuleset): boolean {
  return rules.tooFarInWholeKilometres ? distance - (distance % 1000) > maxM : distance > maxM
}

/**
 * Whether a witness that passed linkReason is stronger than the radio model allows at the asserted
 * distance (RSSI_ABOVE_MODEL). Judged after the classifiers: a spoofer's beacons heard too strong
 * from where its radio really is are the evidence ASYMMETRIC_HOTSPOT and MISPLACED_HOTSPOT need.
 */
function aboveModel(entry: WitnessEntry, params: WirelessParams, rules: WirelessRuleset): boolean {
  return entry.flightProven !== true && rssiAboveModel(linkOf(entry.beacon!, entry), params, rules.rssiJudgedGivenReception)
}

/** The speed of light, metres per nanosecond, as an exact ratio: 299,792,458 m/s. */
const METRES_PER_SECOND = 299_792_458n
const NS_PER_SECOND = 1_000_000_000n

/**
 * A link's time of flight against its asserted distance, when both radios are secure concentrators
 * (their device classes are params.secureConcentrators' and both reports carry GPS times):
 * |(witness − beacon) ns − distance ÷ c| ≤ timeOfFlightToleranceNs fits, else mismatches; null
 * when either side has no secure concentrator. Integers: the distance in metres × 10⁹ against the
 * time in ns × c.
 */
function timeOfFlight(entry: WitnessEntry, beaconEntry: BeaconEntry, distance: number, params: WirelessParams): 'fits' | 'mismatch' | null {
  const concentrators = params.secureConcentrators
  const [sent, heard] = [beaconEntry.beacon.gpsTimeNs, entry.witness.gpsTimeNs]
  if (concentrators === undefined || sent === undefined || heard === undefined) return null
  const classes = concentrators.deviceClasses
  if (!classes.includes(beaconEntry.device.deviceClass) || !classes.includes(entry.device.deviceClass)) return null
  const flightNs = heard - sent
  const tolerance = BigInt(concentrators.timeOfFlightToleranceNs)
  // |flight × c − distance × 10⁹| ≤ tolerance × c
  const gap = flightNs * METRES_PER_SECOND - BigInt(distance) * NS_PER_SECOND
  return (gap < 0n ? -gap : gap) <= tolerance * METRES_PER_SECOND ? 'fits' : 'mismatch'
}

// ── WITNESS_RING ──────────────────────────────────────────────────────────────────────────────────

/** The link budget of a beacon before path loss: how many tenths of dB of path loss it can lose and still be demodulated. */
function budgetDeciDb(beacon: Beacon, beaconerGain: number, params: WirelessParams): number {
  return beacon.txPowerDeciDbm + beaconerGain - sensitivityDeciDbm(beacon.datarate, params.noiseFigureDeciDb)
}

/** The distance at which the model's path loss reaches `lossDeciDb` (float, only to size a search). */
function rangeForLoss(lossDeciDb: number, frequencyHz: number, params: WirelessParams): number {
  const reference = pathLossDeciDb(REFERENCE_DISTANCE_M, frequencyHz, params.pathLossExponentTenths)
  return REFERENCE_DISTANCE_M * 10 ** ((lossDeciDb - reference) / (10 * params.pathLossExponentTenths))
}

/**
 * Φ(z), the standard normal CDF, in parts per million, for z = −4.0, −3.9, …, +4.0 (index z·10 + 40).
 * A fixed table, so the probability a link closes is an integer that never depends on a libm.
 */
const PHI_PPM: readonly number[] = [
  32, 48, 72, 108, 159, 233, 337, 483, 687, 968, 1350, 1866, 2555, 3467, 4661, 6210, 8198, 10724, 13903, 17864, 22750, 28717, 35930, 44565, 54799, 66807, 80757, 96800, 115070,
  135666, 158655, 184060, 211855, 241964, 274253, 308538, 344578, 382089, 420740, 460172, 500000, 539828, 579260, 617911, 655422, 691462, 725747, 758036, 788145, 815940, 841345,
  864334, 884930, 903200, 919243, 933193, 945201, 955435, 964070, 971283, 977250, 982136, 986097, 989276, 991802, 993790, 995339, 996533, 997445, 998134, 998650, 999032, 999313,
  999517, 999663, 999767, 999841, 999892, 999928, 999952, 999968,
]
/** Links whose model margin is below −4σ are not worth counting (Φ < 32 ppm). */
const PHI_MIN_SIGMAS = 4

/**
 * The probability, in ppm, that a link with `marginDeciDb` of margin over the demodulation floor
 * (model without shadowing) closes under log-normal shadowing of σ: Φ(margin / σ), z rounded to
 * tenths half away from zero, in integers.
 */
export function linkProbabilityPpm(marginDeciDb: number, sigmaDeciDb: number): number {
  const scaled = marginDeciDb * 10
  const z10 = scaled >= 0 ? Math.floor((2 * scaled + sigmaDeciDb) / (2 * sigmaDeciDb)) : -Math.floor((-2 * scaled + sigmaDeciDb) / (2 * sigmaDeciDb))
  return PHI_PPM[Math.max(0, Math.min(80, z10 + 40))]!
}

type Listener = { id: Hex; cell: bigint; gain: number }
type Transmitter = { id: Hex; cell: bigint; budgets: { budget: number; frequencyHz: number }[] }

/**
 * WITNESS_RING: groups that only their own members hear, while active listeners around them never do.
 *
 * The hearing graph has an edge v → g when v witnessed a beacon of g (a link that passed stage 3).
 * A device's group is everyone who hears it, everyone who hears those, and so on: the devices that
 * reach it in the graph. A group is closed: no device outside it heard any member (it would be in it).
 * For an honest hotspot among others, the group is the whole connected network. For a ring — radios
 * that do not exist, witness reports made up among themselves — the group is the ring.
 *
 * A closed group of at most ring.maxGroupSize devices is a ring when the active listeners outside it
 * (devices with a link as a witness this epoch) should have heard it: the expected number of them
 * hearing its members, Σ over member g and outside listener v of P(v hears g), is at least
 * ring.minExpectedHearersMilli / 1000. P(v hears g) = Φ(margin / σ), where the margin is what the
 * model without shadowing leaves above the demodulation floor for g's best beacon at their asserted
 * distance (both asserted gains). Observing none of them, where the model expects five, happens to an
 * honest group with probability at most e⁻⁵ ≈ 0.7 %; a ring's beacons never go on air, so it happens
 * every time. An isolated honest cluster has no listeners outside it within range (nothing to expect).
 * Only in-edges define a group: hearing someone is what a device cannot make up (it would need the
 * hearer's key), which is why a ring that also claims to hear outsiders stays closed.
 *
 * Groups are tested smallest first, and the members of a ring found stop counting as listeners for
 * later groups, so a ring's silence never makes the honest hotspots around it look unheard.
 */
function findRings(beacons: readonly BeaconEntry[], ctx: ScoreContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset): Hex[] {
  const { params, epoch, devices } = ctx
  const rule = params.ring
  // Nodes numbered by device id, so that nothing below depends on the order reports came in.
  const seen = new Set<Hex>()
  for (const entry of beacons) {
    if (entry.reason !== null) continue
    seen.add(entry.device.deviceId)
    for (const link of entry.links) seen.add(link.device.deviceId)
  }
  const ids = [...seen].sort()
  const indexOf = new Map<Hex, number>(ids.map((id, i) => [id, i]))
  const node = (id: Hex) => indexOf.get(id)!
  const transmitters = new Map<number, Transmitter>()
  const listeners = new Map<number, Listener>()
  const hearers: Set<number>[] = [] // g → the v that heard g
  for (const entry of beacons) {
    if (entry.reason !== null) continue
    const g = node(entry.device.deviceId)
    let transmitter = transmitters.get(g)
    if (transmitter === undefined) transmitters.set(g, (transmitter = { id: entry.device.deviceId, cell: entry.placement.cell, budgets: [] }))
    transmitter.cell = entry.placement.cell
    transmitter.budgets.push({ budget: budgetDeciDb(entry.beacon, entry.placement.antennaGain, params), frequencyHz: entry.beacon.frequencyHz })
    for (const link of entry.links) {
      const v = node(link.device.deviceId)
      ;(hearers[g] ??= new Set()).add(v)
      if (!listeners.has(v)) {
        const placement = placementAt(devices.get(link.device.deviceId)!, epoch.endMs - 1n) ?? link.placement
        listeners.set(v, { id: link.device.deviceId, cell: placement.cell, gain: placement.antennaGain })
      }
    }
  }
  if (transmitters.size === 0 || listeners.size === 0) return []

  // Groups: ancestors in the hearing graph, through its strongly connected components.
  const components = stronglyConnected(ids.length, (g) => hearers[g] ?? EMPTY)
  const groups = closedGroups(components, (g) => hearers[g] ?? EMPTY, rule.maxGroupSize)

  let maxListenerGain = Number.NEGATIVE_INFINITY
  for (const listener of listeners.values()) maxListenerGain = Math.max(maxListenerGain, listener.gain)
  let radius = 0
  for (const transmitter of transmitters.values()) {
    for (const { budget, frequencyHz } of transmitter.budgets) {
      radius = Math.max(radius, rangeForLoss(budget + maxListenerGain + PHI_MIN_SIGMAS * params.shadowingSigmaDeciDb, frequencyHz, params))
    }
  }
  radius = Math.min(Math.ceil(radius * 1.01) + 1, params.maxWitnessDistanceM)
  const index = new SpatialIndex<number>(resolutionForRadius(radius))
  for (const [v, listener] of listeners) index.add(listener.cell, v)

  // What each transmitter's beacons should reach: listener → P(hears) in ppm, computed once. A
  // listener in another LoRa region listens on other channels and is never expected to hear.
  const otherRegions = rules.regionalPlans && params.regions !== undefined
  const reach = new Map<number, { v: number; ppm: number }[]>()
  const reachOf = (g: number, transmitter: Transmitter) => {
    let list = reach.get(g)
    if (list !== undefined) return list
    list = []
    for (const { item: v, distanceM: d } of index.within(transmitter.cell, radius)) {
      if (v === g) continue
      const listener = listeners.get(v)!
      if (closerThanCells(transmitter.cell, listener.cell, HELIUM_MIN_DISTANCE_RESOLUTION, params.minWitnessGridDistance, rules.uncomputableGridIsTooClose)) continue // never a valid witness
      if (otherRegions && radioPlanAt(params, transmitter.cell).region !== radioPlanAt(params, listener.cell).region) continue // tuned elsewhere
      let best = Number.NEGATIVE_INFINITY
      for (const { budget, frequencyHz } of transmitter.budgets) {
        best = Math.max(best, budget + listener.gain - pathLossDeciDb(d, frequencyHz, params.pathLossExponentTenths))
      }
      const ppm = linkProbabilityPpm(best, params.shadowingSigmaDeciDb)
      if (ppm > PHI_PPM[0]!) list.push({ v, ppm })
    }
    reach.set(g, list)
    return list
  }
  const threshold = rule.minExpectedHearersMilli * 1_000
  const flagged = new Set<number>()
  for (const group of groups) {
    const members = new Set(group)
    let expectedPpm = 0
    for (const g of group) {
      const transmitter = transmitters.get(g)
      if (transmitter === undefined) continue // never beaconed: nothing to hear
      for (const { v, ppm } of reachOf(g, transmitter)) if (!members.has(v) && !flagged.has(v)) expectedPpm += ppm
      if (expectedPpm >= threshold) break
    }
    if (expectedPpm >= threshold) for (const g of group) flagged.add(g)
  }
  return [...flagged].map((i) => ids[i]!).sort()
}

const EMPTY: ReadonlySet<number> = new Set()

/**
 * Tarjan's strongly connected components of a graph of `n` nodes, iteratively (no recursion depth
 * limit). Components come out in reverse topological order of the condensation; each lists its nodes
 * ascending.
 */
export function stronglyConnected(n: number, next: (node: number) => Iterable<number>): number[][] {
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack: number[] = []
  const components: number[][] = []
  let counter = 0
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue
    const work: { node: number; edges: Iterator<number> }[] = [{ node: root, edges: next(root)[Symbol.iterator]() }]
    index[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const frame = work[work.length - 1]!
      const step = frame.edges.next()
      if (!step.done) {
        const to = step.value
        if (index[to] === -1) {
          index[to] = low[to] = counter++
          stack.push(to)
          onStack[to] = 1
          work.push({ node: to, edges: next(to)[Symbol.iterator]() })
        } else if (onStack[to] === 1) {
          low[frame.node] = Math.min(low[frame.node]!, index[to]!)
        }
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node
        low[parent] = Math.min(low[parent]!, low[frame.node]!)
      }
      if (low[frame.node] === index[frame.node]) {
        const component: number[] = []
        for (;;) {
          const member = stack.pop()!
          onStack[member] = 0
          component.push(member)
          if (member === frame.node) break
        }
        components.push(component.sort((a, b) => a - b))
      }
    }
  }
  return components
}

/**
 * The closed groups (a component and everything that reaches it) of at most `maxSize` nodes, where
 * an edge g → v means v heard g, so a group gathers hearers. Smallest first, ties by lowest node.
 */
function closedGroups(components: number[][], hearersOf: (node: number) => Iterable<number>, maxSize: number): number[][] {
  const componentOf = new Int32Array(components.reduce((sum, c) => sum + c.length, 0))
  components.forEach((component, c) => {
    for (const member of component) componentOf[member] = c
  })
  // Tarjan emits a component only after every component reachable from it (its hearers, theirs…),
  // so one pass in emission order sees each hearer component's group before it is needed.
  const groupOf: (Set<number> | null)[] = new Array(components.length).fill(null) // null: too big
  const groups: number[][] = []
  components.forEach((component, c) => {
    let group: Set<number> | null = new Set(component)
    for (const member of component) {
      for (const hearer of hearersOf(member)) {
        const h = componentOf[hearer]!
        if (h === c) continue
        const upstream = groupOf[h]
        if (upstream === null || upstream === undefined || group === null) {
          group = null
          break
        }
        for (const node of upstream) group.add(node)
      }
      if (group === null || group.size > maxSize) {
        group = null
        break
      }
    }
    groupOf[c] = group
    if (group !== null) groups.push([...group].sort((a, b) => a - b))
  })
  const unique = new Map<string, number[]>()
  for (const group of groups) unique.set(group.join(','), group)
  return [...unique.values()].sort((a, b) => a.length - b.length || a[0]! - b[0]!)
}

// ── ASYMMETRIC_HOTSPOT, ASYMMETRIC_LINK ──────────────────────────────────────────────────────────

const pairKey = (a: Hex, b: Hex) => (a < b ? `${a}${b}` : `${b}${a}`)

/**
 * How far two directions' mean path gains may differ, tenths of dB: maxPathGainDeltaDeciDb, or
 * three standard deviations of fast fading on the difference of two means of `a` and `b` packets
 * (3·σ_f·√(1/a + 1/b)) when that is wider — one packet each way is noisier than four. Rounded up to
 * an integer before any comparison.
 */
export function pairTolerance(a: number, b: number, rule: WirelessParams['symmetry']): number {
  return Math.max(rule.maxPathGainDeltaDeciDb, Math.ceil(3 * rule.fadingSigmaDeciDb * Math.sqrt(1 / a + 1 / b)))
}

/**
 * Radio paths are reciprocal: the loss from a to b is the loss from b to a (same places, same band,
 * same antennas), so when two hotspots hear each other their path gains — RSSI − conducted power −
 * both asserted antenna gains, averaged over the beacons heard in each direction — agree to within
 * fast fading (σ ≈ 2 dB a packet). A hotspot that makes up what it hears cannot know the path the
 * other direction measured (the other hotspot's reports are not public until the epoch is over), so
 * its made-up direction misses by the shadowing it had to guess (σ 8 dB): a GPS spoofer claiming
 * what it would hear at its asserted spot, a relay inventing a far link.
 *
 * A pair is asymmetric when its two mean path gains differ by more than pairTolerance (6 dB, wider
 * for pairs heard only once or twice a way). A hotspot with at least symmetry.minTwoWayLinks
 * two-way links, of which at least symmetry.minAsymmetricLinks and symmetry.minAsymmetricBps are
 * asymmetric, is an ASYMMETRIC_HOTSPOT (its reports are all rejected). The worst is judged first and
 * its pairs stop counting for its partners, so an honest hotspot next to several liars is not judged
 * by their lies. The witness reports, both ways,
 * of the asymmetric pairs left are ASYMMETRIC_LINK: one side made its direction up, and nobody can
 * tell which.
 */
function pathGainSymmetry(beacons: readonly BeaconEntry[], alreadyFlagged: ReadonlyMap<Hex, WirelessReason>, params: WirelessParams): { hotspots: Hex[]; pairs: Set<string> } {
  const rule = params.symmetry
  const directed = new Map<Hex, Map<Hex, { sum: number; count: number }>>() // beaconer → witness → path gains
  for (const entry of beacons) {
    const g = entry.device.deviceId
    if (entry.reason !== null || alreadyFlagged.has(g)) continue
    let heardBy = directed.get(g)
    if (heardBy === undefined) directed.set(g, (heardBy = new Map()))
    for (const link of entry.links) {
      const v = link.device.deviceId
      if (link.reason !== null || alreadyFlagged.has(v)) continue
      const gain = link.witness.rssiDeciDbm - entry.beacon.txPowerDeciDbm - entry.placement.antennaGain - link.placement.antennaGain
      const sample = heardBy.get(v)
      if (sample === undefined) heardBy.set(v, { sum: gain, count: 1 })
      else {
        sample.sum += gain
        sample.count++
      }
    }
  }
  // Two-way pairs, in a fixed order (by the pair's ids), and each device's.
  type Pair = { a: Hex; b: Hex; asymmetric: boolean }
  const pairs: Pair[] = []
  for (const [a, heardBy] of directed) {
    for (const [b, ab] of heardBy) {
      if (a > b) continue
      const ba = directed.get(b)?.get(a)
      if (ba === undefined) continue
      const asymmetric = Math.abs(ab.sum * ba.count - ba.sum * ab.count) > pairTolerance(ab.count, ba.count, rule) * ab.count * ba.count
      pairs.push({ a, b, asymmetric })
    }
  }
  pairs.sort((x, y) => (x.a !== y.a ? (x.a < y.a ? -1 : 1) : x.b < y.b ? -1 : x.b > y.b ? 1 : 0))
  const pairsOf = new Map<Hex, Pair[]>()
  for (const pair of pairs) {
    for (const id of [pair.a, pair.b]) {
      const list = pairsOf.get(id)
      if (list === undefined) pairsOf.set(id, [pair])
      else list.push(pair)
    }
  }
  // Peel the worst first: the hotspot with the largest share of asymmetric two-way links (then the
  // most of them, then the lowest id) is judged, its pairs stop counting for its partners, repeat.
  // An honest hotspot surrounded by liars keeps its standing once they are gone.
  const tally = new Map<Hex, { twoWay: number; asymmetric: number }>()
  for (const [id, list] of pairsOf) tally.set(id, { twoWay: list.length, asymmetric: list.filter((pair) => pair.asymmetric).length })
  const worse = (x: Hex, y: Hex) => {
    const a = tally.get(x)!
    const b = tally.get(y)!
    const cross = a.asymmetric * b.twoWay - b.asymmetric * a.twoWay
    if (cross !== 0) return cross > 0
    if (a.asymmetric !== b.asymmetric) return a.asymmetric > b.asymmetric
    return x < y
  }
  const qualifies = (id: Hex) => {
    const t = tally.get(id)!
    return t.twoWay >= rule.minTwoWayLinks && t.asymmetric >= rule.minAsymmetricLinks && t.asymmetric * 10_000 >= rule.minAsymmetricBps * t.twoWay
  }
  const hotspots = new Set<Hex>()
  const heap = new Heap<Hex>(worse)
  for (const id of pairsOf.keys()) if (qualifies(id)) heap.push(id)
  while (heap.size > 0) {
    const id = heap.pop()!
    if (hotspots.has(id) || !qualifies(id)) continue
    // A stale entry (its tally changed since it was pushed) goes back in with its current standing.
    if (heap.size > 0 && worse(heap.peek()!, id)) {
      heap.push(id)
      continue
    }
    hotspots.add(id)
    for (const pair of pairsOf.get(id)!) {
      const partner = pair.a === id ? pair.b : pair.a
      if (hotspots.has(partner)) continue
      const t = tally.get(partner)!
      t.twoWay--
      if (pair.asymmetric) t.asymmetric--
      if (qualifies(partner)) heap.push(partner)
    }
  }
  const asymmetricPairs = new Set<string>()
  for (const pair of pairs) if (pair.asymmetric && !hotspots.has(pair.a) && !hotspots.has(pair.b)) asymmetricPairs.add(pairKey(pair.a, pair.b))
  return { hotspots: [...hotspots].sort(), pairs: asymmetricPairs }
}

/** a / b rounded to the nearest integer, halves away from zero, for integers (b > 0). */
function roundDivide(a: number, b: number): number {
  return a >= 0 ? Math.floor((2 * a + b) / (2 * b)) : -Math.floor((-2 * a + b) / (2 * b))
}

// ── CO_LOCATED ────────────────────────────────────────────────────────────────────────────────────

/**
 * CO_LOCATED: hotspots asserted apart whose beacons look the same to the same witnesses.
 *
 * A hotspot's fingerprint at a witness is the mean path gain of its beacons there: RSSI − conducted
 * power − asserted beaconer gain, averaged over its beacons the witness heard. Radios in one spot
 * share the path to every witness (and its shadowing), so their fingerprints agree to within fast
 * fading; radios even a few hundred metres apart have independent shadowing (σ 8 dB each, so their
 * difference has σ ≈ 11 dB) and agree within ε = 3 dB at only about one witness in five. Two
 * hotspots asserted between minAssertedDistanceM and maxAssertedDistanceM apart, with at least
 * minCommonWitnesses common witnesses of which at least minAgreeingBps agree within ε, and whose
 * differences (each rounded to a tenth of a dB) have a root mean square of at most maxRmsDeltaDeciDb
 * (so two chance outliers among ten cannot hide a real difference), are co-located; every member of such a pair is rejected (none asserts where the radio really is,
 * and rejecting all makes splitting one radio site into several hotspots strictly unprofitable).
 */
function findCoLocated(beacons: readonly BeaconEntry[], alreadyFlagged: ReadonlyMap<Hex, WirelessReason>, ctx: ScoreContext<WirelessParams, WirelessCarried>): Hex[] {
  const { params } = ctx
  const rule = params.coLocated
  type Fingerprint = { id: Hex; cell: bigint; gains: Map<Hex, { sum: number; count: number }> }
  const prints = new Map<Hex, Fingerprint>()
  for (const entry of beacons) {
    const id = entry.device.deviceId
    // A hotspot already judged for its own reports still has a real radio whose beacons honest
    // witnesses measured: it can give its co-located partners away. Rings have no radio.
    if (entry.reason !== null || alreadyFlagged.get(id) === 'WITNESS_RING') continue
    let print = prints.get(id)
    if (print === undefined) prints.set(id, (print = { id, cell: entry.placement.cell, gains: new Map() }))
    print.cell = entry.placement.cell // the latest placement
    for (const link of entry.links) {
      const witness = link.device.deviceId
      if (alreadyFlagged.has(witness)) continue
      const gain = link.witness.rssiDeciDbm - entry.beacon.txPowerDeciDbm - entry.placement.antennaGain
      const sample = print.gains.get(witness)
      if (sample === undefined) print.gains.set(witness, { sum: gain, count: 1 })
      else {
        sample.sum += gain
        sample.count++
      }
    }
  }
  const eligible = [...prints.values()].filter((print) => print.gains.size >= rule.minCommonWitnesses)
  if (eligible.length < 2) return []
  const index = new SpatialIndex<Fingerprint>(resolutionForRadius(rule.maxAssertedDistanceM))
  for (const print of eligible) index.add(print.cell, print)
  const flagged = new Set<Hex>()
  for (const a of eligible) {
    for (const { item: b, distanceM: d } of index.within(a.cell, rule.maxAssertedDistanceM)) {
      if (b.id <= a.id || d < rule.minAssertedDistanceM) continue
      const [small, large] = a.gains.size <= b.gains.size ? [a, b] : [b, a]
      let common = 0
      let agreeing = 0
      let squares = 0
      for (const [witness, x] of small.gains) {
        const y = large.gains.get(witness)
        if (y === undefined) continue
        common++
        // |x.sum/x.count − y.sum/y.count| ≤ ε, in integers.
        const scaled = x.sum * y.count - y.sum * x.count
        const denominator = x.count * y.count
        if (Math.abs(scaled) <= rule.maxRssiDeltaDeciDb * denominator) agreeing++
        const delta = roundDivide(scaled, denominator)
        squares += delta * delta
      }
      if (common >= rule.minCommonWitnesses && agreeing * 10_000 >= rule.minAgreeingBps * common && squares <= rule.maxRmsDeltaDeciDb * rule.maxRmsDeltaDeciDb * common) {
        if (!alreadyFlagged.has(a.id)) flagged.add(a.id)
        if (!alreadyFlagged.has(b.id)) flagged.add(b.id)
      }
    }
  }
  return [...flagged].sort()
}

/** A binary heap: `before(a, b)` when a comes out first. */
class Heap<item> {
  private readonly items: item[] = []
  constructor(private readonly before: (a: item, b: item) => boolean) {}
  get size(): number {
    return this.items.length
  }
  peek(): item | undefined {
    return this.items[0]
  }
  push(value: item): void {
    const items = this.items
    items.push(value)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(items[i]!, items[parent]!)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }
  pop(): item | undefined {
    const items = this.items
    if (items.length === 0) return undefined
    const top = items[0]
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let best = i
        if (l < items.length && this.before(items[l]!, items[best]!)) best = l
        if (r < items.length && this.before(items[r]!, items[best]!)) best = r
        if (best === i) break
        ;[items[i], items[best]] = [items[best]!, items[i]!]
        i = best
      }
    }
    return top
  }
}
