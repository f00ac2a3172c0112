/**
 * The numbers the mobile kind's rules and defaults are made of, each named after the rule (HIP,
 * HRP or Helium source file) that set it; /work/shared/reference/helium.md §3 and docs/mobile.md
 * cite each. Pinion's own choices say so in their names (PINION_…). Every one is a parameter
 * (params.ts) a network may change.
 */

/** 10,000 basis points = ×1 (multipliers) or 100 % (pool shares). */
export const BASIS_POINTS = 10_000

/** Helium's epoch and heartbeat period: heartbeats are truncated to the hour (mobile_verifier heartbeats). */
export const HELIUM_HEARTBEAT_PERIOD_MS = 3_600_000n

/** A radio is rewardable only with this many distinct hourly heartbeats in the 24 h epoch (`MINIMUM_HEARTBEAT_COUNT`). */
export const HELIUM_MINIMUM_HEARTBEAT_COUNT = 12

/** The latest this many speedtests are averaged (`MAX_ALLOWED_SPEEDTEST_SAMPLES`, coverage_point_calculator speedtest.rs). */
export const HELIUM_MAX_ALLOWED_SPEEDTEST_SAMPLES = 6

/** Fewer than this many speedtests give a speedtest multiplier of 0 (`MIN_REQUIRED_SPEEDTEST_SAMPLES`, speedtest.rs). */
export const HELIUM_MIN_REQUIRED_SPEEDTEST_SAMPLES = 2

/**
 * Helium's speedtest tiers (HIP-74 / HIP-98, speedtest.rs), best first: the minimum download and
 * upload (bits per second) and the latency a tier needs (strictly below, ms), and its multiplier
 * in basis points. A radio's tier is the lowest of its download, upload and latency tiers; below
 * Poor is Fail (×0).
 */
export const HELIUM_SPEEDTEST_TIERS = [
  { name: 'good', minDownloadBps: 100_000_000n, minUploadBps: 10_000_000n, maxLatencyMs: 50, multiplierBps: 10_000 },
  { name: 'acceptable', minDownloadBps: 75_000_000n, minUploadBps: 8_000_000n, maxLatencyMs: 60, multiplierBps: 7_500 },
  { name: 'degraded', minDownloadBps: 50_000_000n, minUploadBps: 5_000_000n, maxLatencyMs: 75, multiplierBps: 5_000 },
  { name: 'poor', minDownloadBps: 30_000_000n, minUploadBps: 2_000_000n, maxLatencyMs: 100, multiplierBps: 2_500 },
] as const

/**
 * Location trust by asserted-vs-validated distance, HRP-20251107 (Helium's current table, oracles
 * `c90e2968`): indoor and outdoor alike ×1 up to 300 m, ×0.25 up to 400 m, ×0 beyond. HIP-119's
 * stricter table (indoor 200/300 m, outdoor 75/100 m) is one parameter change away.
 */
export const HRP_20251107_LOCATION_TRUST = {
  indoor: { fullTrustMaxM: 300, partialTrustMaxM: 400, partialTrustBps: 2_500 },
  outdoor: { fullTrustMaxM: 300, partialTrustMaxM: 400, partialTrustBps: 2_500 },
} as const

/** A location validation older than 24 h is ignored (HIP-93; heartbeats' `location_validation_timestamp`). */
export const HIP_93_LOCATION_VALIDATION_MAX_AGE_MS = 86_400_000n

/** The H3 resolution of coverage hexes (HIP-74: res-12 hexes, about 9.4 m edge). */
export const HIP_74_COVERAGE_RESOLUTION = 12

/**
 * Base coverage points per res-12 hex by radio type and signal level (helium.md §3.5):
 * - CBRS outdoor, HIP-74: high 16, medium 8, low 4.
 * - CBRS indoor, HIP-74: own hex 400 (high), neighbours 100 (low).
 * - Wi-Fi indoor, HIP-93: high 400 (own hex), low 100.
 * - Wi-Fi outdoor, oracles `4c30e967` (Sep 2025): high 120, medium 60, low 0.
 */
export const HELIUM_COVERAGE_POINTS = {
  wifiIndoor: { high: 400, medium: 0, low: 100 },
  wifiOutdoor: { high: 120, medium: 60, low: 0 },
  cbrsIndoor: { high: 400, medium: 0, low: 100 },
  cbrsOutdoor: { high: 16, medium: 8, low: 4 },
} as const

/** HIP-105 rank multipliers per hex, basis points: outdoor 1, 0.5, 0.25, then 0. */
export const HIP_105_OUTDOOR_RANK_MULTIPLIERS_BPS = [10_000, 5_000, 2_500] as const
/** HIP-105 rank multipliers per hex, basis points: indoor rank 1 only. */
export const HIP_105_INDOOR_RANK_MULTIPLIERS_BPS = [10_000] as const

/**
 * Pinion's coverage template (a documented simplification of Helium's coverage objects, which the
 * Propagation Calculation Service signed; HIP-135 replaced modelling by per-radio-type templates
 * after 2024-09-26): indoor radios cover their own res-12 hex at high signal and its ring-1
 * neighbours at low signal; outdoor radios cover the res-12 disk around their asserted hex, high
 * within grid distance 1, medium within 3, low within 4 (about 75 m).
 */
export const PINION_COVERAGE_TEMPLATE_RINGS = {
  indoor: { high: 0, medium: 0, low: 1 },
  outdoor: { high: 1, medium: 3, low: 4 },
} as const

/**
 * HIP-134's qualification (more than 25 unique connections in 7 days) per day: 25 ÷ 7 ≈ 3.57,
 * rounded down. A radio that served fewer unique subscribers in the epoch gets
 * PINION_UNSERVED_COVERAGE_BPS of its coverage: existing is not serving (HIP-149's lesson).
 */
export const HIP_134_MIN_UNIQUE_SUBSCRIBERS_PER_DAY = 3

/** What a radio that served too few subscribers keeps of its coverage reward: nothing (HIP-149 retired paying for existing). */
export const PINION_UNSERVED_COVERAGE_BPS = 0

/** Mobile data price since 2026-06: 100,000 bytes per Data Credit, $0.10/GB (mobile_packet_verifier `be329bd7`). */
export const HELIUM_MOBILE_BYTES_PER_DC = 100_000n

/** The data pool's largest share of the kind's budget: 70 % (HIP-148/149's data-transfer bucket). */
export const HIP_148_DATA_MAX_BPS = 7_000

/**
 * Verified bytes in an epoch at which the data pool reaches dataMaxBps: 97,000 GB, Helium Mobile's
 * daily rewardable bytes in April 2026 (HIP-149's motivation data). Below it the pool grows in proportion.
 */
export const HIP_149_DAILY_BYTES_APRIL_2026 = 97_000n * 1_000_000_000n
