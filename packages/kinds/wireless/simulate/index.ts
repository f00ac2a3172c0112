// The wireless kind's simulator: fleets placed over towns and countryside (placeWirelessFleet) and
// their reports, honest and adversarial, under the kind's own radio model (simulateWireless).
export {
  REPORT_TRUTHS,
  type ReportTruth,
  WIRELESS_ADVERSARIES,
  WIRELESS_BEHAVIOURS,
  type WirelessAdversary,
  type WirelessBehaviour,
  isWirelessBehaviour,
} from './behaviours.ts'
export { DEFAULT_WORLD, type World } from './geography.ts'
export { type Groups, recoverGroups } from './groups.ts'
export { placeWirelessFleet } from './place.ts'
export { type LabelledReport, airtimeMs, beaconWindows, simulateWireless, simulateWirelessLabelled } from './simulate.ts'
export {
  LORAWAN_OVERHEAD_BYTES,
  SIMULATED_APP_PAYLOAD_BYTES,
  SIMULATED_USAGE_BYTES_PER_DAY,
  SIMULATED_USAGE_CAPACITY_BYTES_PER_DAY,
  SIMULATED_USAGE_DAILY_SIGMA,
  SIMULATED_USAGE_DEMAND_SIGMA,
  SIMULATED_USAGE_MAX_SESSIONS_PER_DAY,
  SIMULATED_USAGE_SESSION_BYTES,
  SIMULATED_USAGE_TOWN_RADIUS_M,
  networkTimeScale,
  simulateUsage,
  spotDemands,
} from './usage.ts'
export { TILE_SPACING_KM, tileOrigin, tileWorld } from './tiles.ts'
