// The compute kind: a market for real work, verified before it is paid. Customers order jobs —
// a WebAssembly (WASI) module and its tasks' inputs — on ComputeMarket; providers bid in a reverse
// auction and win leases paid per second from escrow (Akash), with pay held for an approval window
// (Render). Providers commit to each task's result before revealing it; every oracle re-executes a
// sample of the revealed tasks, drawn from entropy nobody knew at commitment time, on the kind's
// deterministic, metered runtime (Golem's verification by redundancy, done by the oracles). Faults
// close the lease on chain, refund the customer's held pay and burn the provider's collateral;
// emissions pay verified, accepted work by its fuel. docs.md is the reference.
import type { Kind } from '../src/kind.ts'
import { type ComputeCarried, parseComputeCarried } from './carried.ts'
import { carryCompute } from './carry.ts'
import { computeChain } from './chain.ts'
import { computeChallenges } from './challenges.ts'
import { computeDevnet } from './devnet.ts'
import { judgeEpoch } from './judge.ts'
import { type ComputeParams, DEFAULT_COMPUTE_PARAMS, parseComputeParams } from './params.ts'
import { COMPUTE_PAYLOAD_TYPES, type ComputePayload, decodeComputePayload } from './payload.ts'
import { COMPUTE_REASONS } from './reasons.ts'
import { reexecuteTask } from './reexecute.ts'
import { VERIFIED_POOL, scoreCompute } from './score.ts'
import { computeSettlement } from './settlement.ts'
import { COMPUTE_BEHAVIOURS, simulateCompute } from './simulate.ts'
import { verifyComputeReport } from './verify.ts'

export const compute: Kind<ComputeParams, ComputePayload, ComputeCarried> = {
  name: 'compute',
  rulesVersion: 1,
  summary:
    'Providers win leases for customers’ WebAssembly jobs in a reverse auction, commit to each result before revealing it, and are paid from escrow and emissions for work the oracles re-executed at random and found right; wrong, hidden or over-claimed work burns their collateral.',
  reasons: COMPUTE_REASONS,
  payloadTypes: COMPUTE_PAYLOAD_TYPES,
  pools: [VERIFIED_POOL],
  defaultParams: DEFAULT_COMPUTE_PARAMS,
  parseParams: parseComputeParams,
  decodePayload: decodeComputePayload,
  verify: verifyComputeReport,
  verifyEpoch: (reports, ctx) => judgeEpoch(reports, ctx, reexecuteTask).rejections,
  score: scoreCompute,
  carry: carryCompute,
  parseCarried: parseComputeCarried,
  challenges: computeChallenges,
  chain: computeChain,
  devnet: computeDevnet,
  settlement: computeSettlement,
  behaviours: COMPUTE_BEHAVIOURS,
  simulate: simulateCompute,
}

export { type ComputeCarried, reputationOf } from './carried.ts'
export { COMPUTE_MARKET, COMPUTE_MARKET_EVENTS, type ComputeChainState, type Lease, type LeaseState, foldComputeEvents } from './chain.ts'
export { isSampled, resultCommitment } from './commitment.ts'
export { DEVNET_APPROVAL_WINDOW_SECONDS, DEVNET_LEASE_SECONDS, DEVNET_MAX_PRICE_PER_SECOND, DEVNET_RAYTRACE_JOB, devnetJob } from './devnet.ts'
export { type LeaseDuty, RUN_LEASE_CHALLENGE_TYPE } from './duty.ts'
export { taskSeed } from './judge.ts'
export { type JobManifest, decodeManifest, encodeManifest, specHashOf } from './manifest.ts'
export { type LeaseOutcome, leaseOutcomes } from './outcomes.ts'
export { type ComputeParams, type ComputeParamsInput, DEFAULT_COMPUTE_PARAMS, computeParams, computeParamsSchema, parseComputeParams } from './params.ts'
export * from './payload.ts'
export { COMPUTE_REASONS, type ComputeReason, FAULT_REASONS, NO_SHOW, REVEAL_MISSING } from './reasons.ts'
export * from './rules.ts'
export { VERIFIED_POOL } from './score.ts'
export { FAULT_CODES, computeSettlement, hashVerdicts } from './settlement.ts'
export { COMPUTE_BEHAVIOURS, type ComputeBehaviour, type HeldJob, holdJob, simulatedOutput } from './simulate.ts'
export { type TaskUsage, USAGE_TYPED_DATA, signUsage, signUsageWithKey, usageDigest, usageSigner } from './usage.ts'
