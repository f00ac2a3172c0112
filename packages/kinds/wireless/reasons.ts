/**
 * The wireless kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first). Stable
 * codes: stored in verdicts, shown to operators, never reused for another meaning. The first group
 * is decided by `verify` from one report alone, in this order; the second by `verifyEpoch`, which
 * sees every report of the epoch, also in this order. docs/wireless.md says which attack each stops.
 */
export const WIRELESS_REASONS = {
  // ── verify: one report ──────────────────────────────────────────────────────────────────────────
  OUTSIDE_EPOCH: "The report's timestamp is not inside the epoch [start, end).",
  TIMESTAMP_MISMATCH: "The envelope's timestamp is not the payload's own time (a beacon's transmitted_at, a witness's received_at): one of the two was edited.",
  LOCATION_NOT_ASSERTED: 'The device had no asserted location at the time of the beacon or witness; coverage needs a place.',
  IMPOSSIBLE_TRAVEL:
    'The device moved between two location assertions faster than maxTravelSpeedKmh; its beacons and witnesses are invalid for travelCooldownMs after the later assertion.',
  DENYLISTED:
    "The network's public denylist names the device (params.denylist.devices, with the reason given there); its beacons and witnesses are invalid (its data transfers, counter-signed by the customer, still count).",
  HELD_AFTER_JUDGEMENT:
    "The device was judged as a whole (WITNESS_RING, CO_LOCATED, ASYMMETRIC_HOTSPOT or MISPLACED_HOTSPOT) in an earlier epoch and is held until heldWindowMs after that epoch's end: its beacons and witnesses are invalid until the window passes (its data transfers, counter-signed by the customer, still count). The carried state names the reason and the epoch that judged it (held[device] = { reason, epoch, atMs }); a device judged again when the hold ends is held again.",
  DATA_ONLY_HOTSPOT:
    "The device's class is one params.dataOnlyDeviceClasses names: a data-only hotspot, which may neither beacon nor witness (Helium's invalid_capability); its data transfers still count.",
  ENTROPY_MISMATCH: "The beacon was not built from this epoch's entropy: precomputed, replayed from another epoch, or stale.",
  INVALID_FREQUENCY:
    "The frequency is not a channel of the device's radio plan (its region's in params.regions, else params.channelsHz; a witness's may be up to maxFrequencyDeltaHz off one), or the datarate is not one of the plan's.",
  INVALID_BEACON:
    'The beacon is not the one the device had to send: its data is not keccak256(prefix ‖ entropy ‖ local entropy ‖ device id), or its channel or datarate is not the one its data selects, or it repeats the data of an earlier beacon.',
  TX_POWER_ABOVE_LIMIT: "The beacon's conducted power plus the device's asserted antenna gain exceeds its region's maximum EIRP (params.regions, else maxEirpDeciDbm).",
  SELF_WITNESS: 'A device reported witnessing its own beacon.',
  DENYLISTED_EDGE: "The network's public denylist names this beaconer–witness pair (params.denylist.edges, with the reason given there).",
  SNR_INCONSISTENT:
    "The witness's SNR is not what its RSSI implies (|SNR − (RSSI − noise floor)| beyond snrToleranceDeciDb, both clamped to LoRa's range), or is below what its datarate can demodulate: radio metadata made up rather than measured.",
  UNAUTHORISED_ROUTER: "The data transfer is signed by a router key the network's params do not list (params.routers).",
  BAD_ROUTER_SIGNATURE: "The router's signature is not valid for this hotspot and these transfer values.",
  DATA_TRANSFER_OUT_OF_EPOCH: 'The data transfer did not start and end inside the epoch.',
  IMPLAUSIBLE_DATA_TRANSFER: 'The data transfer ends before it starts, has no packets, or more bytes than its packets can carry (255 bytes, the largest LoRa payload, per packet).',

  // ── verifyEpoch: the whole epoch ───────────────────────────────────────────────────────────────
  DUPLICATE_DATA_TRANSFER: 'The hotspot already claimed this router session (same router key and session id) in another report; the first in canonical order counts.',
  IRREGULAR_INTERVAL:
    'The device already had a beacon in this beacon window (beaconIntervalMs, windows aligned to unix time 0), this epoch or carried from the last; only the first counts.',
  UNKNOWN_BEACON:
    'No valid beacon of the named beaconer with this data exists in the epoch: the beacon was never sent, was invalid, or is a replay from an earlier window or epoch.',
  DUPLICATE_WITNESS: 'The device already reported witnessing this beacon; the first report in canonical order counts.',
  WITNESS_TOO_LATE: "The witness was received more than maxWitnessLagMs after the beacon's transmitted_at (Helium's 4 s lag): a replay or a relay.",
  WITNESS_TOO_EARLY: "The witness was received before the beacon's transmitted_at by more than witnessClockToleranceMs: a witness can't precede its beacon.",
  WRONG_REGION:
    "The witness is asserted in another LoRa region than the beaconer (params.regions): it listens on other channels, so it cannot have heard the beacon (Helium's invalid_region).",
  FREQUENCY_MISMATCH: "The witness's frequency differs from the beacon's by more than maxFrequencyDeltaHz, or its datarate differs from the beacon's.",
  WITNESS_TOO_CLOSE: 'Beaconer and witness are asserted closer than minWitnessGridDistance res-11 H3 cells: nearby radios prove no coverage.',
  WITNESS_TOO_FAR: 'Beaconer and witness are asserted farther apart than maxWitnessDistanceM (HIP-58: 100 km).',
  TIME_OF_FLIGHT_MISMATCH:
    "Beaconer and witness both time-stamp packets with a secure concentrator (params.secureConcentrators) and the witness's time of flight — its gps_time_ns minus the beacon's — differs from the asserted distance ÷ c by more than timeOfFlightToleranceNs: the beacon did not travel by radio over that distance (a relay over the internet arrives milliseconds late), or one of the asserted places is false.",
  RSSI_ABOVE_FREE_SPACE:
    "The witness's RSSI is above what free space allows at the asserted distance (tx power + both antenna gains − FSPL): the asserted locations are not where the radios are.",
  WITNESS_RING:
    "The device belongs to a closed group — nobody outside it heard any member — of at most ring.maxGroupSize devices, while active hotspots outside the group and within radio range should, under the radio model, have heard its members at least ring.minExpectedHearersMilli / 1000 times between them. Real radios there would be heard; the group's witness reports of each other are made up.",
  CO_LOCATED:
    "The device's radio fingerprint (the path gain its beacons show at each common witness) matches another hotspot's — within coLocated.maxRssiDeltaDeciDb at coLocated.minAgreeingBps of at least coLocated.minCommonWitnesses common witnesses, with a root mean square difference of at most coLocated.maxRmsDeltaDeciDb — while their asserted locations are at least coLocated.minAssertedDistanceM apart: several hotspots in one spot claiming to be in several. Every device of the group is rejected.",
  ASYMMETRIC_HOTSPOT:
    "At least symmetry.minAsymmetricBps of the device's two-way links (it heard a hotspot that heard it; symmetry.minTwoWayLinks at least), and at least symmetry.minAsymmetricLinks of them, are asymmetric: radio paths are reciprocal, so the path gains it reports hearing do not match how others hear it. What it says it hears is made up — typically a GPS spoofer claiming what it would hear at its asserted spot. Every device found is rejected.",
  MISPLACED_HOTSPOT:
    "At least misplaced.minInconsistentWitnesses of the distinct hotspots that heard the device's beacons, and at least misplaced.minInconsistentBps of those whose links passed the per-link checks or were physically impossible, heard it inconsistently with its asserted location: above free space, with a time of flight that does not fit (secure concentrators), weaker than the model by more than locationConfidence.consistentSigmasTenths / 10 σ, or stronger by more than what reception needed and that many σ besides (see linkConsistent). Its radio is not where it says — a GPS spoofer heard by its real neighbours. Witnesses already judged as a whole do not count. Every device found is rejected.",
  ASYMMETRIC_LINK:
    'The beaconer and the witness heard each other with mean path gains (RSSI − conducted power − both antenna gains) more than symmetry.maxPathGainDeltaDeciDb apart (wider for pairs heard once or twice a way: three fading σ of the difference); radio paths are reciprocal, so one direction was made up, and the witness reports of the pair, both ways, are rejected.',
  RSSI_ABOVE_MODEL:
    'The link is stronger than the radio model allows at the asserted distance (tx power + both antenna gains − PL(d)). Rules v3 judge it given that it was received: it needed more than rssiGivenReception.neededSigmasTenths / 10 shadowing σ of luck to be heard at its datarate at all, or its RSSI exceeds the prediction by more than that luck and excessSigmasTenths / 10 σ besides (√(n² + (kσ)²)); rules v1–v2, by more than maxRssiAboveModelSigmasTenths / 10 σ. Such a link is rare between real radios, and the norm for a beacon relayed over the internet to a hotspot beyond radio reach, or for a location asserted far from where the radio is.',
  NO_RECIPROCITY_BEACONER:
    'HIP-106: the beaconer sent no witness of another beacon that passed the witness checks within reciprocityWindowMs before this beacon: it transmits but never listens.',
  NO_RECIPROCITY_WITNESS: 'HIP-106: the witness had no beacon heard by at least one other hotspot within reciprocityWindowMs before this witness: it listens but never transmits.',
} as const satisfies Record<string, string>

export type WirelessReason = keyof typeof WIRELESS_REASONS

/**
 * The verdicts that prove a hotspot cheated (Kind.fraud), with how many of its reports in one epoch
 * it takes. The classifiers judge a device as a whole, so one verdict is proof: a ring's fabricated
 * graph, a roof of sybils, a hotspot whose links contradict where it says it is. Replays take three:
 * one witness past the 4 s lag can be a slow packet forwarder, and one second witness of a beacon a
 * stray retry with a new sequence; three in an epoch are a device re-submitting what it heard before
 * (the fraud benchmark's replayers: their replays are DUPLICATE_WITNESS, honest hotspots never are).
 * A witness of a beacon the epoch does not hold (UNKNOWN_BEACON)
 * proves nothing: honest hotspots witness beacons that were rejected (a spoofer's, a ring's), and the
 * benchmark slashed fifteen honest hotspots of twenty-four for it.
 */
export const WIRELESS_FRAUD = {
  WITNESS_RING: 1,
  CO_LOCATED: 1,
  ASYMMETRIC_HOTSPOT: 1,
  MISPLACED_HOTSPOT: 1,
  WITNESS_TOO_LATE: 3,
  DUPLICATE_WITNESS: 3,
} as const satisfies Partial<Record<WirelessReason, number>>
