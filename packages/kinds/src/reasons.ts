/**
 * The reasons the epoch pipeline finds a report invalid before any kind sees it, in the order it
 * checks them. Stable codes: stored in verdicts, shown to operators, never reused for another
 * meaning. A kind's own reasons (Kind.reasons) come after these.
 */
export const COMMON_REASONS = {
  MALFORMED_REPORT: 'The bytes are not a SignedReport whose body decodes as a ReportBody with 32-byte device and network ids.',
  UNKNOWN_DEVICE: 'No device with the id the report names is in the registry.',
  BAD_SIGNATURE: "The signature is not the device key's signature over the report body exactly as signed.",
  WRONG_NETWORK: "The report was signed for another network (its network id is not this network's).",
  DEVICE_INACTIVE: 'The device is suspended or retired in the registry.',
  DEVICE_EQUIVOCATED:
    "The device signed two different reports with one sequence number, and both are among the epoch's inputs: proof it misbehaved. Every report of the device in the epoch is void.",
  UNKNOWN_KIND: 'The network runs no kind with the name the report carries.',
  UNKNOWN_PAYLOAD_TYPE: 'The kind has no payload type with the name the report carries.',
  MALFORMED_PAYLOAD: "The payload does not decode as the kind's message for its payload type.",
  STAKE_BELOW_MINIMUM: "The device's stake (bonded for it, plus its equal part of its operator's pool) is below the minimum governance set for the report's kind: it pays nothing.",
  CREDITS_EXHAUSTED:
    "The report's usage receipt costs more credits than remain in the escrow its customer delegated to the service key (after the epoch's earlier receipts, in canonical order): it pays nothing.",
} as const satisfies Record<string, string>

export type CommonReason = keyof typeof COMMON_REASONS
