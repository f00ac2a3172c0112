// Entry point of @pinion/kinds.
export type {
  DevicePlacement,
  DeviceRecord,
  EpochWindow,
  Kind,
  KindReport,
  LocationAssertion,
  Multiplier,
  PlaceFleetInput,
  RejectedReport,
  ScoreContext,
  Share,
  SimulateInput,
  SimulatedDevice,
  SimulatedReport,
  Verdict,
  VerifyContext,
} from './kind.ts'
export { COMMON_REASONS, type CommonReason } from './reasons.ts'
export { KINDS_ERROR_CODES, type KindsErrorCode } from './errorCodes.ts'
export { kinds } from './registry.ts'
export { seededRandom } from './seededRandom.ts'
export { uptime } from '../uptime/index.ts'
export { wireless } from '../wireless/index.ts'
