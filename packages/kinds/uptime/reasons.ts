/** The uptime kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first). */
export const UPTIME_REASONS = {
  OUTSIDE_EPOCH: "The heartbeat's timestamp is not inside the epoch [start, end): a device clock that is wrong, or a heartbeat kept back to look online later.",
  LOCATION_NOT_ASSERTED: 'The network requires an asserted location (requireLocation) and the device has none in the registry.',
} as const satisfies Record<string, string>

export type UptimeReason = keyof typeof UPTIME_REASONS
