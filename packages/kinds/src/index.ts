// Entry point of @pinion/kinds: the Kind interface, what the pipeline shares with every kind, and
// the registry of kinds. Each kind is its own entry point: @pinion/kinds/<name>.
export { type BetaReputation, type ReputationRule, STORJ_AUDIT_REPUTATION, isDisqualified, recordOutcomes, reputationScore } from './betaReputation.ts'
export type { KindChain, KindChainState, KindEvent } from './chain.ts'
export { type Challenge, type ChallengeInput, type ChallengeJson, type IssuedChallenge, challengeFromJson, challengeId, challengeToJson, issueChallenges } from './challenge.ts'
export type { DevnetContext, DevnetDevice, KindDevnet } from './devnet.ts'
export { hasNoInputs, type KindInputs, NO_KIND_INPUTS } from './inputs.ts'
export type {
  DevicePlacement,
  DeviceRecord,
  EpochWindow,
  Kind,
  KindReport,
  LocationAssertion,
  Multiplier,
  ParamsNetwork,
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
export {
  type ParamsProblem,
  describeProblem,
  didYouMean,
  group,
  integer,
  issuesOfParamsError,
  paramsProblems,
  parseIssues,
  pathName,
  ruleIssue,
  unknownKeyIssue,
} from './paramsSchema.ts'
export { qualifiedName, qualifiedPools, reasonWords, splitQualifiedName } from './qualifiedName.ts'
export { type KindReceipt, receiptId } from './receipt.ts'
export type { KindSettlement, SettlementInput, SettlementRecord } from './settlement.ts'
export { COMMON_REASONS, type CommonReason } from './reasons.ts'
export { KINDS_ERROR_CODES, type KindsErrorCode } from './errorCodes.ts'
export { checkKind, kindUnderRules, kinds, registerKinds } from './registry.ts'
export { importModule } from './importModule.ts'
export { compareReports } from './compareReports.ts'
export { seededRandom } from './seededRandom.ts'
