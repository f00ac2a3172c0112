/**
 * How simulated wireless hotspots behave. Every behaviour beacons once per beacon window; what
 * differs is where the radio really is and what the device claims to have heard.
 *
 * - honest: really at its asserted location; beacons; reports every beacon its radio hears, with
 *   the RSSI and SNR it measured.
 * - gps-spoofer: really at A, asserts B 5–60 km away (a low-density spot, where HIP-17 pays most).
 *   Its radio is at A: it beacons from there, and of the beacons it hears it claims those plausible
 *   from B, with RSSI and SNR made up from the radio model at the asserted distance (never above the
 *   free-space bound, never below the demodulation floor).
 * - sybil: groups of 2–4 devices in one spot (the same actual cell), asserting cells 400–1,200 m
 *   around it and pairwise not "too close". Each claims, like a spoofer, what the spot hears, and
 *   all witness each other's beacons with RSSI made up for their asserted distances.
 * - witness-ring: groups of 4–8 colluders with no radio at all (actual location null): they send
 *   beacons nobody hears, and made-up witness reports of each other's beacons only, with RSSI/SNR
 *   from the model at their asserted distances (inside the free-space bound, above the floor).
 * - beacon-replayer: really deployed and honest about where; besides its honest reports it
 *   re-submits witness reports of beacons heard in an earlier window of the epoch with fresh
 *   timestamps, and of beacons from before the epoch (old entropy).
 * - relay: pairs 30–90 km apart (beyond what the default radio model's links reach), each honest
 *   where it is, that also forward their own beacons to each other over the internet and report
 *   witnessing them with RSSI/SNR plausible for the distance — in a window where the radio did
 *   reach the partner after all, there is nothing to relay.
 *
 * Traffic (usage.ts): every device with a radio also carries customers' data where its radio
 * really is — honest hotspots, replayers and relays, and spoofers and sybils at their actual spot
 * (a sybil group shares its roof's traffic) — and reports it as router-counter-signed data
 * transfers, labelled honest: the bytes were carried. Rings have no radio and carry nothing.
 *
 * The names "forger", "replayer" and "wrong-network" belong to the device package's envelope
 * adversaries and are not used here.
 *
 * Groups are recovered from the devices alone, so that every epoch's simulation agrees with the
 * placement (groups.ts): sybils by their shared actual cell; rings by single-linkage clustering of
 * their asserted cells (ring devices within RING_LINK_M of each other collude); relays by a greedy
 * matching over their asserted cells.
 */
export const WIRELESS_BEHAVIOURS = ['honest', 'gps-spoofer', 'sybil', 'witness-ring', 'beacon-replayer', 'relay'] as const
export type WirelessBehaviour = (typeof WIRELESS_BEHAVIOURS)[number]

/** The adversarial behaviours, in the order benchmarks report them. */
export const WIRELESS_ADVERSARIES = ['gps-spoofer', 'sybil', 'witness-ring', 'beacon-replayer', 'relay'] as const
export type WirelessAdversary = (typeof WIRELESS_ADVERSARIES)[number]

export const isWirelessBehaviour = (behaviour: string): behaviour is WirelessBehaviour => (WIRELESS_BEHAVIOURS as readonly string[]).includes(behaviour)

/**
 * What a simulated report really is (ground truth for benchmarks):
 * - honest: a beacon transmitted where the device says it is, a witness of what its radio heard, or
 *   a data transfer of traffic its radio carried (whatever the device asserts: the router saw it).
 * - spoofed-beacon: a beacon really transmitted, from somewhere other than the device asserts.
 * - fabricated: a witness report of a beacon heard, with RSSI/SNR made up for a false location, or
 *   of a group member's beacon with made-up RSSI/SNR.
 * - no-radio: a beacon nobody could hear, or a witness report of a beacon never heard (rings).
 * - replayed: a witness report of a beacon heard before, re-submitted.
 * - relayed: a witness report of a beacon forwarded over the internet.
 */
export const REPORT_TRUTHS = ['honest', 'spoofed-beacon', 'fabricated', 'no-radio', 'replayed', 'relayed'] as const
export type ReportTruth = (typeof REPORT_TRUTHS)[number]
