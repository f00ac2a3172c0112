import { type Hex, isHex } from 'viem'
import { z } from 'zod'
import type { EpochWindow } from '../src/kind.ts'
import { type ParamsOf, acrossFields, bigintAtLeast, group, integer, invalidParams, list, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import { RADIO_TYPES } from './radioType.ts'
import {
  BASIS_POINTS,
  HELIUM_HEARTBEAT_PERIOD_MS,
  HELIUM_MAX_ALLOWED_SPEEDTEST_SAMPLES,
  HELIUM_MINIMUM_HEARTBEAT_COUNT,
  HELIUM_MIN_REQUIRED_SPEEDTEST_SAMPLES,
  HELIUM_MOBILE_BYTES_PER_DC,
  HIP_134_MIN_UNIQUE_SUBSCRIBERS_PER_DAY,
  HIP_148_DATA_MAX_BPS,
  HIP_149_DAILY_BYTES_APRIL_2026,
  HIP_93_LOCATION_VALIDATION_MAX_AGE_MS,
  HRP_20251107_LOCATION_TRUST,
  PINION_UNSERVED_COVERAGE_BPS,
} from './rules.ts'

const ms = (min: bigint) => bigintAtLeast(min, 'a positive integer number of milliseconds', { decimalStrings: true })

/** A 32-byte ed25519 public key, 0x and 64 hex digits in either case; kept in lower case. */
const KEY = '0x followed by 64 hex digits (a 32-byte ed25519 public key)'
const publicKey = z
  .string({ error: KEY })
  .refine((value) => isHex(value) && value.length === 66, { error: KEY })
  .transform((value) => value.toLowerCase() as Hex)
const keys = (devnet: Hex) => list(publicKey, 0, `a list of ${KEY}s`).default(() => [devnet])

/** One location-trust table (indoor or outdoor): ×1 up to fullTrustMaxM, ×partialTrustBps up to partialTrustMaxM, ×0 beyond. */
const trustTable = (defaults: { fullTrustMaxM: number; partialTrustMaxM: number; partialTrustBps: number }) =>
  group({
    fullTrustMaxM: integer(0, 1_000_000).default(defaults.fullTrustMaxM),
    partialTrustMaxM: integer(0, 1_000_000).default(defaults.partialTrustMaxM),
    partialTrustBps: integer(0, BASIS_POINTS).default(defaults.partialTrustBps),
  })
    .check(
      acrossFields((t, problem) => {
        if (t.partialTrustMaxM < t.fullTrustMaxM) problem(['partialTrustMaxM'], t.partialTrustMaxM, `at least fullTrustMaxM (${t.fullTrustMaxM})`)
      }),
    )
    .prefault({})

/**
 * The mobile kind's parameters: integers only (counts, milliseconds, metres, basis points, bytes),
 * so they hash the same everywhere. Defaults are Helium Mobile's (rules.ts names each after its
 * source) for 24 h epochs; a devnet with 30 s epochs shortens heartbeatPeriodMs and
 * minHeartbeatPeriods (template.config.ts). docs/mobile.md explains each and the attack it stops.
 */
export const mobileParamsSchema = group({
  // Heartbeats
  /** Heartbeats are truncated to this period and counted once per period (Helium: the hour). */
  heartbeatPeriodMs: ms(1n).default(HELIUM_HEARTBEAT_PERIOD_MS),
  /** Distinct heartbeat periods with a valid heartbeat a radio needs in the epoch to be rewarded (Helium's MINIMUM_HEARTBEAT_COUNT, 12 of 24 hours). */
  minHeartbeatPeriods: integer(1, 1_000_000).default(HELIUM_MINIMUM_HEARTBEAT_COUNT),

  // Speedtests
  /** The latest this many valid speedtests of the epoch are averaged (Helium: 6). */
  speedtestSamples: integer(1, 1_000).default(HELIUM_MAX_ALLOWED_SPEEDTEST_SAMPLES),
  /** Fewer valid speedtests than this in the epoch give the speedtest multiplier 0 (Helium: 2). */
  minSpeedtestSamples: integer(1, 1_000).default(HELIUM_MIN_REQUIRED_SPEEDTEST_SAMPLES),

  // Location trust
  /** Asserted-vs-validated distance → trust, indoor radios (HRP-20251107: 300 m / 400 m / ×0.25). */
  indoorLocationTrust: trustTable(HRP_20251107_LOCATION_TRUST.indoor),
  /** The same for outdoor radios (HRP-20251107: 300 m / 400 m / ×0.25). */
  outdoorLocationTrust: trustTable(HRP_20251107_LOCATION_TRUST.outdoor),
  /** A location fix older than this at the heartbeat is ignored: the heartbeat's trust is 0 (HIP-93: 24 h). */
  locationFixMaxAgeMs: ms(1n).default(HIP_93_LOCATION_VALIDATION_MAX_AGE_MS),

  // Coverage
  /**
   * "helium": points per hex by radio type and signal level, ranked per hex (HIP-74/93/105).
   * "pollen": Pollen Mobile's rule, one point per unique hex, to the hex's best-ranked radio only.
   */
  coverageRule: z.enum(['helium', 'pollen'], { error: '"helium" or "pollen"' }).default('helium'),
  /** Unique subscribers (carrier-signed sessions) a radio must serve in the epoch for full coverage rewards (HIP-134's 25 a week, per day: 3). */
  minUniqueSubscribers: integer(0, 1_000_000).default(HIP_134_MIN_UNIQUE_SUBSCRIBERS_PER_DAY),
  /** The coverage multiplier of a radio that served fewer, basis points (Pinion: 0, HIP-149's "paying for existing"). */
  unservedCoverageBps: integer(0, BASIS_POINTS).default(PINION_UNSERVED_COVERAGE_BPS),

  // Data
  /** Bytes (upload + download) per credit a carrier pays for a session (Helium Mobile since 2026-06: 100,000 bytes per DC). */
  bytesPerCredit: bigintAtLeast(1n, 'a positive whole number of bytes', { decimalStrings: true }).default(HELIUM_MOBILE_BYTES_PER_DC),
  /** The data pool's largest share of the kind's budget, basis points (HIP-148: 70 %). */
  dataMaxBps: integer(0, BASIS_POINTS).default(HIP_148_DATA_MAX_BPS),
  /** Verified bytes in an epoch at which the data pool reaches dataMaxBps; below it, in proportion (HIP-149: 97,000 GB a day). */
  dataFullBytes: bigintAtLeast(1n, 'a positive whole number of bytes', { decimalStrings: true }).default(HIP_149_DAILY_BYTES_APRIL_2026),

  // Trust
  /** Carriers' public keys: whose counter-signed data sessions count, and whose escrow pays them (Helium's MobileRouter role). */
  carriers: keys(DEVNET_CARRIER_KEY.publicKey),
  /** Speedtest servers' public keys: whose signed speedtest results count. */
  speedtestServers: keys(DEVNET_SPEEDTEST_SERVER_KEY.publicKey),
  /** Location validators' public keys: whose location fixes count (HIP-93's Wi-Fi-scan geolocation). */
  locationValidators: keys(DEVNET_LOCATION_VALIDATOR_KEY.publicKey),
  /**
   * Registry device classes whose radio type the maker vouches for: a heartbeat of a device of a
   * listed class must name that radio type (RADIO_TYPE_MISMATCH). Absent or unlisted: the
   * heartbeat's radio type is taken as sent.
   */
  deviceClassRadioTypes: list(
    group({ deviceClass: integer(0, 2 ** 32 - 1), radioType: z.enum(RADIO_TYPES, { error: RADIO_TYPES.join(', ') }) }),
    1,
    'a non-empty list of { deviceClass, radioType }',
  ).optional(),
}).check(
  acrossFields((p, problem) => {
    if (p.minSpeedtestSamples > p.speedtestSamples) problem(['minSpeedtestSamples'], p.minSpeedtestSamples, `at most speedtestSamples (${p.speedtestSamples})`)
  }),
)

/** The mobile parameters kinds see: every field filled in, milliseconds and bytes as bigints, keys in lower case. */
export type MobileParams = ParamsOf<typeof mobileParamsSchema>
/** The mobile parameters as pinion.config.ts writes them: every field optional, bigints also as numbers or decimal strings. */
export type MobileParamsInput = z.input<typeof mobileParamsSchema>

/**
 * Types mobile parameters in pinion.config.ts, and returns them as given (`defineNetwork` checks
 * them when the config loads): `kinds: { mobile: mobileParams({ heartbeatPeriodMs: 2_500n }) }`.
 */
export const mobileParams = (input: MobileParamsInput): MobileParamsInput => input

export const DEFAULT_MOBILE_PARAMS: MobileParams = schemaDefaults(mobileParamsSchema)

/**
 * Validates mobile parameters from config (missing keys take their defaults) and accepts its own
 * output unchanged. Given the network's epoch length (when a network's config loads), also refuses
 * a heartbeat minimum its epochs cannot hold (heartbeatPeriodsIn), so the config fails before any
 * epoch runs.
 */
export function parseMobileParams(input: unknown, network?: { readonly epochMs: bigint }): MobileParams {
  const params = input === undefined || input === null ? DEFAULT_MOBILE_PARAMS : parseWithSchema('mobile', mobileParamsSchema, input)
  if (network !== undefined) heartbeatPeriodsIn({ epoch: 0n, startMs: 0n, endMs: network.epochMs, entropy: '0x' }, params)
  return params
}

/**
 * The distinct heartbeat periods (timestamp ÷ heartbeatPeriodMs) an epoch overlaps. Throws
 * PINION_ERR_KIND_PARAMS when minHeartbeatPeriods is more than that: no radio could ever be paid,
 * and the epoch must not silently pay nobody (the network's config is wrong, e.g. Helium's hourly
 * rule on a 30 s devnet epoch).
 */
export function heartbeatPeriodsIn(epoch: EpochWindow, params: MobileParams): number {
  const periods = Number((epoch.endMs - 1n) / params.heartbeatPeriodMs - epoch.startMs / params.heartbeatPeriodMs + 1n)
  if (params.minHeartbeatPeriods > periods) {
    throw invalidParams(
      'mobile',
      ['minHeartbeatPeriods'],
      params.minHeartbeatPeriods,
      `at most ${periods}, the heartbeat periods of ${params.heartbeatPeriodMs} ms in an epoch of ${epoch.endMs - epoch.startMs} ms (shorten heartbeatPeriodMs for short epochs)`,
    )
  }
  return periods
}
