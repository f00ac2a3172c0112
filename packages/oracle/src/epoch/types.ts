import type { DeviceRecord, EpochWindow, Kind, KindInputs, SettlementRecord, Share } from '@pinion/kinds'
import type { KeyType, RewardEntry, RewardTree, SealedReport } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import type { CreditsInput, EpochCredits } from './chargeReceipts.ts'
import type { DelegatorPayment, OperatorPool } from './payDelegators.ts'
import type { RevenueShareRule } from './shareRevenue.ts'
import type { SlashOrderDraft, SlashRule } from './slashOrders.ts'

/**
 * What every step after sealing asks of the kinds: the epoch, the registry, the kinds by name, and
 * each kind's parsed parameters and what it carried in from the previous epoch.
 */
export type KindsContext = {
  window: EpochWindow
  devices: ReadonlyMap<Hex, DeviceRecord>
  kinds: ReadonlyMap<string, Kind>
  /** Parsed parameters, by kind name. */
  params: ReadonlyMap<string, unknown>
  /** What each kind carried out of the previous epoch, parsed, by kind name. */
  carried: ReadonlyMap<string, unknown>
  /** Each kind's inputs beyond reports (challenges, revenue, stake), by kind name; NO_KIND_INPUTS when it has none. */
  inputs: ReadonlyMap<string, KindInputs>
}

/**
 * A named slice of every epoch's emission, in basis points of it. A kind's pool is named qualified,
 * "<kind>.<pool>" (e.g. "wireless.coverage"); the network's own pools (oracles, treasury) are bare.
 */
export type PoolSpec = { name: string; basisPoints: number }

/**
 * The pool that receives what no one else can: the rounding remainders of every split, and the
 * whole allocation of a pool whose shares weigh nothing (helium/oracles' "unallocated" rewards).
 * It may also have basis points of its own in `pools` (e.g. a treasury share).
 */
export type ResidualPool = { name: string; recipient: Address }

/** One signature to check: the device's key and the report split into signed bytes and signature. */
export type SignatureCheck = { keyType: KeyType; publicKey: Hex; report: SealedReport }

/**
 * Verifies a batch of signatures, one boolean per check in order. The oracle plugs in its worker
 * pool; the default verifies in this thread. Must be exactly verifyReportSignature, in bulk.
 */
export type VerifySignatures = (batch: readonly SignatureCheck[]) => Promise<boolean[]>

export type EpochInput = {
  window: EpochWindow
  /** keccak256(abi.encode(chainId, registry)); reports signed for another network are invalid. */
  networkId: Hex
  /** The sealed SignedReport bytes, in any order. Identical bytes given twice count once. */
  reports: readonly { signed: Uint8Array }[]
  /** The registry at the epoch's end, by lower-case device id. */
  devices: ReadonlyMap<Hex, DeviceRecord>
  /** The kinds the network runs, by name. */
  kinds: ReadonlyMap<string, Kind>
  /** Each kind's parameters as config gives them (missing: the kind's defaults), by kind name. */
  kindParams: ReadonlyMap<string, unknown>
  /** The epoch's tokens, in the token's smallest unit. */
  emission: bigint
  /** Every pool with its basis points, in order; basis points sum to exactly 10,000. */
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** Each recipient's cumulative amount after the previous epoch (any address case). */
  previousCumulative: ReadonlyMap<Address, bigint>
  /**
   * What each kind carried out of the previous epoch (the previous result's `carried`, or as
   * stored), by kind name; missing for the first epoch or kinds that carry nothing.
   */
  carried?: ReadonlyMap<string, unknown>
  /**
   * Each kind's inputs beyond reports, by kind name: the challenges issued for the epoch, and
   * revenue and stake from the chain (assembleEpochInput). Missing: the kind has none.
   */
  kindInputs?: ReadonlyMap<string, KindInputs>
  /**
   * The rules version each kind ran under, by kind name (see Kind.rulesVersion); missing: each
   * kind's current version, or version 1 under params document 2 (an epoch from before rules
   * versions existed). Replaying an old epoch gives the versions it was computed with.
   */
  rules?: ReadonlyMap<string, number>
  /**
   * The shape of the document paramsHash hashes (paramsHash.ts): 3, the default, or 2 for an epoch
   * computed before rules versions and kind inputs existed (its document named a kind's pools by
   * their local names, and had neither).
   */
  paramsDocument?: ParamsDocumentVersion
  /**
   * The credit escrows and price as of the epoch's end, and what the network charged before it, on
   * networks that run the Credits contract: the kinds' usage receipts are charged against them
   * (chargeReceipts.ts). Missing: no receipts are charged, as before credits existed.
   */
  credits?: CreditsInput
  /**
   * On networks that pay operators a share of their revenue (shareRevenue.ts): how much of it, and
   * at most how much of the emission. Missing: revenue decides no amounts beyond what kinds make of it.
   */
  revenueShare?: RevenueShareRule
  /**
   * Stake the network's Staking contract held for each device at the epoch's end (lower-case id):
   * every kind sees it in `inputs.stake`, added to its own contracts', and slash orders take from it.
   */
  stake?: ReadonlyMap<Hex, bigint>
  /**
   * On networks with a Staking contract: each operator's pool at the epoch's end (lower-case address),
   * whose delegators are paid their part of its devices' rewards (payDelegators.ts). Missing or empty: none.
   */
  operators?: ReadonlyMap<Address, OperatorPool>
  /**
   * On networks with a Staking contract: the minimum stake governance set per kind; a device below
   * its kind's minimum earns nothing (minimumStake.ts). Missing or empty: none.
   */
  minimumStakes?: ReadonlyMap<string, bigint>
  /** On networks that slash: how much of a cheating device's stake an order takes. Missing: no slash orders. */
  slashing?: SlashRule
}

/** The versions of the paramsHash document (paramsHash.ts). */
type ParamsDocumentVersion = 2 | 3

export type EpochOptions = {
  /** Signature verification in bulk (default: in this thread). */
  verifySignatures?: VerifySignatures
  /** Threads for the reward tree's hashing, this one included (default: every core). */
  treeThreads?: number
}

/** The verdict on one report, as the `verdicts` table stores it. */
export type ReportVerdict = {
  reportId: Hex
  /** null only for MALFORMED_REPORT: bytes that never said which device they came from. */
  deviceId: Hex | null
  sequence: bigint | null
  kind: string | null
  valid: boolean
  /** null when valid; else a code from COMMON_REASONS, or one of the kind's reasons qualified ("wireless.WITNESS_TOO_FAR"). */
  reason: string | null
}

/** A share with where its amount goes and how much it is, as the `shares` table stores it (revenue shares in pool "revenue"). */
export type PaidShare = Share & { recipient: Address; amount: bigint }

/**
 * One row of `pool_allocations`. For a pool with shares: allocation = paid + remainder, the
 * remainder going to the residual pool. For the residual pool: allocation is its own basis points
 * plus the dust of the basis-point split, and paid is that plus every other pool's remainder —
 * everything its recipient receives; its remainder is 0. Allocations sum to the emission, and so
 * do the paid amounts.
 */
export type PoolAllocation = {
  pool: string
  /** The basis points this epoch paid the pool: as configured, or as its kind split them (splitPools). */
  basisPoints: number
  allocation: bigint
  paid: bigint
  remainder: bigint
  /**
   * Σ weights of the pool's shares (0 for the residual pool): each share's amount is
   * allocation × weight ÷ totalWeight, rounded toward zero, which an operator can redo from this.
   */
  totalWeight: bigint
}

export type EpochResult = {
  epoch: bigint
  /** keccak256 over the report ids in canonical order (see canonicalOrder.ts). */
  inputsHash: Hex
  /** keccak256 of the canonical JSON of every parameter that decided the result (see paramsHash.ts). */
  paramsHash: Hex
  /** One per distinct report, in canonical order. */
  verdicts: ReportVerdict[]
  /** Every share the kinds gave (kinds by name, then each kind's order), with its amount. */
  shares: PaidShare[]
  /** Configured pools in order, then the residual pool if it has no basis points of its own. */
  pools: PoolAllocation[]
  /** What the residual pool's recipient receives this epoch (its row's `paid`). */
  residualAmount: bigint
  /**
   * Every recipient with a cumulative amount above zero, lower-case, in ascending address order:
   * the `cumulative` table's rows and the tree's entries (the same array).
   */
  cumulative: readonly RewardEntry[]
  /** The reward root, or bytes32(0) when no one has ever earned anything. */
  root: Hex
  totalCumulative: bigint
  /** The tree, for proofs (tree.indexOf(recipient), tree.proof(index)); null when `cumulative` is empty. */
  tree: RewardTree | null
  /** What each kind carries into the next epoch, as plain canonical JSON, by kind name. */
  carried: Map<string, unknown>
  /** The rules version each kind ran under, by kind name: stored with the epoch, so a replay applies them again. */
  rules: Map<string, number>
  /** The usage receipts the epoch charged, to settle on chain, and the credit ledger after it; null without credits. */
  credits: EpochCredits | null
  /** What each operator's delegators were paid of its devices' rewards (payDelegators.ts); empty without operators. */
  delegations: DelegatorPayment[]
  /** The slash orders the verdicts call for (slashOrders.ts), by device id; empty on networks that do not slash. */
  slashOrders: SlashOrderDraft[]
  /** What the kinds settle on their own contracts once the root is committed (Kind.settlement), by kind; only kinds that gave records. */
  settlements: Map<string, SettlementRecord[]>
  /** The paramsHash document version the epoch was hashed with. */
  paramsDocument: ParamsDocumentVersion
  counts: {
    /** Distinct reports (identical bytes count once). */
    reports: number
    valid: number
    /** Devices with at least one valid report. */
    devices: number
  }
}
