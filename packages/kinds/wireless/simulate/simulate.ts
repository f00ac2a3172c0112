import { PinionError } from '@pinion/protocol'
import { type Hex, bytesToHex, keccak256, toBytes } from 'viem'
import type { SimulateInput, SimulatedDevice, SimulatedReport } from '../../src/kind.ts'
import type { WirelessParams } from '../params.ts'
import { radioPlanAt } from '../radioPlanAt.ts'
import type { RadioPlan } from '../regionPlans.ts'
import { BEACON_PAYLOAD_TYPE, WITNESS_PAYLOAD_TYPE, type Witness, beaconData, encodeBeacon, encodeWitness, expectedChannel, expectedDatarate } from '../payload.ts'
import {
  LORA_SNR_MAX_DECI_DB,
  LORA_SNR_MIN_DECI_DB,
  SPEED_OF_LIGHT_MPS,
  demodulationFloorDeciDb,
  distanceM,
  freeSpaceRssiDeciDbm,
  gridDistanceAt,
  noiseFloorDeciDbm,
  parseDatarate,
  pathLossDeciDb,
  predictedRssiDeciDbm,
  sensitivityDeciDbm,
  toInteger,
} from '../physics.ts'
import { HELIUM_MIN_DISTANCE_RESOLUTION } from '../rules.ts'
import { type ReportTruth, WIRELESS_BEHAVIOURS, type WirelessBehaviour, isWirelessBehaviour } from './behaviours.ts'
import { fastFadingDeciDb, pairNormal, shadowingCell } from './channel.ts'
import { recoverGroups } from './groups.ts'
import { STREAM, deviceWord, gaussian, streamOf } from './streams.ts'
import { simulateUsage } from './usage.ts'

/** A simulated report with what it really is (ground truth for benchmarks and tests). */
export type LabelledReport = SimulatedReport & { truth: ReportTruth }

/**
 * Conducted power simulated hotspots transmit at: the region's maximum EIRP minus the asserted
 * antenna gain (as Helium's beacons), but never above 27 dBm, what SX130x reference designs'
 * amplifiers deliver.
 */
export const HARDWARE_MAX_TX_DECI_DBM = 270
/** Antenna gain of a simulated device that asserts none, tenths of dBi. */
const DEFAULT_ANTENNA_GAIN_DECI_DBI = 30
/** σ of each device's clock offset (NTP/GPS-disciplined hotspots), ms. */
const CLOCK_OFFSET_SIGMA_MS = 15
/** Per-packet timestamping jitter, ms (uniform ±). */
const TIMESTAMP_JITTER_MS = 5
/** σ of a radio's SNR estimate around RSSI − noise floor, tenths of dB. */
const SNR_ESTIMATE_SIGMA_DECI_DB = 5
/** Beacon payload on air: the 32-byte data. */
const BEACON_PAYLOAD_BYTES = 32
/** Beacons are not sent in the last stretch of a window (≤ 5 s, ≤ a quarter of it) so witnesses land inside it. */
const WINDOW_END_GUARD_MS = 5_000
/** Made-up RSSI stays this far under the free-space bound, tenths of dB (attackers know Helium's bad_rssi rule). */
const FABRICATED_FREE_SPACE_MARGIN_DECI_DB = 10
/** …and a careful spoofer claims a beacon only this far over its demodulation floor; a colluder insisting on a link fakes a path this far over the plan's most sensitive one (tenths of dB). */
const FABRICATED_FLOOR_MARGIN_DECI_DB = 10
/** A simulation that would produce more reports than this is a mistake in its parameters. */
const MAX_SIMULATED_REPORTS = 5_000_000
/** A GPS-disciplined timestamp's error, σ 20 ns (u-blox timing receivers quote 5–20 ns). */
const GPS_TIMING_SIGMA_NS = 20

type Node = {
  deviceId: Hex
  word: number
  behaviour: WirelessBehaviour
  asserted: bigint | null
  /** Where its radio is; null: no radio (rings, unplaced devices). */
  actual: bigint | null
  actual10: bigint | null
  gain: number
  /** The radio plan of its asserted place (its region's, or the network's). */
  plan: RadioPlan
  /** Its radio has a secure concentrator (params.secureConcentrators): it reports GPS times of what its radio sends and hears. */
  concentrator: boolean
  txPower: number
  clockOffsetMs: number
}

type Beacon = {
  node: number
  window: number
  transmittedAtMs: bigint
  data: Hex
  frequencyHz: number
  datarate: string
  floor: number
  noise: number
  airtimeMs: number
  txPowerDeciDbm: number
  /** When its preamble went on air, GPS unix ns (reported only by a secure concentrator). */
  txNs: bigint
}

/** A beacon heard over the air: the measurement the receiver's radio made. */
type Reception = { beacon: Beacon; receiver: number; rssi: number; snr: number }

/**
 * Reports for each device by its behaviour (behaviours.ts) — beacons, witnesses, and data transfers
 * for the traffic its radio carries (usage.ts) — sorted by time. Deterministic given `random`.
 */
export function simulateWireless(input: SimulateInput<WirelessParams>): SimulatedReport[] {
  return simulateWirelessLabelled(input).map(({ deviceId, timestampMs, payloadType, payload }) => ({ deviceId, timestampMs, payloadType, payload }))
}

/**
 * simulateWireless with each report's ground truth. The one draw from `random` is the epoch's world
 * seed; every event is keyed from it (streams.ts), so that the same seed gives the same physical
 * events to every device whatever the others do — and a benchmark can run the same epoch with the
 * adversaries honest and compare, event for event.
 */
export function simulateWirelessLabelled(input: SimulateInput<WirelessParams>): LabelledReport[] {
  const { epoch, params } = input
  const worldSeed = Math.floor(input.random() * 0x1_0000_0000)
  const nodes = input.devices.map((device) => nodeOf(device, params))
  const groups = recoverGroups(nodes)
  const windows = beaconWindows(epoch.startMs, epoch.endMs, params.beaconIntervalMs)
  if (windows.length * nodes.length * Math.max(1, nodes.length) > MAX_SIMULATED_REPORTS) {
    throw new PinionError(
      'PINION_ERR_SIMULATION',
      `${nodes.length} devices over ${windows.length} beacon windows of ${params.beaconIntervalMs} ms could make more than ${MAX_SIMULATED_REPORTS} reports; simulate fewer`,
    )
  }
  const out: LabelledReport[] = []
  const ctx = new Context(nodes, params, worldSeed, epoch.entropy)

  // Radios, their pairwise distance and shadowing (actual places).
  const radios = nodes.flatMap((node, i) => (node.actual === null ? [] : [i]))

  let previous: Reception[] = []
  windows.forEach((window, w) => {
    const beacons = nodes.map((_, i) => ctx.beacon(i, window))
    for (const beacon of beacons) {
      const node = nodes[beacon.node]!
      out.push({
        deviceId: node.deviceId,
        timestampMs: beacon.transmittedAtMs,
        payloadType: BEACON_PAYLOAD_TYPE,
        payload: encodeBeacon({
          entropy: epoch.entropy,
          localEntropy: ctx.localEntropy(beacon.node, window.index),
          data: beacon.data,
          frequencyHz: beacon.frequencyHz,
          datarate: beacon.datarate,
          txPowerDeciDbm: beacon.txPowerDeciDbm,
          transmittedAtMs: beacon.transmittedAtMs,
          ...(node.concentrator ? { gpsTimeNs: beacon.txNs } : {}),
        }),
        truth: node.actual === null && node.behaviour === 'witness-ring' ? 'no-radio' : node.actual !== node.asserted ? 'spoofed-beacon' : 'honest',
      })
    }

    // Over the air: every radio hears every other radio's beacon it can demodulate.
    const heard: Reception[] = []
    for (const b of radios) {
      const beacon = beacons[b]!
      for (const v of radios) {
        if (v === b) continue
        const reception = ctx.receive(beacon, v, window.index)
        if (reception !== null) heard.push(reception)
      }
    }

    for (const reception of heard) {
      const receiver = nodes[reception.receiver]!
      const beaconer = reception.beacon.node
      switch (receiver.behaviour) {
        case 'honest':
        case 'beacon-replayer':
        case 'relay':
          out.push(
            ctx.witness(
              reception.receiver,
              reception.beacon,
              reception.rssi,
              reception.snr,
              'honest',
              window.index,
              ctx.arrival(reception.beacon, reception.receiver, window.index),
            ),
          )
          break
        case 'gps-spoofer':
        case 'sybil': {
          // Its radio hears the beacon where it really is; it claims it as heard where it says it is.
          if (receiver.behaviour === 'sybil' && groups.sybil[beaconer] !== -1 && groups.sybil[beaconer] === groups.sybil[reception.receiver]) break
          const made = ctx.fabricate(reception.receiver, reception.beacon, window.index, false)
          // A secure concentrator stamps when the packet really arrived, where the radio really is.
          const arrived = ctx.arrival(reception.beacon, reception.receiver, window.index)
          if (made !== null) out.push(ctx.witness(reception.receiver, reception.beacon, made.rssi, made.snr, 'fabricated', window.index, arrived))
          break
        }
        case 'witness-ring':
          break
      }
    }

    // Collusion: sybils witness their group, rings their ring, relays their partner (unless its
    // radio heard the partner anyway: then there is nothing to relay).
    const heardPairs = new Set(heard.map((r) => r.beacon.node * nodes.length + r.receiver))
    nodes.forEach((receiver, v) => {
      for (const b of colluders(receiver.behaviour, v, groups)) {
        if (receiver.behaviour === 'relay' && heardPairs.has(b * nodes.length + v)) continue
        const beacon = beacons[b]!
        const insist = receiver.behaviour !== 'sybil'
        const made = ctx.fabricate(v, beacon, window.index, insist)
        if (made === null) continue
        const truth: ReportTruth = receiver.behaviour === 'relay' ? 'relayed' : receiver.behaviour === 'witness-ring' ? 'no-radio' : 'fabricated'
        // No radio heard these. A relay re-broadcasts its partner's beacon from the internet to its own
        // radio, whose secure concentrator stamps that late arrival; the others have nothing to stamp.
        const arrived = receiver.behaviour === 'relay' && receiver.concentrator ? beacon.txNs + ctx.relayLatencyNs(v, beacon, window.index) : null
        out.push(ctx.witness(v, beacon, made.rssi, made.snr, truth, window.index, arrived))
      }
    })

    // Replayers: what they heard in the previous window, again, with fresh timestamps; in the first
    // window, beacons from before the epoch (old entropy) of the hotspots they hear now.
    const replayers = new Set(nodes.flatMap((node, i) => (node.behaviour === 'beacon-replayer' ? [i] : [])))
    if (replayers.size > 0) {
      const stale = new Map<number, Beacon>()
      for (const reception of w === 0 ? heard : previous) {
        if (!replayers.has(reception.receiver)) continue
        let beacon = reception.beacon
        if (w === 0) {
          beacon = stale.get(beacon.node) ?? ctx.staleBeacon(beacon)
          stale.set(beacon.node, beacon)
        }
        // A stale beacon had its own datarate: the replayed report keeps an SNR it could have had.
        out.push(ctx.replay({ ...reception, beacon, snr: Math.max(reception.snr, beacon.floor) }, window))
      }
    }
    previous = heard
  })

  // Traffic: data transfers of every device with a radio, where it really is (usage.ts).
  out.push(...simulateUsage(nodes, epoch, params, worldSeed))

  return out.sort(
    (a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0) || compareText(a.deviceId, b.deviceId) || compareText(a.payloadType, b.payloadType),
  )
}

/** The devices a colluder fabricates witness reports of. */
function* colluders(behaviour: WirelessBehaviour, v: number, groups: ReturnType<typeof recoverGroups>): Generator<number> {
  if (behaviour === 'relay') {
    if (groups.relayPartner[v] !== -1) yield groups.relayPartner[v]!
    return
  }
  const of = behaviour === 'sybil' ? groups.sybil : behaviour === 'witness-ring' ? groups.ring : null
  if (of === null || of[v] === -1) return
  for (let b = 0; b < of.length; b++) if (b !== v && of[b] === of[v]) yield b
}

type BeaconWindow = { index: number; startMs: bigint; endMs: bigint }

/** The beacon windows (aligned to unix time 0) overlapping the epoch, clipped to it. */
export function beaconWindows(startMs: bigint, endMs: bigint, intervalMs: bigint): BeaconWindow[] {
  const windows: BeaconWindow[] = []
  if (endMs <= startMs) return windows
  for (let k = startMs / intervalMs; k * intervalMs < endMs; k++) {
    const from = k * intervalMs > startMs ? k * intervalMs : startMs
    const to = (k + 1n) * intervalMs < endMs ? (k + 1n) * intervalMs : endMs
    windows.push({ index: Number(k), startMs: from, endMs: to })
  }
  return windows
}

/** LoRa time on air of the beacon, ms (Semtech AN1200.13: 8-symbol preamble, explicit header, CRC, CR 4/5). */
export function airtimeMs(datarate: string, payloadBytes = BEACON_PAYLOAD_BYTES): number {
  const parsed = parseDatarate(datarate)
  if (parsed === null) throw new PinionError('PINION_ERR_DATARATE', `datarate "${datarate}" is not SF<7-12>BW<125|250|500>`)
  const { spreadingFactor: sf, bandwidthHz } = parsed
  const symbolMs = (2 ** sf / bandwidthHz) * 1000
  const lowDataRate = symbolMs > 16 ? 1 : 0
  const payloadSymbols = 8 + Math.max(Math.ceil((8 * payloadBytes - 4 * sf + 28 + 16) / (4 * (sf - 2 * lowDataRate))) * 5, 0)
  return Math.round((8 + 4.25 + payloadSymbols) * symbolMs)
}

function nodeOf(device: SimulatedDevice, params: WirelessParams): Node & { behaviour: WirelessBehaviour } {
  if (!isWirelessBehaviour(device.behaviour)) {
    throw new PinionError('PINION_ERR_SIMULATION', `wireless has no behaviour "${device.behaviour}"; expected one of ${WIRELESS_BEHAVIOURS.join(', ')}`)
  }
  const asserted = device.location
  // Rings have no radio, whatever their actual location says; others default to where they assert.
  const actual = device.behaviour === 'witness-ring' ? null : device.actualLocation === undefined ? asserted : device.actualLocation
  const gain = device.antennaGain ?? DEFAULT_ANTENNA_GAIN_DECI_DBI
  const word = deviceWord(device.deviceId)
  const plan = asserted === null ? params : radioPlanAt(params, asserted)
  return {
    deviceId: device.deviceId,
    word,
    behaviour: device.behaviour,
    asserted,
    actual,
    actual10: actual === null ? null : shadowingCell(actual),
    gain,
    plan,
    concentrator: actual !== null && params.secureConcentrators?.deviceClasses.includes(device.deviceClass ?? -1) === true,
    txPower: Math.min(plan.maxEirpDeciDbm - gain, HARDWARE_MAX_TX_DECI_DBM),
    clockOffsetMs: CLOCK_OFFSET_SIGMA_MS * gaussian(streamOf(STREAM.device, word)),
  }
}

/** Per-epoch state and the event draws. */
class Context {
  private readonly pairs = new Map<number, { distance: number; shadowing: number }>()
  private readonly staleEntropy: Hex
  /** The lowest RSSI any datarate of the plan demodulates: noise floor + demodulation floor, tenths of dBm. */
  private readonly mostSensitive: number

  constructor(
    private readonly nodes: readonly Node[],
    private readonly params: WirelessParams,
    private readonly worldSeed: number,
    private readonly entropy: Hex,
  ) {
    // Stand-in for an entropy from before the epoch (the simulator sees one epoch at a time): a
    // verifier cannot tell it from the real previous one, since neither is this epoch's.
    this.staleEntropy = keccak256(toBytes(`pinion/simulate/stale-entropy/${entropy}`))
    const datarates = new Set(nodes.flatMap((node) => node.plan.datarates))
    this.mostSensitive = Math.min(...[...datarates, ...params.datarates].map((datarate) => sensitivityDeciDbm(datarate, params.noiseFigureDeciDb)))
  }

  localEntropy(node: number, window: number, stale = false): Hex {
    const random = streamOf(STREAM.beacon, this.worldSeed, this.nodes[node]!.word, window, stale ? 1 : 0, 7)
    const bytes = new Uint8Array(16)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
    return bytesToHex(bytes)
  }

  beacon(node: number, window: BeaconWindow): Beacon {
    const n = this.nodes[node]!
    const random = streamOf(STREAM.beacon, this.worldSeed, n.word, window.index)
    const span = Number(window.endMs - window.startMs)
    const guard = Math.min(WINDOW_END_GUARD_MS, Math.floor(span / 4))
    const transmittedAtMs = window.startMs + BigInt(Math.floor(random() * Math.max(1, span - guard)))
    const data = beaconData(this.entropy, this.localEntropy(node, window.index), n.deviceId)
    return this.describe(node, window.index, data, transmittedAtMs)
  }

  /** The same hotspot's beacon from before the epoch: built from an old entropy. */
  staleBeacon(beacon: Beacon): Beacon {
    const n = this.nodes[beacon.node]!
    const data = beaconData(this.staleEntropy, this.localEntropy(beacon.node, beacon.window, true), n.deviceId)
    return this.describe(beacon.node, beacon.window, data, beacon.transmittedAtMs - this.params.beaconIntervalMs)
  }

  private describe(node: number, window: number, data: Hex, transmittedAtMs: bigint): Beacon {
    const { plan } = this.nodes[node]!
    const datarate = expectedDatarate(data, plan)
    const { bandwidthHz } = parseDatarate(datarate)!
    return {
      node,
      window,
      transmittedAtMs,
      data,
      frequencyHz: expectedChannel(data, plan),
      datarate,
      floor: demodulationFloorDeciDb(datarate),
      noise: noiseFloorDeciDbm(bandwidthHz, this.params.noiseFigureDeciDb),
      airtimeMs: airtimeMs(datarate),
      txPowerDeciDbm: this.nodes[node]!.txPower,
      // The millisecond it went out, and where in it: a fixed draw per hotspot and window.
      txNs: transmittedAtMs * 1_000_000n + BigInt(Math.floor(streamOf(STREAM.beacon, this.worldSeed, this.nodes[node]!.word, window, 3)() * 1_000_000)),
    }
  }

  private pair(b: number, v: number): { distance: number; shadowing: number } {
    const key = b < v ? b * this.nodes.length + v : v * this.nodes.length + b
    let pair = this.pairs.get(key)
    if (pair === undefined) {
      const [nb, nv] = [this.nodes[b]!, this.nodes[v]!]
      pair = {
        distance: distanceM(nb.actual!, nv.actual!),
        shadowing: this.params.shadowingSigmaDeciDb * pairNormal(nb.actual10!, nv.actual10!),
      }
      this.pairs.set(key, pair)
    }
    return pair
  }

  /** What radio v measures of `beacon`, or null when it cannot demodulate it. */
  receive(beacon: Beacon, v: number, window: number): Reception | null {
    const [nb, nv] = [this.nodes[beacon.node]!, this.nodes[v]!]
    // A radio tuned to another region's channels does not hear the beacon at all.
    if (!nv.plan.channelsHz.includes(beacon.frequencyHz)) return null
    const { distance, shadowing } = this.pair(beacon.node, v)
    const mean = beacon.txPowerDeciDbm + nb.gain + nv.gain - pathLossDeciDb(distance, beacon.frequencyHz, this.params.pathLossExponentTenths) - shadowing
    // Fading beyond 5σ never happens: skip links that cannot close without drawing.
    if (mean + 5 * 20 - beacon.noise < beacon.floor - 5 * SNR_ESTIMATE_SIGMA_DECI_DB) return null
    const random = streamOf(STREAM.link, this.worldSeed, nb.word, nv.word, window)
    // Nothing beats free space: the log-normal tail would, for strongly favourable shadowing over a
    // short distance, so the measurement is capped there (real multipath can add a few dB above
    // free space; the simulator leaves that out, as the kind's RSSI_ABOVE_FREE_SPACE rule would
    // reject it).
    const freeSpace = freeSpaceRssiDeciDbm(beacon.txPowerDeciDbm, nb.gain + nv.gain, distance, beacon.frequencyHz)
    const rssi = Math.min(freeSpace, toInteger(mean + fastFadingDeciDb(random)))
    const snr = rssi - beacon.noise + SNR_ESTIMATE_SIGMA_DECI_DB * gaussian(random)
    if (snr < beacon.floor) return null
    return { beacon, receiver: v, rssi, snr: clampSnr(toInteger(snr)) }
  }

  /**
   * RSSI and SNR a model-aware attacker at its asserted location makes up for `beacon`: the model's
   * prediction at the asserted distance, with a fake shadowing of its own and per-packet fading,
   * kept under the free-space bound. The fake shadowing is fixed per unordered pair, so the story
   * holds from epoch to epoch and both directions of a colluding pair agree (a real channel is
   * reciprocal). A claim is made only when the made-up SNR clears the beacon's demodulation floor,
   * as a real radio's would — so the path gain does not depend on the datarate — and never when it
   * would break a public rule (too close, too far). A careful spoofer claims only what the model
   * finds plausible from where it says it is. When the link is the point (`insist`: rings, relays)
   * and the model says it could not close, the attacker picks the fake shadowing that just closes
   * it at the most sensitive datarate of the plan, like a lucky real link.
   */
  fabricate(v: number, beacon: Beacon, window: number, insist: boolean): { rssi: number; snr: number } | null {
    const [nb, nv] = [this.nodes[beacon.node]!, this.nodes[v]!]
    if (nb.asserted === null || nv.asserted === null) return null
    const distance = distanceM(nb.asserted, nv.asserted)
    if (distance > this.params.maxWitnessDistanceM) return null
    const grid = gridDistanceAt(nb.asserted, nv.asserted, HELIUM_MIN_DISTANCE_RESOLUTION)
    if (grid !== null && grid < this.params.minWitnessGridDistance) return null
    const link = {
      txPowerDeciDbm: beacon.txPowerDeciDbm,
      beaconerGainDeciDbi: nb.gain,
      witnessGainDeciDbi: nv.gain,
      distanceM: distance,
      frequencyHz: beacon.frequencyHz,
      pathLossExponentTenths: this.params.pathLossExponentTenths,
    }
    const [low, high] = nb.word <= nv.word ? [nb.word, nv.word] : [nv.word, nb.word]
    const pairRandom = streamOf(STREAM.fakeShadowing, low, high)
    let fakeShadowing = this.params.shadowingSigmaDeciDb * gaussian(pairRandom)
    const mean = predictedRssiDeciDbm(link)
    const closesAt = this.mostSensitive + FABRICATED_FLOOR_MARGIN_DECI_DB
    if (insist && mean - fakeShadowing < closesAt) fakeShadowing = mean - closesAt - Math.floor(pairRandom() * 20)
    const random = streamOf(STREAM.link, this.worldSeed, nb.word, nv.word, window, 1)
    const ceiling = freeSpaceRssiDeciDbm(beacon.txPowerDeciDbm, nb.gain + nv.gain, distance, beacon.frequencyHz) - FABRICATED_FREE_SPACE_MARGIN_DECI_DB
    const rssi = Math.min(ceiling, toInteger(mean - fakeShadowing + fastFadingDeciDb(random)))
    const snr = rssi - beacon.noise + SNR_ESTIMATE_SIGMA_DECI_DB * gaussian(random)
    if (snr < beacon.floor + (insist ? 0 : FABRICATED_FLOOR_MARGIN_DECI_DB)) return null
    return { rssi, snr: clampSnr(toInteger(snr)) }
  }

  /** A witness report of `beacon` by v, received about one time-on-air after it went out. */
  witness(v: number, beacon: Beacon, rssi: number, snr: number, truth: ReportTruth, window: number, arrivedAtNs: bigint | null = null): LabelledReport {
    const nv = this.nodes[v]!
    const random = streamOf(STREAM.link, this.worldSeed, this.nodes[beacon.node]!.word, nv.word, window, 2)
    const receivedAtMs = beacon.transmittedAtMs + BigInt(Math.round(beacon.airtimeMs + nv.clockOffsetMs + (random() * 2 - 1) * TIMESTAMP_JITTER_MS))
    return this.witnessReport(v, beacon, rssi, snr, receivedAtMs, truth, arrivedAtNs)
  }

  /**
   * When `beacon` reached radio v, GPS unix ns, as v's secure concentrator stamps it: sent + the
   * actual distance ÷ c + GPS timing error (σ GPS_TIMING_SIGMA_NS); null when v has none.
   */
  arrival(beacon: Beacon, v: number, window: number): bigint | null {
    const nv = this.nodes[v]!
    if (!nv.concentrator) return null
    const random = streamOf(STREAM.link, this.worldSeed, this.nodes[beacon.node]!.word, nv.word, window, 3)
    const flightNs = (this.pair(beacon.node, v).distance * 1e9) / SPEED_OF_LIGHT_MPS
    return beacon.txNs + BigInt(Math.round(flightNs + GPS_TIMING_SIGMA_NS * gaussian(random)))
  }

  /** How long a relayed beacon takes over the internet to the partner's radio, ns: 10–60 ms. */
  relayLatencyNs(v: number, beacon: Beacon, window: number): bigint {
    const random = streamOf(STREAM.link, this.worldSeed, this.nodes[beacon.node]!.word, this.nodes[v]!.word, window, 4)
    return BigInt(Math.round((10 + 50 * random()) * 1e6))
  }

  /** A reception replayed in `window`, at a fresh time inside it. */
  replay(reception: Reception, window: BeaconWindow): LabelledReport {
    const random = streamOf(STREAM.replay, this.worldSeed, this.nodes[reception.receiver]!.word, this.nodes[reception.beacon.node]!.word, reception.beacon.window, window.index)
    const span = Number(window.endMs - window.startMs)
    const receivedAtMs = window.startMs + BigInt(Math.floor(random() * Math.max(1, span - Math.min(WINDOW_END_GUARD_MS, Math.floor(span / 4)))))
    return this.witnessReport(reception.receiver, reception.beacon, reception.rssi, reception.snr, receivedAtMs, 'replayed')
  }

  private witnessReport(v: number, beacon: Beacon, rssi: number, snr: number, receivedAtMs: bigint, truth: ReportTruth, arrivedAtNs: bigint | null = null): LabelledReport {
    const witness: Witness = {
      beaconerId: this.nodes[beacon.node]!.deviceId,
      beaconData: beacon.data,
      frequencyHz: beacon.frequencyHz,
      datarate: beacon.datarate,
      rssiDeciDbm: rssi,
      snrDeciDb: snr,
      receivedAtMs,
      ...(arrivedAtNs === null ? {} : { gpsTimeNs: arrivedAtNs }),
    }
    return { deviceId: this.nodes[v]!.deviceId, timestampMs: receivedAtMs, payloadType: WITNESS_PAYLOAD_TYPE, payload: encodeWitness(witness), truth }
  }
}

const clampSnr = (snr: number): number => Math.min(LORA_SNR_MAX_DECI_DB, Math.max(LORA_SNR_MIN_DECI_DB, snr))
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
