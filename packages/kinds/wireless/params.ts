import { invalidParam as fail } from '../src/invalidParam.ts'
import type { Hex } from 'viem'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'
import { parseDatarate } from './physics.ts'
import {
  BASIS_POINTS,
  HELIUM_BEACON_INTERVAL_MS,
  HELIUM_DEFAULT_TX_SCALE_BPS,
  HELIUM_HIP104_HEX_DENSITY,
  HELIUM_HIP15_UNIT_CAP_BPS,
  HELIUM_HIP17_INTERACTIVITY_LIMIT_MS,
  HELIUM_MAX_FREQUENCY_DELTA_HZ,
  HELIUM_MAX_WITNESSES_PER_POC,
  HELIUM_MAX_WITNESS_LAG_MS,
  HELIUM_MIN_WITNESS_GRID_DISTANCE,
  HELIUM_POC_DISTANCE_LIMIT_M,
  HELIUM_POC_REWARD_DECAY_RATE_BPS,
  HELIUM_RECIPROCITY_WINDOW_MS,
  HELIUM_US915_BEACON_DATARATES,
  HELIUM_US915_CHANNELS_HZ,
  HELIUM_US915_MAX_EIRP_DECI_DBM,
  HELIUM_WITNESS_REDUNDANCY,
  type HexDensityRule,
  PINION_HELD_WINDOW_MS,
  PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS,
  PINION_MAX_TRAVEL_SPEED_KMH,
  PINION_NOISE_FIGURE_DECI_DB,
  PINION_PATH_LOSS_EXPONENT_TENTHS,
  PINION_SHADOWING_SIGMA_DECI_DB,
  PINION_SNR_TOLERANCE_DECI_DB,
  PINION_TRAVEL_COOLDOWN_MS,
  PINION_WITNESS_CLOCK_TOLERANCE_MS,
} from './rules.ts'

/** A device the network denies, in public, with the reason (Helium's denylist, made transparent). */
export type DenylistedDevice = { readonly deviceId: Hex; readonly reason: string }
/** A beaconer–witness pair the network denies in either direction, with the reason. */
export type DenylistedEdge = { readonly devices: readonly [Hex, Hex]; readonly reason: string }
/** One point of the usage schedule: at `bytes` of verified usage in an epoch, the usage pool gets `usageBps`. */
export type UsagePoint = { readonly bytes: bigint; readonly usageBps: number }

/**
 * The wireless kind's parameters. Integers only: Hz, metres, milliseconds (bigint), tenths of dB
 * and dBm, counts and basis points. Every threshold of every rule is here, with Helium's value as
 * the default where Helium had one (see rules.ts and docs/wireless.md).
 */
export type WirelessParams = {
  // Radio plan
  /** The channels beacons go out on, Hz; a beacon's channel is channels[u16be(data[0..2]) % length]. */
  readonly channelsHz: readonly number[]
  /** The datarates beacons go out at; a beacon's datarate is datarates[data[2] % length]. */
  readonly datarates: readonly string[]
  /** The region's maximum EIRP (conducted power + antenna gain), tenths of dBm. */
  readonly maxEirpDeciDbm: number
  /** Receiver noise figure, tenths of dB (noise floor = −174 dBm/Hz + 10·log10(bandwidth) + this). */
  readonly noiseFigureDeciDb: number
  /** How far a witness's SNR may be from RSSI − noise floor (both clamped to LoRa's range), tenths of dB. */
  readonly snrToleranceDeciDb: number
  /** Largest |Δf| between a witness and its beacon, Hz. */
  readonly maxFrequencyDeltaHz: number

  // Timing (every window works at any scale: Helium's 24 h epochs or a devnet's 60 s)
  /** One beacon per window of this length, windows aligned to unix time 0 (Helium's duration_trunc). */
  readonly beaconIntervalMs: bigint
  /** Latest a witness may be received after its beacon's transmitted_at. */
  readonly maxWitnessLagMs: bigint
  /** Earliest a witness may be received before its beacon's transmitted_at (device clocks differ). */
  readonly witnessClockToleranceMs: bigint
  /** HIP-106 reciprocity window: how far back a beaconer's witness, or a witness's heard beacon, may be. */
  readonly reciprocityWindowMs: bigint
  /** HIP-17 activity window: a hotspot counts for hex density if it had a valid beacon this recently. */
  readonly hexDensityWindowMs: bigint
  /**
   * How long after the end of the epoch that judged a device as a whole (WITNESS_RING, CO_LOCATED,
   * ASYMMETRIC_HOTSPOT, MISPLACED_HOTSPOT) its beacons and witnesses stay invalid (HELD_AFTER_JUDGEMENT).
   */
  readonly heldWindowMs: bigint

  // Geometry
  /** Smallest H3 grid distance between beaconer and witness, at resolution 11. */
  readonly minWitnessGridDistance: number
  /** Largest distance between beaconer and witness, metres. */
  readonly maxWitnessDistanceM: number
  /** Fastest move between two location assertions, km/h, before reports are held back. */
  readonly maxTravelSpeedKmh: number
  /** How long after an impossible move the device's reports are invalid, ms. */
  readonly travelCooldownMs: bigint

  // Radio model (location confidence, rings; the simulator draws from the same model)
  /** Log-distance path-loss exponent n, tenths. */
  readonly pathLossExponentTenths: number
  /** Shadowing σ, tenths of dB. */
  readonly shadowingSigmaDeciDb: number
  /**
   * A witness's RSSI may exceed the model's prediction at the asserted distance (no shadowing) by at
   * most k·σ (RSSI_ABOVE_MODEL); k in tenths (30 = 3σ).
   */
  readonly maxRssiAboveModelSigmasTenths: number
  readonly locationConfidence: {
    /** A link is consistent when |measured − predicted RSSI| ≤ k·σ; k in tenths (25 = 2.5σ). */
    readonly consistentSigmasTenths: number
    /** Beta prior: confidence = (consistent + priorConsistent) / (links + priorLinks). */
    readonly priorConsistent: number
    readonly priorLinks: number
    /** The multiplier is 0 at or below lowBps of confidence, 1 at or above highBps, linear between. */
    readonly lowBps: number
    readonly highBps: number
  }
  /** The witness-ring classifier (WITNESS_RING). */
  readonly ring: {
    /**
     * A closed group (nobody outside it hears any member) is a ring when the active listeners
     * outside it should, under the radio model, have heard its members at least this many times
     * between them, in thousandths (5,000: five expected hearers, none observed).
     */
    readonly minExpectedHearersMilli: number
    /** Closed groups larger than this are not tested (an honest network is one big group), devices. */
    readonly maxGroupSize: number
  }
  /** Hotspots heard where they are not (MISPLACED_HOTSPOT): judged by linkConsistent over distinct witnesses. */
  readonly misplaced: {
    /** Distinct witnesses that heard the device inconsistently with its asserted location, at least. */
    readonly minInconsistentWitnesses: number
    /** …and at least this share of the distinct witnesses whose links of its beacons were physically possible. */
    readonly minInconsistentBps: number
  }
  /** Path-gain reciprocity (ASYMMETRIC_HOTSPOT, ASYMMETRIC_LINK). */
  readonly symmetry: {
    /** A two-way pair is asymmetric when its mean path gains differ by more than this, tenths of dB. */
    readonly maxPathGainDeltaDeciDb: number
    /** Fast-fading σ per packet, tenths of dB: widens the tolerance for pairs heard only a few times. */
    readonly fadingSigmaDeciDb: number
    /** Two-way links a hotspot needs before it can be judged asymmetric. */
    readonly minTwoWayLinks: number
    /** …and at least this many of them asymmetric (raise it where hardware calibration is poor). */
    readonly minAsymmetricLinks: number
    /** A hotspot is asymmetric when at least this share of its two-way links are. */
    readonly minAsymmetricBps: number
  }
  /** The co-located-sybil classifier (CO_LOCATED). */
  readonly coLocated: {
    /** Witnesses that heard both hotspots needed before their fingerprints are compared. */
    readonly minCommonWitnesses: number
    /** Two fingerprints agree at a witness when their mean path gains differ by at most this, tenths of dB. */
    readonly maxRssiDeltaDeciDb: number
    /** Co-located when at least this share of common witnesses agree… */
    readonly minAgreeingBps: number
    /** …and the root mean square of all the differences is at most this, tenths of dB. */
    readonly maxRmsDeltaDeciDb: number
    /** Only hotspots asserted at least this far apart are compared (closer ones may truly share a spot), metres. */
    readonly minAssertedDistanceM: number
    /** …and at most this far apart, metres (bounds the work; farther sybils fail location confidence). */
    readonly maxAssertedDistanceM: number
  }

  // Rewards
  /** HIP-83: the first this many valid witnesses of a beacon (by received_at, then report id) are rewarded. */
  readonly maxWitnessesPerBeacon: number
  /** HIP-15 witness redundancy (4). */
  readonly witnessRedundancy: number
  /** HIP-15 decay rate, basis points (8,000 = 0.8). */
  readonly rewardDecayBps: number
  /** HIP-15 cap on units per beacon role, basis points of a unit (20,000 = 2). */
  readonly unitCapBps: number
  /** HIP-17/HIP-104 density rules, one per resolution. */
  readonly hexDensity: readonly HexDensityRule[]
  /** Scale of a hotspot missing from the density map, basis points (Helium DEFAULT_TX_SCALE 0.2). */
  readonly defaultTxScaleBps: number
  /** Usage pool share by verified bytes in the epoch, piecewise linear, bytes ascending; coverage gets the rest. */
  readonly usageSchedule: readonly UsagePoint[]

  // Trust
  /** Ed25519 public keys (32 bytes) of the routers whose counter-signed data transfers count. */
  readonly routers: readonly Hex[]
  /** Devices and beaconer–witness pairs the network denies, each with a public reason. */
  readonly denylist: { readonly devices: readonly DenylistedDevice[]; readonly edges: readonly DenylistedEdge[] }
}

const GB = 1_000_000_000n

/** The usage schedule's default: 10 % of the kind's budget for usage with none, 50 % at 1 GB, 90 % from 100 GB. */
export const DEFAULT_USAGE_SCHEDULE: readonly UsagePoint[] = Object.freeze([
  { bytes: 0n, usageBps: 1_000 },
  { bytes: GB, usageBps: 5_000 },
  { bytes: 100n * GB, usageBps: 9_000 },
])

export const DEFAULT_WIRELESS_PARAMS: WirelessParams = Object.freeze({
  channelsHz: HELIUM_US915_CHANNELS_HZ,
  datarates: HELIUM_US915_BEACON_DATARATES,
  maxEirpDeciDbm: HELIUM_US915_MAX_EIRP_DECI_DBM,
  noiseFigureDeciDb: PINION_NOISE_FIGURE_DECI_DB,
  snrToleranceDeciDb: PINION_SNR_TOLERANCE_DECI_DB,
  maxFrequencyDeltaHz: HELIUM_MAX_FREQUENCY_DELTA_HZ,
  beaconIntervalMs: HELIUM_BEACON_INTERVAL_MS,
  maxWitnessLagMs: HELIUM_MAX_WITNESS_LAG_MS,
  witnessClockToleranceMs: PINION_WITNESS_CLOCK_TOLERANCE_MS,
  reciprocityWindowMs: HELIUM_RECIPROCITY_WINDOW_MS,
  heldWindowMs: PINION_HELD_WINDOW_MS,
  hexDensityWindowMs: HELIUM_HIP17_INTERACTIVITY_LIMIT_MS,
  minWitnessGridDistance: HELIUM_MIN_WITNESS_GRID_DISTANCE,
  maxWitnessDistanceM: HELIUM_POC_DISTANCE_LIMIT_M,
  maxTravelSpeedKmh: PINION_MAX_TRAVEL_SPEED_KMH,
  travelCooldownMs: PINION_TRAVEL_COOLDOWN_MS,
  pathLossExponentTenths: PINION_PATH_LOSS_EXPONENT_TENTHS,
  shadowingSigmaDeciDb: PINION_SHADOWING_SIGMA_DECI_DB,
  maxRssiAboveModelSigmasTenths: PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS,
  locationConfidence: Object.freeze({ consistentSigmasTenths: 25, priorConsistent: 1, priorLinks: 2, lowBps: 2_500, highBps: 5_000 }),
  ring: Object.freeze({ minExpectedHearersMilli: 5_000, maxGroupSize: 64 }),
  misplaced: Object.freeze({ minInconsistentWitnesses: 3, minInconsistentBps: 3_000 }),
  symmetry: Object.freeze({ maxPathGainDeltaDeciDb: 60, fadingSigmaDeciDb: 20, minTwoWayLinks: 3, minAsymmetricLinks: 1, minAsymmetricBps: 2_500 }),
  coLocated: Object.freeze({
    minCommonWitnesses: 8,
    maxRssiDeltaDeciDb: 30,
    minAgreeingBps: 8_000,
    maxRmsDeltaDeciDb: 40,
    minAssertedDistanceM: 300,
    maxAssertedDistanceM: 3_000,
  }),
  maxWitnessesPerBeacon: HELIUM_MAX_WITNESSES_PER_POC,
  witnessRedundancy: HELIUM_WITNESS_REDUNDANCY,
  rewardDecayBps: HELIUM_POC_REWARD_DECAY_RATE_BPS,
  unitCapBps: HELIUM_HIP15_UNIT_CAP_BPS,
  hexDensity: HELIUM_HIP104_HEX_DENSITY,
  defaultTxScaleBps: HELIUM_DEFAULT_TX_SCALE_BPS,
  usageSchedule: DEFAULT_USAGE_SCHEDULE,
  routers: Object.freeze([DEVNET_ROUTER_KEY.publicKey]),
  denylist: Object.freeze({ devices: Object.freeze([]), edges: Object.freeze([]) }),
})

const KEYS = Object.keys(DEFAULT_WIRELESS_PARAMS) as (keyof WirelessParams)[]
const MAX_INT = Number.MAX_SAFE_INTEGER
const DECI_DB_LIMIT = 10_000 // ±1,000 dB: far outside any radio, inside any sane config

/**
 * Validates wireless parameters from config: missing keys take their defaults (a missing key inside
 * a group takes the group's default), unknown keys are errors, and every message says the field,
 * what was given and what was expected. Accepts its own output unchanged.
 */
export function parseWirelessParams(input: unknown): WirelessParams {
  if (input === undefined || input === null) return DEFAULT_WIRELESS_PARAMS
  const given = object('wireless params', input, KEYS)
  const d = DEFAULT_WIRELESS_PARAMS
  const pick = <key extends keyof WirelessParams>(key: key, parse: (value: unknown, name: string) => WirelessParams[key]): WirelessParams[key] =>
    given[key] === undefined ? d[key] : parse(given[key], `wireless.${key}`)

  const params: WirelessParams = {
    channelsHz: pick('channelsHz', (v, n) => list(n, v, 1, (x, m) => integer(m, x, 1, MAX_INT), 'a non-empty list of frequencies in Hz')),
    datarates: pick('datarates', (v, n) => list(n, v, 1, datarate, 'a non-empty list of datarates like "SF9BW125"')),
    maxEirpDeciDbm: pick('maxEirpDeciDbm', (v, n) => integer(n, v, -DECI_DB_LIMIT, DECI_DB_LIMIT)),
    noiseFigureDeciDb: pick('noiseFigureDeciDb', (v, n) => integer(n, v, 0, 1_000)),
    snrToleranceDeciDb: pick('snrToleranceDeciDb', (v, n) => integer(n, v, 0, DECI_DB_LIMIT)),
    maxFrequencyDeltaHz: pick('maxFrequencyDeltaHz', (v, n) => integer(n, v, 0, MAX_INT)),
    beaconIntervalMs: pick('beaconIntervalMs', (v, n) => ms(n, v, 1n)),
    maxWitnessLagMs: pick('maxWitnessLagMs', (v, n) => ms(n, v, 0n)),
    witnessClockToleranceMs: pick('witnessClockToleranceMs', (v, n) => ms(n, v, 0n)),
    reciprocityWindowMs: pick('reciprocityWindowMs', (v, n) => ms(n, v, 0n)),
    heldWindowMs: pick('heldWindowMs', (v, n) => ms(n, v, 0n)),
    hexDensityWindowMs: pick('hexDensityWindowMs', (v, n) => ms(n, v, 0n)),
    minWitnessGridDistance: pick('minWitnessGridDistance', (v, n) => integer(n, v, 0, 1_000_000)),
    maxWitnessDistanceM: pick('maxWitnessDistanceM', (v, n) => integer(n, v, 1, 20_100_000)),
    maxTravelSpeedKmh: pick('maxTravelSpeedKmh', (v, n) => integer(n, v, 1, 1_000_000)),
    travelCooldownMs: pick('travelCooldownMs', (v, n) => ms(n, v, 0n)),
    pathLossExponentTenths: pick('pathLossExponentTenths', (v, n) => integer(n, v, 10, 80)),
    shadowingSigmaDeciDb: pick('shadowingSigmaDeciDb', (v, n) => integer(n, v, 1, 1_000)),
    maxRssiAboveModelSigmasTenths: pick('maxRssiAboveModelSigmasTenths', (v, n) => integer(n, v, 0, 1_000)),
    locationConfidence: pick('locationConfidence', (v, n) => {
      const g = object(n, v, Object.keys(d.locationConfidence))
      const lc = d.locationConfidence
      const parsed = {
        consistentSigmasTenths: g.consistentSigmasTenths === undefined ? lc.consistentSigmasTenths : integer(`${n}.consistentSigmasTenths`, g.consistentSigmasTenths, 1, 1_000),
        priorConsistent: g.priorConsistent === undefined ? lc.priorConsistent : integer(`${n}.priorConsistent`, g.priorConsistent, 0, 1_000_000),
        priorLinks: g.priorLinks === undefined ? lc.priorLinks : integer(`${n}.priorLinks`, g.priorLinks, 1, 1_000_000),
        lowBps: g.lowBps === undefined ? lc.lowBps : integer(`${n}.lowBps`, g.lowBps, 0, BASIS_POINTS),
        highBps: g.highBps === undefined ? lc.highBps : integer(`${n}.highBps`, g.highBps, 0, BASIS_POINTS),
      }
      if (parsed.priorConsistent > parsed.priorLinks) fail(`${n}.priorConsistent`, parsed.priorConsistent, `at most priorLinks (${parsed.priorLinks})`)
      if (parsed.highBps <= parsed.lowBps) fail(`${n}.highBps`, parsed.highBps, `greater than lowBps (${parsed.lowBps})`)
      return parsed
    }),
    ring: pick('ring', (v, n) => {
      const g = object(n, v, Object.keys(d.ring))
      return {
        minExpectedHearersMilli:
          g.minExpectedHearersMilli === undefined ? d.ring.minExpectedHearersMilli : integer(`${n}.minExpectedHearersMilli`, g.minExpectedHearersMilli, 1, MAX_INT),
        maxGroupSize: g.maxGroupSize === undefined ? d.ring.maxGroupSize : integer(`${n}.maxGroupSize`, g.maxGroupSize, 1, 1_000_000),
      }
    }),
    misplaced: pick('misplaced', (v, n) => {
      const g = object(n, v, Object.keys(d.misplaced))
      const m = d.misplaced
      return {
        minInconsistentWitnesses:
          g.minInconsistentWitnesses === undefined ? m.minInconsistentWitnesses : integer(`${n}.minInconsistentWitnesses`, g.minInconsistentWitnesses, 1, MAX_INT),
        minInconsistentBps: g.minInconsistentBps === undefined ? m.minInconsistentBps : integer(`${n}.minInconsistentBps`, g.minInconsistentBps, 1, BASIS_POINTS),
      }
    }),
    symmetry: pick('symmetry', (v, n) => {
      const g = object(n, v, Object.keys(d.symmetry))
      const y = d.symmetry
      return {
        maxPathGainDeltaDeciDb:
          g.maxPathGainDeltaDeciDb === undefined ? y.maxPathGainDeltaDeciDb : integer(`${n}.maxPathGainDeltaDeciDb`, g.maxPathGainDeltaDeciDb, 0, DECI_DB_LIMIT),
        fadingSigmaDeciDb: g.fadingSigmaDeciDb === undefined ? y.fadingSigmaDeciDb : integer(`${n}.fadingSigmaDeciDb`, g.fadingSigmaDeciDb, 0, 1_000),
        minTwoWayLinks: g.minTwoWayLinks === undefined ? y.minTwoWayLinks : integer(`${n}.minTwoWayLinks`, g.minTwoWayLinks, 1, MAX_INT),
        minAsymmetricLinks: g.minAsymmetricLinks === undefined ? y.minAsymmetricLinks : integer(`${n}.minAsymmetricLinks`, g.minAsymmetricLinks, 1, MAX_INT),
        minAsymmetricBps: g.minAsymmetricBps === undefined ? y.minAsymmetricBps : integer(`${n}.minAsymmetricBps`, g.minAsymmetricBps, 1, BASIS_POINTS),
      }
    }),
    coLocated: pick('coLocated', (v, n) => {
      const g = object(n, v, Object.keys(d.coLocated))
      const c = d.coLocated
      const parsed = {
        minCommonWitnesses: g.minCommonWitnesses === undefined ? c.minCommonWitnesses : integer(`${n}.minCommonWitnesses`, g.minCommonWitnesses, 1, MAX_INT),
        maxRssiDeltaDeciDb: g.maxRssiDeltaDeciDb === undefined ? c.maxRssiDeltaDeciDb : integer(`${n}.maxRssiDeltaDeciDb`, g.maxRssiDeltaDeciDb, 0, DECI_DB_LIMIT),
        minAgreeingBps: g.minAgreeingBps === undefined ? c.minAgreeingBps : integer(`${n}.minAgreeingBps`, g.minAgreeingBps, 1, BASIS_POINTS),
        maxRmsDeltaDeciDb: g.maxRmsDeltaDeciDb === undefined ? c.maxRmsDeltaDeciDb : integer(`${n}.maxRmsDeltaDeciDb`, g.maxRmsDeltaDeciDb, 0, DECI_DB_LIMIT),
        minAssertedDistanceM: g.minAssertedDistanceM === undefined ? c.minAssertedDistanceM : integer(`${n}.minAssertedDistanceM`, g.minAssertedDistanceM, 0, 20_100_000),
        maxAssertedDistanceM: g.maxAssertedDistanceM === undefined ? c.maxAssertedDistanceM : integer(`${n}.maxAssertedDistanceM`, g.maxAssertedDistanceM, 0, 1_000_000),
      }
      if (parsed.maxAssertedDistanceM < parsed.minAssertedDistanceM) {
        fail(`${n}.maxAssertedDistanceM`, parsed.maxAssertedDistanceM, `at least minAssertedDistanceM (${parsed.minAssertedDistanceM})`)
      }
      return parsed
    }),
    maxWitnessesPerBeacon: pick('maxWitnessesPerBeacon', (v, n) => integer(n, v, 1, 1_000)),
    witnessRedundancy: pick('witnessRedundancy', (v, n) => integer(n, v, 1, 1_000)),
    rewardDecayBps: pick('rewardDecayBps', (v, n) => integer(n, v, 0, BASIS_POINTS)),
    unitCapBps: pick('unitCapBps', (v, n) => integer(n, v, 1, 100 * BASIS_POINTS)),
    hexDensity: pick('hexDensity', hexDensity),
    defaultTxScaleBps: pick('defaultTxScaleBps', (v, n) => integer(n, v, 0, BASIS_POINTS)),
    usageSchedule: pick('usageSchedule', usageSchedule),
    routers: pick('routers', (v, n) => list(n, v, 0, (x, m) => bytes32(m, x), 'a list of 32-byte ed25519 public keys (0x + 64 hex digits)')),
    denylist: pick('denylist', denylist),
  }
  return params
}

// ── Groups ────────────────────────────────────────────────────────────────────────────────────────

function hexDensity(value: unknown, name: string): readonly HexDensityRule[] {
  const rules = list(
    name,
    value,
    0,
    (x, m) => {
      const g = object(m, x, ['resolution', 'neighbors', 'target', 'max'], true)
      const rule = {
        resolution: integer(`${m}.resolution`, g.resolution, 0, 10),
        neighbors: integer(`${m}.neighbors`, g.neighbors, 0, 7),
        target: integer(`${m}.target`, g.target, 1, MAX_INT),
        max: integer(`${m}.max`, g.max, 1, MAX_INT),
      }
      if (rule.max < rule.target) fail(`${m}.max`, rule.max, `at least target (${rule.target})`)
      return rule
    },
    'a list of { resolution, neighbors, target, max }',
  )
  for (let i = 1; i < rules.length; i++) {
    if (rules[i]!.resolution <= rules[i - 1]!.resolution)
      fail(`${name}[${i}].resolution`, rules[i]!.resolution, `greater than the row before (${rules[i - 1]!.resolution}): rows in ascending resolution, each once`)
  }
  return rules
}

function usageSchedule(value: unknown, name: string): readonly UsagePoint[] {
  const points = list(
    name,
    value,
    1,
    (x, m) => {
      const g = object(m, x, ['bytes', 'usageBps'], true)
      return { bytes: bigintAtLeast(`${m}.bytes`, g.bytes, 0n, 'a non-negative integer number of bytes'), usageBps: integer(`${m}.usageBps`, g.usageBps, 0, BASIS_POINTS) }
    },
    'a non-empty list of { bytes, usageBps }',
  )
  if (points[0]!.bytes !== 0n) fail(`${name}[0].bytes`, points[0]!.bytes, '0 (the schedule starts at no usage)')
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.bytes <= points[i - 1]!.bytes) fail(`${name}[${i}].bytes`, points[i]!.bytes, `greater than the point before (${points[i - 1]!.bytes})`)
  }
  return points
}

function denylist(value: unknown, name: string): WirelessParams['denylist'] {
  const g = object(name, value, ['devices', 'edges'])
  return {
    devices:
      g.devices === undefined
        ? []
        : list(
            `${name}.devices`,
            g.devices,
            0,
            (x, m) => {
              const e = object(m, x, ['deviceId', 'reason'], true)
              return { deviceId: bytes32(`${m}.deviceId`, e.deviceId), reason: reason(`${m}.reason`, e.reason) }
            },
            'a list of { deviceId, reason }',
          ),
    edges:
      g.edges === undefined
        ? []
        : list(
            `${name}.edges`,
            g.edges,
            0,
            (x, m) => {
              const e = object(m, x, ['devices', 'reason'], true)
              const pair = list(`${m}.devices`, e.devices, 2, (y, k) => bytes32(k, y), 'two device ids')
              if (pair.length !== 2 || pair[0] === pair[1]) fail(`${m}.devices`, e.devices, 'two different device ids')
              return { devices: [pair[0]!, pair[1]!] as const, reason: reason(`${m}.reason`, e.reason) }
            },
            'a list of { devices: [id, id], reason }',
          ),
  }
}

// ── Scalars ───────────────────────────────────────────────────────────────────────────────────────

function object(name: string, value: unknown, keys: readonly string[], required = false): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(name, value, 'an object')
  const given = value as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!keys.includes(key)) fail(`${name} key "${key}"`, key, `one of ${keys.join(', ')}`)
  }
  if (required) for (const key of keys) if (given[key] === undefined) fail(`${name}.${key}`, undefined, 'present')
  return given
}

function list<item>(name: string, value: unknown, minLength: number, parse: (value: unknown, name: string) => item, expected: string): item[] {
  if (!Array.isArray(value) || value.length < minLength) fail(name, value, expected)
  return value.map((item, i) => parse(item, `${name}[${i}]`))
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(name, value, `an integer from ${min} to ${max}`)
  return value
}

function bigintAtLeast(name: string, value: unknown, min: bigint, expected: string): bigint {
  const parsed = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value) ? BigInt(value) : value
  if (typeof parsed !== 'bigint' || parsed < min) fail(name, value, expected)
  return parsed
}

function ms(name: string, value: unknown, min: bigint): bigint {
  return bigintAtLeast(name, value, min, min === 0n ? 'a non-negative integer number of milliseconds' : 'a positive integer number of milliseconds')
}

function datarate(value: unknown, name: string): string {
  if (typeof value !== 'string' || parseDatarate(value) === null) fail(name, value, 'a LoRa datarate "SF<7-12>BW<125|250|500>"')
  return value
}

function bytes32(name: string, value: unknown): Hex {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) fail(name, value, '0x followed by 64 hex digits')
  return value.toLowerCase() as Hex
}

function reason(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 500) fail(name, value, 'a non-empty reason of at most 500 characters')
  return value
}
