// The ping kind: proof of responsiveness with stake and paid service. Each epoch the network challenges
// every staked device a few times, at moments drawn from the epoch's entropy; a device answers each
// challenge with a signed pong before its deadline. Devices earn from answered challenges
// (availability) and from what customers paid PingMarket for their service (service). Pinion's worked
// example of a complete kind: docs/writing-a-kind.md walks through this folder.
import type { Kind } from '../src/kind.ts'
import { pingChain } from './chain.ts'
import { pingChallenges } from './challenges.ts'
import { pingDevnet } from './devnet.ts'
import { DEFAULT_PING_PARAMS, type PingParams, parsePingParams } from './params.ts'
import { PONG_PAYLOAD_TYPE, type Pong, decodePingPayload } from './payload.ts'
import { PING_REASONS } from './reasons.ts'
import { AVAILABILITY_POOL, SERVICE_POOL, scorePing } from './score.ts'
import { PING_BEHAVIOURS, simulatePing } from './simulate.ts'
import { splitPingPools } from './splitPools.ts'
import { verifyPong } from './verify.ts'
import { verifyPingEpoch } from './verifyEpoch.ts'

export const ping: Kind<PingParams, Pong> = {
  name: 'ping',
  rulesVersion: 1,
  summary:
    'Staked devices prove they are reachable by answering challenges drawn from chain entropy before a deadline, and earn for the challenges they answer and for the service customers pay them for.',
  reasons: PING_REASONS,
  payloadTypes: [PONG_PAYLOAD_TYPE],
  pools: [AVAILABILITY_POOL, SERVICE_POOL],
  defaultParams: DEFAULT_PING_PARAMS,
  parseParams: parsePingParams,
  decodePayload: decodePingPayload,
  verify: verifyPong,
  verifyEpoch: verifyPingEpoch,
  score: scorePing,
  splitPools: splitPingPools,
  challenges: pingChallenges,
  chain: pingChain,
  devnet: pingDevnet,
  behaviours: PING_BEHAVIOURS,
  simulate: simulatePing,
}

export { PING_MARKET, PING_MARKET_EVENTS, deviceIdFromUint, foldPingEvents } from './chain.ts'
export { challengeNonce, challengeSeed } from './challenges.ts'
export { MAX_PAYMENT_TOKENS, PAID_DEVICE_PROBABILITY, PING_GENESIS_TOKENS, paymentsFor, stakeTarget } from './devnet.ts'
export {
  DEFAULT_PING_PARAMS,
  type PingParams,
  type PingParamsInput,
  challengeSlotMs,
  issueRoomMs,
  parsePingParams,
  pingParams,
  pingParamsSchema,
} from './params.ts'
export { PING_CHALLENGE_TYPE, PONG_PAYLOAD_TYPE, type Pong, decodePing, decodePingPayload, encodePing, encodePong, pongAnswer } from './payload.ts'
export { PING_REASONS, type PingReason } from './reasons.ts'
export * from './rules.ts'
export { AVAILABILITY_POOL, SERVICE_POOL } from './score.ts'
export { PING_BEHAVIOURS, type PingBehaviour } from './simulate.ts'
export { serviceBpsAt } from './splitPools.ts'
