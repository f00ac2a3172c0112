// The mobile kind: Helium Mobile's proof of coverage for 5G/CBRS and Wi-Fi small cells (hourly
// heartbeats, speedtest tiers, location trust, HIP-74/105 coverage points ranked per hex), with
// Pollen Mobile's one-radio-per-hex rule as an option, and a data pool of carrier-signed subscriber
// sessions, settled in credits, that "eats first" (HIP-147/148). What radios measure is signed by
// infrastructure (a location validator, a speedtest server, the carrier), never by the radio alone.
// Reference: docs/mobile.md.
import type { Kind } from '../src/kind.ts'
import { mobileDevnet } from './devnet.ts'
import { DEFAULT_MOBILE_PARAMS, type MobileParams, parseMobileParams } from './params.ts'
import { MOBILE_PAYLOAD_TYPES, type MobilePayload, decodeMobilePayload } from './payload.ts'
import { MOBILE_FRAUD, MOBILE_REASONS } from './reasons.ts'
import { mobileReceipts } from './receipts.ts'
import { COVERAGE_POOL, DATA_POOL, scoreMobile } from './score.ts'
import { MOBILE_BEHAVIOURS, placeMobileFleet, simulateMobile } from './simulate/index.ts'
import { splitMobilePools } from './splitPools.ts'
import { verifyMobile } from './verify.ts'
import { verifyMobileEpoch } from './verifyEpoch.ts'

export const mobile: Kind<MobileParams, MobilePayload> = {
  name: 'mobile',
  rulesVersion: 1,
  summary:
    'Wi-Fi and CBRS small cells prove coverage with hourly heartbeats, server-signed speedtests and validated locations (Helium Mobile, or Pollen’s one radio per hex), and earn from the subscriber data carriers pay for.',
  reasons: MOBILE_REASONS,
  fraud: MOBILE_FRAUD,
  payloadTypes: MOBILE_PAYLOAD_TYPES,
  pools: [COVERAGE_POOL, DATA_POOL],
  defaultParams: DEFAULT_MOBILE_PARAMS,
  parseParams: parseMobileParams,
  decodePayload: decodeMobilePayload,
  verify: verifyMobile,
  verifyEpoch: verifyMobileEpoch,
  receipts: mobileReceipts,
  score: scoreMobile,
  splitPools: splitMobilePools,
  behaviours: MOBILE_BEHAVIOURS,
  devnet: mobileDevnet,
  simulate: simulateMobile,
  placeFleet: placeMobileFleet,
}

export { type CoveredHex, type SignalLevel, SIGNAL_LEVELS, coverageOf } from './coverage.ts'
export { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY, type InfrastructureKey } from './infrastructure.ts'
export { type HeartbeatTrust, heartbeatTrust, meanTrust } from './locationTrust.ts'
export { DEFAULT_MOBILE_PARAMS, type MobileParams, type MobileParamsInput, heartbeatPeriodsIn, mobileParams, mobileParamsSchema, parseMobileParams } from './params.ts'
export {
  DATA_SESSION_PAYLOAD_TYPE,
  HEARTBEAT_PAYLOAD_TYPE,
  MOBILE_PAYLOAD_TYPES,
  SPEEDTEST_PAYLOAD_TYPE,
  type DataSession,
  type Heartbeat,
  type LocationFix,
  type MobilePayload,
  type Speedtest,
  dataSessionSigningMessage,
  decodeMobilePayload,
  encodeDataSession,
  encodeHeartbeat,
  encodeSpeedtest,
  locationFixSigningMessage,
  signDataSession,
  signLocationFix,
  signSpeedtest,
  speedtestSigningMessage,
} from './payload.ts'
export { RADIO_TYPES, type RadioType, isIndoor } from './radioType.ts'
export { type RankOutcome, type RankedRadio, rankCoverage } from './rank.ts'
export { MOBILE_FRAUD, MOBILE_REASONS, type MobileReason } from './reasons.ts'
export { mobileReceipts, sessionCredits } from './receipts.ts'
export * from './rules.ts'
export { COVERAGE_POOL, DATA_POOL } from './score.ts'
export * from './simulate/index.ts'
export { type Backhaul, backhaulOf } from './speedtestTier.ts'
export { dataBpsAt } from './splitPools.ts'
