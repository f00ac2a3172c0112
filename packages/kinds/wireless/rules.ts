/**
 * The rules the wireless kind's defaults come from, each named after the Helium rule, HIP or
 * constant that set it (see ../../../shared/reference/helium.md §2 and docs/wireless.md). Where
 * Helium had no rule (it never checked SNR, transmit power or travel speed), the constant is
 * Pinion's own and says so.
 *
 * Helium's values assume 24 h epochs and 6 h beacon windows; every window below is a parameter, so
 * a devnet scales them down (e.g. 60 s epochs, 15 s beacon windows) without touching the rules.
 */

/** 10,000 basis points = 100 % (or ×1 for a multiplier). */
export const BASIS_POINTS = 10_000

const HOUR_MS = 3_600_000n

// ── Radio plan (Helium region params, US915) ──────────────────────────────────────────────────────

/**
 * Helium's US915 plan: the eight 125 kHz uplink channels of sub-band 2 (903.9–905.3 MHz, 200 kHz
 * apart), the channels hotspots beacon on (helium/proto region_params, US915).
 */
export const HELIUM_US915_CHANNELS_HZ: readonly number[] = Object.freeze([903_900_000, 904_100_000, 904_300_000, 904_500_000, 904_700_000, 904_900_000, 905_100_000, 905_300_000])
/**
 * The US915 datarates whose maximum payload carries Helium's 51-byte beacon (BEACON_PAYLOAD_SIZE):
 * DR3 SF7, DR2 SF8, DR1 SF9 (DR0 SF10 carries at most 11 bytes).
 */
export const HELIUM_US915_BEACON_DATARATES: readonly string[] = Object.freeze(['SF7BW125', 'SF8BW125', 'SF9BW125'])
/** US915 maximum EIRP, 36 dBm (helium/proto region_params max_eirp, deci-dBm). */
export const HELIUM_US915_MAX_EIRP_DECI_DBM = 360
/** Receiver noise figure of a typical SX130x concentrator front end, 6 dB (Pinion; Helium never modelled noise). */
export const PINION_NOISE_FIGURE_DECI_DB = 60
/**
 * How far a witness's SNR may stray from RSSI − noise floor (both clamped to LoRa's reporting
 * range), 6 dB: local interference and the concentrator's estimate (Pinion; Helium never checked SNR).
 */
export const PINION_SNR_TOLERANCE_DECI_DB = 60

// ── Timing ────────────────────────────────────────────────────────────────────────────────────────

/** One beacon per 6 h window (gateway-rs beaconer.rs default interval; iot_verifier `irregular_interval`). */
export const HELIUM_BEACON_INTERVAL_MS = 6n * HOUR_MS
/** iot_verifier poc.rs MAX_BEACON_TO_WITNESS_LAG: a witness at most 4,000 ms after the beacon. */
export const HELIUM_MAX_WITNESS_LAG_MS = 4_000n
/**
 * How far a witness's received_at may precede the beacon's transmitted_at, 1,000 ms: device clocks
 * disagree by tens of ms (Pinion; Helium compared ingest receipt times, not device clocks).
 */
export const PINION_WITNESS_CLOCK_TOLERANCE_MS = 1_000n
/** HIP-106 reciprocity, iot_verifier runner.rs RECIPROCITY_WINDOW: 48 h. */
export const HELIUM_RECIPROCITY_WINDOW_MS = 48n * HOUR_MS
/**
 * How long a device judged as a whole (WITNESS_RING, CO_LOCATED, ASYMMETRIC_HOTSPOT, MISPLACED_HOTSPOT) stays held
 * after the epoch that judged it: Helium's HIP-106 reciprocity window, 48 h (Pinion: Helium judged
 * each epoch afresh; one HIP-106 window means a spoofer caught in one epoch is not paid in the next).
 * @alias a rule of Pinion's own that equals Helium's window by choice, so knip does not call it a duplicate
 */
export const PINION_HELD_WINDOW_MS = HELIUM_RECIPROCITY_WINDOW_MS
/** iot_verifier tx_scaler.rs HIP_17_INTERACTIVITY_LIMIT: a hotspot counts for density if it beaconed in 60 h. */
export const HELIUM_HIP17_INTERACTIVITY_LIMIT_MS = 60n * HOUR_MS

// ── Billing ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Helium IoT bills 1 DC per 24-byte increment of each packet's application payload
 * (iot_packet_verifier; docs tokens/data-credit). A data transfer gives only its totals, so the kind
 * charges ⌈bytes / 24⌉ credits and at least one per packet — never more than Helium would.
 */
export const HELIUM_IOT_BYTES_PER_DC = 24n

// ── Geometry ──────────────────────────────────────────────────────────────────────────────────────

/** iot_verifier poc.rs "below_min_distance": res-11 parents at least 8 H3 cells apart (≈350 m, HIP-136). */
export const HELIUM_MIN_WITNESS_GRID_DISTANCE = 8
/** The resolution Helium measures "too close" at (poc.rs: parents at res 11). */
export const HELIUM_MIN_DISTANCE_RESOLUTION = 11
/** HIP-58 POC_DISTANCE_LIMIT: witnesses at most 100 km from the beaconer. */
export const HELIUM_POC_DISTANCE_LIMIT_M = 100_000
/** iot_verifier poc.rs "invalid_frequency": |Δf| ≤ 100 kHz between beacon and witness. */
export const HELIUM_MAX_FREQUENCY_DELTA_HZ = 100_000
/**
 * Fastest plausible move between two location assertions, 300 km/h (Pinion: a fast train; Helium had
 * no such rule and relied on assert fees).
 */
export const PINION_MAX_TRAVEL_SPEED_KMH = 300
/** How long reports stay invalid after an impossible move, 24 h (Pinion: one Helium epoch). */
export const PINION_TRAVEL_COOLDOWN_MS = 24n * HOUR_MS

// ── Radio model (shared by the verifier and the simulator) ────────────────────────────────────────

/**
 * Log-distance path-loss exponent 3.5 from 1 m, in tenths (Pinion: ground-level LoRa gateways at
 * 915 MHz in towns and farmland; Rappaport's table gives 2.7–3.5 for urban cellular and 3–5 for
 * shadowed urban, and Okumura–Hata's suburban slope for a 10 m antenna is 3.8 per decade). It puts
 * the median reach of a stock 3 dBi hotspot at SF9 near 5.5 km and makes a 30 km link need 3σ of
 * luck, which is what Helium's community saw: its denylist calls witnesses at 30–60 km "physically
 * impossible" (helium/denylist #3374, #3695). The 2.8 Pinion first used closed links over 30–60 km,
 * which left relayed beacons there indistinguishable from real ones.
 */
export const PINION_PATH_LOSS_EXPONENT_TENTHS = 35
/** Log-normal shadowing σ = 8 dB (Pinion: the usual figure for suburban 900 MHz links). */
export const PINION_SHADOWING_SIGMA_DECI_DB = 80
/**
 * How far above the model's prediction at the asserted distance a witness's RSSI may be, 3σ of
 * shadowing (Pinion: Helium only bounded RSSI by free space). A real link that strong happens for
 * about one pair of radios in 740 — a few per cent of the links a fleet hears, since pairs grow with
 * the square of the distance; a relayed beacon, a witness claiming a hotspot far beyond radio reach,
 * or a spoofed location seen from where the radio really is, needs it every time.
 */
export const PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS = 30
/**
 * Rules v3 judge RSSI given reception. A link is only reported when it was heard, so where the
 * model's median falls n below the datarate's sensitivity every real link shows at least n of excess;
 * given that shadowing X exceeded n, P(X > x | X > n) ≈ e^(−(x² − n²) / 2σ²), and the excess may be
 * √(n² + (kσ)²) with k = 4 (Pinion: at n = 0, one honest link in about 31,600 lies beyond it). The
 * 3σ bound of rules v1–v2 took no account of n: it rejected one link in 740 where links close easily
 * and a large share of those heard at the edge of reach, where every link is lucky.
 */
export const PINION_MAX_EXCESS_GIVEN_RECEPTION_SIGMAS_TENTHS = 40
/**
 * Rules v3: no link may need more than 3σ of shadowing luck to be heard at all (Pinion: the 3σ of
 * PINION_MAX_RSSI_ABOVE_MODEL_SIGMAS_TENTHS, now on the luck needed rather than on the excess
 * shown). A relayed beacon, forwarded between hotspots beyond each other's reach, needs that luck every
 * time; an honest pair has it about once in 740.
 */
export const PINION_MAX_RECEPTION_LUCK_SIGMAS_TENTHS = 30

// ── Rewards (HIP-15, HIP-17/HIP-104, HIP-83) ──────────────────────────────────────────────────────

/** HIP-83 "first to witness", iot_verifier settings.rs max_witnesses_per_poc: 14 witnesses rewarded per beacon. */
export const HELIUM_MAX_WITNESSES_PER_POC = 14
/** HIP-15 WITNESS_REDUNDANCY = 4 (iot_verifier runner.rs). */
export const HELIUM_WITNESS_REDUNDANCY = 4
/** HIP-15 POC_REWARD_DECAY_RATE = 0.8, in basis points. */
export const HELIUM_POC_REWARD_DECAY_RATE_BPS = 8_000
/** HIP-15 cap on reward units: 2, in basis points of a unit. */
export const HELIUM_HIP15_UNIT_CAP_BPS = 20_000
/** iot_verifier poc.rs DEFAULT_TX_SCALE = 0.2 for hotspots missing from the density map, in basis points. */
export const HELIUM_DEFAULT_TX_SCALE_BPS = 2_000

/** One row of the HIP-17 density table: at `resolution`, `neighbors`, `target` and `max`. */
export type HexDensityRule = { readonly resolution: number; readonly neighbors: number; readonly target: number; readonly max: number }

/** HIP-104's retuned HIP-17 table (iot_verifier hex_density.rs), resolutions 4 to 10. */
export const HELIUM_HIP104_HEX_DENSITY: readonly HexDensityRule[] = Object.freeze([
  { resolution: 4, neighbors: 2, target: 500, max: 1000 },
  { resolution: 5, neighbors: 4, target: 100, max: 200 },
  { resolution: 6, neighbors: 4, target: 25, max: 50 },
  { resolution: 7, neighbors: 4, target: 5, max: 10 },
  { resolution: 8, neighbors: 2, target: 1, max: 1 },
  { resolution: 9, neighbors: 2, target: 1, max: 1 },
  { resolution: 10, neighbors: 2, target: 1, max: 1 },
])
/** The resolution hotspots are counted at before rolling up (hex_density.rs: res-11 parents). */
export const HELIUM_HIP17_BASE_RESOLUTION = 11
/** file_store iot_valid_poc.rs SCALING_PRECISION: a HIP-17 scale is rounded to 4 decimals (hex_density.rs `round_dp`). */
export const HELIUM_HIP17_SCALING_PRECISION = 4
/**
 * The beacon part of the coverage pool, basis points: Helium's PoC pools are beacons 6 % and
 * witnesses 24 % of the IoT emission (iot_verifier reward_share.rs), so beacons take 6 / 30 of what
 * proof of coverage pays, and witnesses the other 24 / 30.
 */
export const HELIUM_BEACON_SHARE_BPS = 2_000
/**
 * How far a secure concentrator link's time of flight may be from the asserted distance ÷ c, 1,000 ns
 * (Pinion; HIP-72 proposed the hardware, not the bound): GPS-disciplined timestamps err by tens of ns,
 * and two asserted res-12 cells are a few tens of metres from the radios; 1 µs is 300 m. A beacon
 * relayed over the internet arrives milliseconds late, a thousand times beyond it.
 */
export const PINION_TIME_OF_FLIGHT_TOLERANCE_NS = 1_000
