// The storage kind: providers keep customers' files and prove it, Filecoin PDP's way. Each deal a
// customer makes with a provider on StorageMarket is a data set of pieces with their PDP roots on
// chain; each epoch is a proving period, in which the epoch's entropy draws leaves of every active
// deal's data set, and the provider answers with the leaves and their Merkle paths before the
// deadline. Proven periods release the deal's escrow to the provider and earn the `proven` pool by
// bytes held; a missed or wrong proof is a fault, its fee taken from the deal's collateral. Each
// provider's reputation is Storj's α/β over its periods. docs.md is the reference.
import type { Kind } from '../src/kind.ts'
import { type StorageCarried, carryStorage, parseStorageCarried } from './carry.ts'
import { storageChain } from './chain.ts'
import { storageChallenges } from './challenges.ts'
import { storageDevnet } from './devnet.ts'
import { DEFAULT_STORAGE_PARAMS, type StorageParams, parseStorageParams } from './params.ts'
import { POSSESSION_PROOF_PAYLOAD_TYPE, type PossessionProof, decodeStoragePayload } from './payload.ts'
import { STORAGE_REASONS } from './reasons.ts'
import { PROVEN_POOL, scoreStorage } from './score.ts'
import { storageSettlement } from './settlement.ts'
import { STORAGE_BEHAVIOURS, simulateStorage } from './simulate.ts'
import { verifyPossessionProof } from './verify.ts'
import { verifyStorageEpoch } from './verifyEpoch.ts'

export const storage: Kind<StorageParams, PossessionProof, StorageCarried> = {
  name: 'storage',
  rulesVersion: 1,
  summary:
    "Providers keep customers' files and prove it every proving period with Merkle proofs of leaves drawn from chain entropy (Filecoin's PDP), paid from each deal's escrow for the periods they prove and losing collateral for the ones they miss.",
  reasons: STORAGE_REASONS,
  payloadTypes: [POSSESSION_PROOF_PAYLOAD_TYPE],
  pools: [PROVEN_POOL],
  defaultParams: DEFAULT_STORAGE_PARAMS,
  parseParams: parseStorageParams,
  decodePayload: decodeStoragePayload,
  verify: verifyPossessionProof,
  verifyEpoch: verifyStorageEpoch,
  score: scoreStorage,
  carry: carryStorage,
  parseCarried: parseStorageCarried,
  challenges: storageChallenges,
  chain: storageChain,
  devnet: storageDevnet,
  settlement: storageSettlement,
  behaviours: STORAGE_BEHAVIOURS,
  simulate: simulateStorage,
}

export { type Deal, type DealPiece, type DealState, STORAGE_MARKET, STORAGE_MARKET_EVENTS, type StorageChainState, foldStorageEvents } from './chain.ts'
export { type StorageCarried, reputationOf } from './carry.ts'
export { firstPeriodOf, owesProof, periodSeed } from './challenges.ts'
export { DEVNET_COLLATERAL, DEVNET_DEAL_PERIODS, DEVNET_FAULT_FEE, DEVNET_PRICE_PER_PERIOD, devnetPieces } from './devnet.ts'
export { type PeriodOutcome, type RejectedProof, periodOutcomes } from './outcomes.ts'
export { DEFAULT_STORAGE_PARAMS, type StorageParams, type StorageParamsInput, parseStorageParams, storageParams, storageParamsSchema } from './params.ts'
export {
  type ChallengedLeaf,
  type LeafProof,
  POSSESSION_PROOF_PAYLOAD_TYPE,
  PROVE_POSSESSION_CHALLENGE_TYPE,
  type PossessionProof,
  type ProvePossession,
  decodeProvePossession,
  encodePossessionProof,
} from './payload.ts'
export { PERIOD_NOT_PROVEN, STORAGE_REASONS, type StorageReason } from './reasons.ts'
export * from './rules.ts'
export { PROVEN_POOL } from './score.ts'
export { storageSettlement } from './settlement.ts'
export { STORAGE_BEHAVIOURS, type StorageBehaviour, holdPieces, releasePieces } from './simulate.ts'
