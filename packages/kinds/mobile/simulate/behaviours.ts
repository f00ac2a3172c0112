import type { RadioType } from '../radioType.ts'

/**
 * How simulated mobile radios behave. Every radio heartbeats (one a heartbeat period, now and then
 * missing one), runs speedtests against the devnet's speedtest server, and carries subscribers'
 * data the devnet carrier counter-signs; what differs is what it claims.
 *
 * - honest: where it says; Good or Acceptable backhaul; its heartbeats carry the location
 *   validator's fix of where it is; serves 3–10 subscribers an epoch.
 * - location-spoofer: really at A, asserts B 0.8–5 km away (coverage where it is not). The
 *   validator only ever locates it at A, so by its device id it either carries that honest fix
 *   (location trust 0: the distance), signs a fix at B with its own key
 *   (UNTRUSTED_LOCATION_VALIDATOR), or moves the validator's fix to B (BAD_LOCATION_SIGNATURE). Its
 *   subscribers are real: its data is paid.
 * - speedtest-faker: backhaul that fails Helium's Poor tier; it sends Good numbers instead of its
 *   server-measured ones, by its device id: signed with its own key (UNTRUSTED_SPEEDTEST_SERVER),
 *   a real test with the numbers raised (BAD_SPEEDTEST_SIGNATURE), or real Good tests from before
 *   its link degraded, re-sent (OUTSIDE_EPOCH). Either way fewer than two valid tests: speedtest ×0.
 * - no-service: a radio that heartbeats and passes speedtests but nobody uses; by its device id it
 *   either carries nothing, or adds sessions of made-up subscribers it signs itself
 *   (UNTRUSTED_CARRIER). served ×0.
 * - crowder: an indoor Wi-Fi radio put in the very hex of an honest indoor radio already there
 *   (several radios in one spot, each hoping to be paid for it); honest otherwise. HIP-105 pays
 *   indoor rank 1 only, and the honest radio is senior: rank ×0.
 *
 * The names "forger", "replayer" and "wrong-network" belong to the device package's envelope
 * adversaries and are not used here.
 */
export const MOBILE_BEHAVIOURS = ['honest', 'location-spoofer', 'speedtest-faker', 'no-service', 'crowder'] as const
export type MobileBehaviour = (typeof MOBILE_BEHAVIOURS)[number]

/** The adversarial behaviours, in the order benchmarks report them. */
export const MOBILE_ADVERSARIES = ['location-spoofer', 'speedtest-faker', 'no-service', 'crowder'] as const
export type MobileAdversary = (typeof MOBILE_ADVERSARIES)[number]

export const isMobileBehaviour = (behaviour: string): behaviour is MobileBehaviour => (MOBILE_BEHAVIOURS as readonly string[]).includes(behaviour)

/**
 * The antenna gain (tenths of dBi) a simulated radio of each type asserts: the radio type travels
 * from placeFleet to simulate as the asserted gain (the registry's only per-device field beside
 * the location), a typical antenna of each: 3 dBi Wi-Fi AP, 8 dBi outdoor Wi-Fi, 5 dBi CBRS indoor,
 * 14 dBi CBRS outdoor sector.
 */
export const SIMULATED_ANTENNA_GAIN: Record<RadioType, number> = { 'wifi-indoor': 30, 'wifi-outdoor': 80, 'cbrs-indoor': 50, 'cbrs-outdoor': 140 }

/** The radio type a simulated device's asserted gain stands for (wifi-indoor for any other gain). */
export function simulatedRadioType(antennaGain: number | undefined): RadioType {
  for (const [type, gain] of Object.entries(SIMULATED_ANTENNA_GAIN)) if (gain === antennaGain) return type as RadioType
  return 'wifi-indoor'
}
