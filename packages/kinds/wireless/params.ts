import type { Hex } from 'viem'
import { cellToParent, getResolution, isValidCell } from 'h3-js'
import { z } from 'zod'
import type { ParamsNetwork } from '../src/kind.ts'
import { type ParamsOf, acrossFields, bigintAtLeast, group, integer, list, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import { DEVNET_ROUTER_KEY } from './routerKey.ts'
import { parseDatarate } from './physics.ts'
import { LORA_REGIONS } from './regionPlans.ts'
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
  PINION_HELD_WINDOW_MS,
  PINION_MAX_EXCESS_GIVEN_RECEPTION_SIGMAS_TENTHS,
  PINION_MAX_RECEPTION_LUCK_SIGMAS_TENTHS,
  PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS,
  PINION_MAX_TRAVEL_SPEED_KMH,
  PINION_NOISE_FIGURE_DECI_DB,
  PINION_PATH_LOSS_EXPONENT_TENTHS,
  PINION_SHADOWING_SIGMA_DECI_DB,
  PINION_SNR_TOLERANCE_DECI_DB,
  PINION_TIME_OF_FLIGHT_TOLERANCE_NS,
  PINION_TRAVEL_COOLDOWN_MS,
  PINION_WITNESS_CLOCK_TOLERANCE_MS,
} from './rules.ts'

const GB = 1_000_000_000n
const MAX_INT = Number.MAX_SAFE_INTEGER
const DECI_DB_LIMIT = 10_000 // ±1,000 dB: far outside any radio, inside any sane config

/** The usage schedule's default: 10 % of the kind's budget for usage with none, 50 % at 1 GB, 90 % from 100 GB. */
export const DEFAULT_USAGE_SCHEDULE: readonly UsagePoint[] = Object.freeze([
  { bytes: 0n, usageBps: 1_000 },
  { bytes: GB, usageBps: 5_000 },
  { bytes: 100n * GB, usageBps: 9_000 },
])

// ── Field types ───────────────────────────────────────────────────────────────────────────────────

/** Milliseconds: a bigint, a safe-integer number, or decimal digits (a bigint through JSON). */
const ms = (min: bigint) => bigintAtLeast(min, min === 0n ? 'a non-negative integer number of milliseconds' : 'a positive integer number of milliseconds', { decimalStrings: true })

const DATARATE = 'a LoRa datarate "SF<7-12>BW<125|250|500>"'
const datarate = z.string({ error: DATARATE }).refine((value) => parseDatarate(value) !== null, { error: DATARATE })

/** A 32-byte id or key, 0x and 64 hex digits in either case; kept in lower case. */
const bytes32 = z
  .string({ error: '0x followed by 64 hex digits' })
  .regex(/^0x[0-9a-fA-F]{64}$/, { error: '0x followed by 64 hex digits' })
  .transform((value) => value.toLowerCase() as Hex)

const REASON = 'a non-empty reason of at most 500 characters'
/** A public reason: some non-space character, at most 500 characters (UTF-16 code units). */
const reason = z.string({ error: REASON }).regex(/\S/, { error: REASON }).max(500, { error: REASON })

// ── Groups and lists ──────────────────────────────────────────────────────────────────────────────

/** HIP-17/HIP-104 density rules, one per resolution, in ascending resolution. */
const hexDensity = list(
  group({ resolution: integer(0, 10), neighbors: integer(0, 7), target: integer(1, MAX_INT), max: integer(1, MAX_INT) }).check(
    acrossFields((rule, problem) => {
      if (rule.max < rule.target) problem(['max'], rule.max, `at least target (${rule.target})`)
    }),
  ),
  0,
  'a list of { resolution, neighbors, target, max }',
).check(
  acrossFields((rules, problem) => {
    for (let i = 1; i < rules.length; i++) {
      const [before, row] = [rules[i - 1]!, rules[i]!]
      if (row.resolution <= before.resolution) {
        problem([i, 'resolution'], row.resolution, `greater than the row before (${before.resolution}): rows in ascending resolution, each once`)
      }
    }
  }),
)

/** Usage pool share by verified bytes, piecewise linear: from 0 bytes, bytes ascending. */
const usageSchedule = list(
  group({ bytes: bigintAtLeast(0n, 'a non-negative integer number of bytes', { decimalStrings: true }), usageBps: integer(0, BASIS_POINTS) }),
  1,
  'a non-empty list of { bytes, usageBps }',
).check(
  acrossFields((points, problem) => {
    if (points[0]!.bytes !== 0n) problem([0, 'bytes'], points[0]!.bytes, '0 (the schedule starts at no usage)')
    for (let i = 1; i < points.length; i++) {
      if (points[i]!.bytes <= points[i - 1]!.bytes) problem([i, 'bytes'], points[i]!.bytes, `greater than the point before (${points[i - 1]!.bytes})`)
    }
  }),
)

const H3_CELL = 'an H3 cell index, 15 hex digits such as "8529a927fffffff"'
/** An H3 cell as h3-js writes it (15 lower-case hex digits); upper case is accepted and lowered. */
const h3Cell = z
  .string({ error: H3_CELL })
  .transform((value) => value.toLowerCase())
  .refine((value) => /^[0-9a-f]{15}$/.test(value) && isValidCell(value), { error: H3_CELL })

/**
 * Where each LoRa region applies: its plan's name and the H3 cells (any resolution) that cover it.
 * A region is listed once, and no cell lies in another region's cell, so every place has at most one.
 */
const regions = list(
  group({ region: z.enum(LORA_REGIONS, { error: `one of ${LORA_REGIONS.join(', ')}` }), cells: list(h3Cell, 1, 'a non-empty list of H3 cells') }),
  1,
  'a non-empty list of { region, cells }',
).check(
  acrossFields((entries, problem) => {
    const owner = new Map<string, string>() // cell → region
    entries.forEach((entry, i) => {
      if (entries.findIndex((other) => other.region === entry.region) !== i) problem([i, 'region'], entry.region, 'a region not listed before (list each region once)')
      for (const cell of entry.cells) owner.set(cell, entry.region)
    })
    entries.forEach((entry, i) => {
      entry.cells.forEach((cell, j) => {
        for (let resolution = getResolution(cell) - 1; resolution >= 0; resolution--) {
          const other = owner.get(cellToParent(cell, resolution))
          if (other !== undefined && other !== entry.region) problem([i, 'cells', j], cell, `a cell outside ${other}'s cells (regions must not overlap)`)
        }
      })
    })
  }),
)

const denylist = group({
  devices: list(group({ deviceId: bytes32, reason }), 0, 'a list of { deviceId, reason }').default(() => []),
  edges: list(
    group({ devices: z.tuple([bytes32, bytes32], { error: 'two different device ids' }), reason }).check(
      acrossFields((edge, problem) => {
        if (edge.devices[0] === edge.devices[1]) problem(['devices'], edge.devices, 'two different device ids')
      }),
    ),
    0,
    'a list of { devices: [id, id], reason }',
  ).default(() => []),
})

// ── The parameters ────────────────────────────────────────────────────────────────────────────────

/**
 * The wireless kind's parameters. Integers only: Hz, metres, milliseconds (bigint), tenths of dB
 * and dBm, counts and basis points. Every threshold of every rule is here, with Helium's value as
 * the default where Helium had one (see rules.ts and docs/wireless.md). A field config leaves out
 * takes its default; a group config gives in part takes the rest of the group's defaults.
 */
export const wirelessParamsSchema = group({
  // Radio plan
  /** The channels beacons go out on, Hz; a beacon's channel is channels[u16be(data[0..2]) % length]. */
  channelsHz: list(integer(1, MAX_INT), 1, 'a non-empty list of frequencies in Hz').default(() => [...HELIUM_US915_CHANNELS_HZ]),
  /** The datarates beacons go out at; a beacon's datarate is datarates[data[2] % length]. */
  datarates: list(datarate, 1, 'a non-empty list of datarates like "SF9BW125"').default(() => [...HELIUM_US915_BEACON_DATARATES]),
  /** The region's maximum EIRP (conducted power + antenna gain), tenths of dBm. */
  maxEirpDeciDbm: integer(-DECI_DB_LIMIT, DECI_DB_LIMIT).default(HELIUM_US915_MAX_EIRP_DECI_DBM),
  /** Receiver noise figure, tenths of dB (noise floor = −174 dBm/Hz + 10·log10(bandwidth) + this). */
  noiseFigureDeciDb: integer(0, 1_000).default(PINION_NOISE_FIGURE_DECI_DB),
  /** How far a witness's SNR may be from RSSI − noise floor (both clamped to LoRa's range), tenths of dB. */
  snrToleranceDeciDb: integer(0, DECI_DB_LIMIT).default(PINION_SNR_TOLERANCE_DECI_DB),
  /** Largest |Δf| between a witness and its beacon, Hz. */
  maxFrequencyDeltaHz: integer(0, MAX_INT).default(HELIUM_MAX_FREQUENCY_DELTA_HZ),

  // Timing (every window works at any scale: Helium's 24 h epochs or a devnet's 60 s)
  /** One beacon per window of this length, windows aligned to unix time 0 (Helium's duration_trunc). */
  beaconIntervalMs: ms(1n).default(HELIUM_BEACON_INTERVAL_MS),
  /** Latest a witness may be received after its beacon's transmitted_at. */
  maxWitnessLagMs: ms(0n).default(HELIUM_MAX_WITNESS_LAG_MS),
  /** Earliest a witness may be received before its beacon's transmitted_at (device clocks differ). */
  witnessClockToleranceMs: ms(0n).default(PINION_WITNESS_CLOCK_TOLERANCE_MS),
  /** HIP-106 reciprocity window: how far back a beaconer's witness, or a witness's heard beacon, may be. */
  reciprocityWindowMs: ms(0n).default(HELIUM_RECIPROCITY_WINDOW_MS),
  /** HIP-17 activity window: a hotspot counts for hex density if it had a valid beacon this recently. */
  hexDensityWindowMs: ms(0n).default(HELIUM_HIP17_INTERACTIVITY_LIMIT_MS),
  /**
   * How long after the end of the epoch that judged a device as a whole (WITNESS_RING, CO_LOCATED,
   * ASYMMETRIC_HOTSPOT, MISPLACED_HOTSPOT) its beacons and witnesses stay invalid (HELD_AFTER_JUDGEMENT).
   */
  heldWindowMs: ms(0n).default(PINION_HELD_WINDOW_MS),

  // Geometry
  /** Smallest H3 grid distance between beaconer and witness, at resolution 11. */
  minWitnessGridDistance: integer(0, 1_000_000).default(HELIUM_MIN_WITNESS_GRID_DISTANCE),
  /** Largest distance between beaconer and witness, metres. */
  maxWitnessDistanceM: integer(1, 20_100_000).default(HELIUM_POC_DISTANCE_LIMIT_M),
  /** Fastest move between two location assertions, km/h, before reports are held back. */
  maxTravelSpeedKmh: integer(1, 1_000_000).default(PINION_MAX_TRAVEL_SPEED_KMH),
  /** How long after an impossible move the device's reports are invalid, ms. */
  travelCooldownMs: ms(0n).default(PINION_TRAVEL_COOLDOWN_MS),

  // Radio model (location confidence, rings; the simulator draws from the same model)
  /** Log-distance path-loss exponent n, tenths. */
  pathLossExponentTenths: integer(10, 80).default(PINION_PATH_LOSS_EXPONENT_TENTHS),
  /** Shadowing σ, tenths of dB. */
  shadowingSigmaDeciDb: integer(1, 1_000).default(PINION_SHADOWING_SIGMA_DECI_DB),
  /**
   * A witness's RSSI may exceed the model's prediction at the asserted distance (no shadowing) by at
   * most k·σ (RSSI_ABOVE_MODEL); k in tenths (30 = 3σ).
   */
  maxRssiAboveModelSigmasTenths: integer(0, 1_000).default(PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS),
  /**
   * RSSI_ABOVE_MODEL as rules v3 judge it, given that the link was received (v1–v2 use
   * maxRssiAboveModelSigmasTenths instead): the excess over the model may be at most √(n² + (kσ)²),
   * n being the excess the link needed to be heard at its datarate, and n at most neededσ. Both in
   * tenths of σ. Absent: the defaults (40, 30), and a document signs as it did before the rule existed.
   */
  rssiGivenReception: group({
    excessSigmasTenths: integer(0, 1_000).default(PINION_MAX_EXCESS_GIVEN_RECEPTION_SIGMAS_TENTHS),
    neededSigmasTenths: integer(0, 1_000).default(PINION_MAX_RECEPTION_LUCK_SIGMAS_TENTHS),
  }).optional(),
  /** Two-sided location confidence: how well a hotspot's links fit its asserted location. */
  locationConfidence: group({
    /** A link is consistent when |measured − predicted RSSI| ≤ k·σ; k in tenths (25 = 2.5σ). */
    consistentSigmasTenths: integer(1, 1_000).default(25),
    /** Beta prior: confidence = (consistent + priorConsistent) / (links + priorLinks). */
    priorConsistent: integer(0, 1_000_000).default(1),
    priorLinks: integer(1, 1_000_000).default(2),
    /** The multiplier is 0 at or below lowBps of confidence, 1 at or above highBps, linear between. */
    lowBps: integer(0, BASIS_POINTS).default(2_500),
    highBps: integer(0, BASIS_POINTS).default(5_000),
  })
    .check(
      acrossFields((lc, problem) => {
        if (lc.priorConsistent > lc.priorLinks) problem(['priorConsistent'], lc.priorConsistent, `at most priorLinks (${lc.priorLinks})`)
        if (lc.highBps <= lc.lowBps) problem(['highBps'], lc.highBps, `greater than lowBps (${lc.lowBps})`)
      }),
    )
    .prefault({}),
  /** The witness-ring classifier (WITNESS_RING). */
  ring: group({
    /**
     * A closed group (nobody outside it hears any member) is a ring when the active listeners
     * outside it should, under the radio model, have heard its members at least this many times
     * between them, in thousandths (5,000: five expected hearers, none observed).
     */
    minExpectedHearersMilli: integer(1, MAX_INT).default(5_000),
    /** Closed groups larger than this are not tested (an honest network is one big group), devices. */
    maxGroupSize: integer(1, 1_000_000).default(64),
  }).prefault({}),
  /** Hotspots heard where they are not (MISPLACED_HOTSPOT): judged by linkConsistent over distinct witnesses. */
  misplaced: group({
    /** Distinct witnesses that heard the device inconsistently with its asserted location, at least. */
    minInconsistentWitnesses: integer(1, MAX_INT).default(3),
    /** …and at least this share of the distinct witnesses whose links of its beacons were physically possible. */
    minInconsistentBps: integer(1, BASIS_POINTS).default(3_000),
  }).prefault({}),
  /** Path-gain reciprocity (ASYMMETRIC_HOTSPOT, ASYMMETRIC_LINK). */
  symmetry: group({
    /** A two-way pair is asymmetric when its mean path gains differ by more than this, tenths of dB. */
    maxPathGainDeltaDeciDb: integer(0, DECI_DB_LIMIT).default(60),
    /** Fast-fading σ per packet, tenths of dB: widens the tolerance for pairs heard only a few times. */
    fadingSigmaDeciDb: integer(0, 1_000).default(20),
    /** Two-way links a hotspot needs before it can be judged asymmetric. */
    minTwoWayLinks: integer(1, MAX_INT).default(3),
    /** …and at least this many of them asymmetric (raise it where hardware calibration is poor). */
    minAsymmetricLinks: integer(1, MAX_INT).default(1),
    /** A hotspot is asymmetric when at least this share of its two-way links are. */
    minAsymmetricBps: integer(1, BASIS_POINTS).default(2_500),
  }).prefault({}),
  /** The co-located-sybil classifier (CO_LOCATED). */
  coLocated: group({
    /** Witnesses that heard both hotspots needed before their fingerprints are compared. */
    minCommonWitnesses: integer(1, MAX_INT).default(8),
    /** Two fingerprints agree at a witness when their mean path gains differ by at most this, tenths of dB. */
    maxRssiDeltaDeciDb: integer(0, DECI_DB_LIMIT).default(30),
    /** Co-located when at least this share of common witnesses agree… */
    minAgreeingBps: integer(1, BASIS_POINTS).default(8_000),
    /** …and the root mean square of all the differences is at most this, tenths of dB. */
    maxRmsDeltaDeciDb: integer(0, DECI_DB_LIMIT).default(40),
    /** Only hotspots asserted at least this far apart are compared (closer ones may truly share a spot), metres. */
    minAssertedDistanceM: integer(0, 20_100_000).default(300),
    /** …and at most this far apart, metres (bounds the work; farther sybils fail location confidence). */
    maxAssertedDistanceM: integer(0, 1_000_000).default(3_000),
  })
    .check(
      acrossFields((c, problem) => {
        if (c.maxAssertedDistanceM < c.minAssertedDistanceM) problem(['maxAssertedDistanceM'], c.maxAssertedDistanceM, `at least minAssertedDistanceM (${c.minAssertedDistanceM})`)
      }),
    )
    .prefault({}),

  // Rewards
  /** HIP-83: the first this many valid witnesses of a beacon (by received_at, then report id) are rewarded. */
  maxWitnessesPerBeacon: integer(1, 1_000).default(HELIUM_MAX_WITNESSES_PER_POC),
  /** HIP-15 witness redundancy (4). */
  witnessRedundancy: integer(1, 1_000).default(HELIUM_WITNESS_REDUNDANCY),
  /** HIP-15 decay rate, basis points (8,000 = 0.8). */
  rewardDecayBps: integer(0, BASIS_POINTS).default(HELIUM_POC_REWARD_DECAY_RATE_BPS),
  /** HIP-15 cap on units per beacon role, basis points of a unit (20,000 = 2). */
  unitCapBps: integer(1, 100 * BASIS_POINTS).default(HELIUM_HIP15_UNIT_CAP_BPS),
  /** HIP-17/HIP-104 density rules, one per resolution, in ascending resolution. */
  hexDensity: hexDensity.default(() => [...HELIUM_HIP104_HEX_DENSITY]),
  /** Scale of a hotspot missing from the density map, basis points (Helium DEFAULT_TX_SCALE 0.2). */
  defaultTxScaleBps: integer(0, BASIS_POINTS).default(HELIUM_DEFAULT_TX_SCALE_BPS),
  /** Usage pool share by verified bytes in the epoch, piecewise linear, bytes ascending from 0; coverage gets the rest. */
  usageSchedule: usageSchedule.default(() => [...DEFAULT_USAGE_SCHEDULE]),

  // Trust
  /** Ed25519 public keys (32 bytes, 0x + 64 hex digits) of the routers whose counter-signed data transfers count. */
  routers: list(bytes32, 0, 'a list of 32-byte ed25519 public keys (0x + 64 hex digits)').default(() => [DEVNET_ROUTER_KEY.publicKey]),
  /** Devices and beaconer–witness pairs the network denies, each with a public reason. */
  denylist: denylist.prefault({}),
  /**
   * Device classes (the registry's) whose hotspots are data-only, as Helium onboards them for a lower
   * fee: they may neither beacon nor witness (DATA_ONLY_HOTSPOT), and their data transfers count.
   * Absent when none: a document without it signs as it did before the rule existed.
   */
  dataOnlyDeviceClasses: list(integer(0, 2 ** 32 - 1), 1, 'a non-empty list of device classes (integers from 0 to 4294967295)').optional(),
  /**
   * Regional radio plans (Helium's region params): where each LoRa region applies, as H3 cells. A
   * hotspot beacons on its region's channels, datarates and EIRP and hears only its own region
   * (WRONG_REGION); one outside every listed cell uses the plan above (channelsHz, datarates,
   * maxEirpDeciDbm). Absent: the whole network uses the plan above, and signs as it did before.
   */
  regions: regions.optional(),
  /**
   * Secure concentrators (Helium's HIP-72): device classes whose radios time-stamp packets in
   * hardware to GPS nanoseconds and sign them with the device key they hold. A witness link between
   * two of them whose times of flight disagree with the asserted distance is TIME_OF_FLIGHT_MISMATCH
   * (a beacon relayed over the internet arrives milliseconds late); one that agrees is a real radio
   * link at that distance, which RSSI_ABOVE_MODEL no longer judges. Absent: none.
   */
  secureConcentrators: group({
    deviceClasses: list(integer(0, 2 ** 32 - 1), 1, 'a non-empty list of device classes (integers from 0 to 4294967295)'),
    /** How far the time of flight may be from distance ÷ c, ns: GPS timing error and the asserted cell's size (1,000 ns ≈ 300 m). */
    timeOfFlightToleranceNs: integer(1, 1_000_000_000).default(PINION_TIME_OF_FLIGHT_TOLERANCE_NS),
  }).optional(),
})

/** The wireless parameters kinds see: every field filled in, milliseconds and bytes as bigints, ids in lower case. */
export type WirelessParams = ParamsOf<typeof wirelessParamsSchema>
/** The wireless parameters as pinion.config.ts writes them: every field optional, bigints also as numbers or decimal strings. */
export type WirelessParamsInput = z.input<typeof wirelessParamsSchema>
/** A device the network denies, in public, with the reason (Helium's denylist, made transparent). */
export type DenylistedDevice = WirelessParams['denylist']['devices'][number]
/** A beaconer–witness pair the network denies in either direction, with the reason. */
export type DenylistedEdge = WirelessParams['denylist']['edges'][number]
/** One point of the usage schedule: at `bytes` of verified usage in an epoch, the usage pool gets `usageBps`. */
export type UsagePoint = WirelessParams['usageSchedule'][number]

/**
 * Types wireless parameters in pinion.config.ts, and returns them as given (`defineNetwork` checks
 * them when the config loads): `kinds: { wireless: wirelessParams({ beaconIntervalMs: 15_000n }) }`.
 */
export const wirelessParams = (input: WirelessParamsInput): WirelessParamsInput => input

export const DEFAULT_WIRELESS_PARAMS: WirelessParams = schemaDefaults(wirelessParamsSchema)

/**
 * Validates wireless parameters from config: missing keys take their defaults (a missing key inside
 * a group takes the group's default), unknown keys are errors, and every message says the field,
 * what was given and what was expected. Accepts its own output unchanged.
 */
export function parseWirelessParams(input: unknown, network?: ParamsNetwork): WirelessParams {
  if (network !== undefined) return parseWithSchema('wireless', wirelessParamsSchema.check(fitsEpoch(network.epochMs)), input ?? {})
  return input === undefined || input === null ? DEFAULT_WIRELESS_PARAMS : parseWithSchema('wireless', wirelessParamsSchema, input)
}

/**
 * The wireless rules with the network's epoch of `epochMs`: beacon windows either cut the epoch
 * into whole windows or span whole epochs (Helium's 6 h windows in its 24 h epochs; a devnet's 6 h
 * default in 30 s epochs). Anything else leaves a window straddling each epoch boundary, which a
 * failed beacon takes only within its own epoch (docs/wireless.md), so a hotspot would get a second try.
 */
const fitsEpoch = (epochMs: bigint) =>
  acrossFields<z.output<typeof wirelessParamsSchema>>((params, problem) => {
    const interval = params.beaconIntervalMs
    if (epochMs % interval !== 0n && interval % epochMs !== 0n) {
      problem(['beaconIntervalMs'], interval, `a divisor or a whole multiple of the epoch's ${epochMs} ms, so that beacon windows do not straddle epochs`)
    }
  })
