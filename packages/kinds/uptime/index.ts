// The uptime kind: devices prove they are online with signed heartbeats, and earn by the number of
// distinct sub-intervals of the epoch they were heard in (Helium Mobile's heartbeat rule, scaled).
import type { Kind } from '../src/kind.ts'
import { DEFAULT_UPTIME_PARAMS, type UptimeParams, parseUptimeParams } from './params.ts'
import { HEARTBEAT_PAYLOAD_TYPE, type Heartbeat, decodeUptimePayload } from './payload.ts'
import { placeUptimeFleet } from './place.ts'
import { UPTIME_REASONS } from './reasons.ts'
import { UPTIME_POOL, scoreUptime } from './score.ts'
import { UPTIME_BEHAVIOURS, simulateUptime } from './simulate.ts'
import { verifyHeartbeat } from './verify.ts'

export const uptime: Kind<UptimeParams, Heartbeat> = {
  name: 'uptime',
  rulesVersion: 1,
  summary: "Devices prove they are online with signed heartbeats, and earn by the share of the epoch's sub-intervals they were heard in (Helium Mobile's heartbeat rule).",
  reasons: UPTIME_REASONS,
  payloadTypes: [HEARTBEAT_PAYLOAD_TYPE],
  pools: [UPTIME_POOL],
  defaultParams: DEFAULT_UPTIME_PARAMS,
  parseParams: parseUptimeParams,
  decodePayload: decodeUptimePayload,
  verify: verifyHeartbeat,
  score: scoreUptime,
  // score tallies each device's heartbeats on their own (score.ts): an epoch of uptime can stream.
  eachDeviceAlone: true,
  behaviours: UPTIME_BEHAVIOURS,
  simulate: simulateUptime,
  // Places only for the map: uptime scores no one by where they are (unless requireLocation asks for one).
  placeFleet: placeUptimeFleet,
}

export {
  DEFAULT_UPTIME_PARAMS,
  type UptimeParams,
  type UptimeParamsInput,
  requiredSubIntervals,
  subIntervalsInEpoch,
  uptimeParams,
  uptimeParamsSchema,
} from './params.ts'
export { HEARTBEAT_PAYLOAD_TYPE, type Heartbeat, MAX_FIRMWARE_VERSION_LENGTH, encodeHeartbeat } from './payload.ts'
export { UPTIME_REASONS, type UptimeReason } from './reasons.ts'
export {
  BASIS_POINTS,
  HELIUM_MOBILE_EPOCH_HOURS,
  HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS,
  HELIUM_MOBILE_MIN_HOURLY_HEARTBEATS,
  HELIUM_MOBILE_REQUIRED_FRACTION_BPS,
} from './rules.ts'
export { UPTIME_TOWNS, placeUptimeFleet } from './place.ts'
export { UPTIME_POOL } from './score.ts'
export { UPTIME_BEHAVIOURS, type UptimeBehaviour } from './simulate.ts'
