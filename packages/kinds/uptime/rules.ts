/**
 * The rules the uptime kind's defaults come from. Helium Mobile is the reference: its verifier
 * truncates every heartbeat to the hour and pays a radio only if it saw at least 12 distinct hours
 * in the 24-hour epoch (helium/oracles `mobile_verifier/src/heartbeats`, `MINIMUM_HEARTBEAT_COUNT =
 * 12` over `hours_seen: [bool; 24]`; a verifier constant, not a number any HIP sets — see
 * ../../../shared/reference/helium.md §3.2). Pinion keeps the rule's shape and scales it: a
 * sub-interval instead of the hour, a fraction of the epoch's sub-intervals instead of 12 of 24.
 */

/** Helium Mobile truncates heartbeats to the hour: one hour is one sub-interval. */
export const HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS = 3_600_000n
/** Helium Mobile's `MINIMUM_HEARTBEAT_COUNT`: distinct hourly heartbeats a radio needs per epoch. */
export const HELIUM_MOBILE_MIN_HOURLY_HEARTBEATS = 12
/** Helium's epoch is 24 hours (helium-sub-daos `EPOCH_LENGTH`). */
export const HELIUM_MOBILE_EPOCH_HOURS = 24

/** 10,000 basis points = 100 % (or ×1 for a multiplier). */
export const BASIS_POINTS = 10_000
/** 12 of 24 hours as basis points: 5,000 (half the epoch's sub-intervals). */
export const HELIUM_MOBILE_REQUIRED_FRACTION_BPS = (HELIUM_MOBILE_MIN_HOURLY_HEARTBEATS * BASIS_POINTS) / HELIUM_MOBILE_EPOCH_HOURS
