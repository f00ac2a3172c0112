/** The mobile kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first): verify's, then verifyEpoch's. */
export const MOBILE_REASONS = {
  OUTSIDE_EPOCH:
    "The report's moment — a heartbeat's timestamp, a speedtest's measured_at, a data session's start or end — is outside the epoch: evidence from another epoch, replayed or stockpiled (Helium's HeartbeatOutsideRange).",
  LOCATION_NOT_ASSERTED: "The radio has no asserted location in the registry, so it has no coverage to reward (Helium's GatewayNotAsserted).",
  RADIO_TYPE_MISMATCH:
    "The heartbeat names a radio type other than the one params.deviceClassRadioTypes gives the device's registry class: an indoor radio claiming outdoor's hexes, or Wi-Fi claiming CBRS's points.",
  UNTRUSTED_LOCATION_VALIDATOR: "The heartbeat's location fix is signed by a key that is not one of params.locationValidators: a radio vouching for its own location.",
  BAD_LOCATION_SIGNATURE:
    "The location fix's signature is not its validator's over this device, cell and time: a fix altered (moved to the asserted cell) or taken from another radio.",
  FIX_AFTER_HEARTBEAT: 'The location fix is dated after the heartbeat that carries it: a fix that could not have existed when the heartbeat was sent.',
  UNTRUSTED_SPEEDTEST_SERVER: 'The speedtest is signed by a key that is not one of params.speedtestServers: backhaul numbers the radio made up and signed itself.',
  BAD_SPEEDTEST_SIGNATURE:
    "The speedtest's signature is not its server's over this device and these numbers: a real test with its numbers inflated, or another radio's test claimed as this one's.",
  UNTRUSTED_CARRIER: 'The data session is signed by a key that is not one of params.carriers: traffic no carrier will pay for.',
  BAD_CARRIER_SIGNATURE: "The data session's signature is not its carrier's over this device, subscriber and byte counts: a session altered or claimed by another radio.",
  IMPLAUSIBLE_DATA_SESSION: 'The data session ends before it starts or carried no bytes.',
  RADIO_TYPE_CHANGED:
    "The heartbeat names another radio type than the device's first valid heartbeat of the epoch (earliest, then lowest sequence): one radio, one type per epoch.",
  DUPLICATE_SPEEDTEST: 'Another report of the device already claimed this speedtest (same server and test id): one test counts once, however often it is sent.',
  DUPLICATE_DATA_SESSION: 'Another report already claimed this data session (same device, carrier and session id): one session is paid once.',
} as const satisfies Record<string, string>

export type MobileReason = keyof typeof MOBILE_REASONS

/**
 * The reasons that prove a radio cheated rather than erred, with how many reports of one epoch make
 * the proof (Kind.fraud): honest firmware forwards only what infrastructure signed, so one forged
 * or altered signature is proof; an untrusted key twice, since a network rotating its keys could
 * catch an honest radio once with a fix or test signed just before.
 */
export const MOBILE_FRAUD: Readonly<Partial<Record<MobileReason, number>>> = {
  BAD_LOCATION_SIGNATURE: 1,
  BAD_SPEEDTEST_SIGNATURE: 1,
  BAD_CARRIER_SIGNATURE: 1,
  UNTRUSTED_LOCATION_VALIDATOR: 2,
  UNTRUSTED_SPEEDTEST_SERVER: 2,
}
