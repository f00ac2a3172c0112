// Entry point of @pinion/kinds.
export type {
  DeviceRecord,
  EpochWindow,
  Kind,
  KindReport,
  Multiplier,
  ScoreContext,
  Share,
  SimulateInput,
  SimulatedDevice,
  SimulatedReport,
  Verdict,
  VerifyContext,
} from './kind.ts'
