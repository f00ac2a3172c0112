import type { Address, Hex, TypedDataDefinition } from 'viem'
import type { Challenge } from './challenge.ts'
import type { EpochWindow, KindReport } from './kind.ts'

/** One record of a kind's settlement: plain JSON (bigints as decimal strings), as stored and signed. */
export type SettlementRecord = Readonly<Record<string, string | boolean>>

/**
 * What a kind's settlement is computed from: the epoch, the kind's parameters and what it carried
 * in, the epoch's challenges and the kind's judged reports.
 */
export type SettlementInput<payload, params = unknown, carried = unknown> = {
  readonly epoch: EpochWindow
  readonly params: params
  /** What the kind carried out of the previous epoch; null for its first. */
  readonly carried: carried | null
  readonly challenges: readonly Challenge[]
  /** The kind's reports that stayed valid, in canonical order. */
  readonly accepted: readonly KindReport<payload>[]
  /** The kind's reports its own verify rejected, in canonical order, each with the kind's (bare) reason. */
  readonly rejected: readonly { readonly report: KindReport<payload>; readonly reason: string }[]
}

/**
 * A kind's settlement (Kind.settlement): records the oracles settle on one of the kind's own
 * contracts once an epoch's root is committed — the storage kind's proving periods, each proven or
 * faulted, for StorageMarket.recordPeriods. The pipeline computes them with the epoch and stores
 * them; each oracle signs the EIP-712 message `typedData` gives, once per epoch and oracle-set
 * version, gathers a quorum of its peers' signatures of the same digest, and submits them with
 * `submit`. The contract takes batches in epoch order (`nextEpoch`) and must check the quorum itself:
 * no oracle alone can settle anything.
 */
export type KindSettlement<payload, params = unknown, carried = unknown> = {
  /** The contract, by its name in the kind's chain.contracts. */
  readonly contract: string
  /** The epoch's records, deterministic from `input`; none settles nothing for the epoch. */
  records(input: SettlementInput<payload, params, carried>): SettlementRecord[]
  /** Human-readable ABI of what the publisher calls: the `nextEpoch` view and the `submit` function. */
  readonly abi: readonly string[]
  /** A view returning the next epoch the contract accepts a batch for (uint64). */
  readonly nextEpoch: string
  /** The function taking (uint64 epoch, uint32 version, records, bytes signatures). */
  readonly submit: string
  /** `records` as the submit function's records argument. */
  toArguments(records: readonly SettlementRecord[]): unknown
  /** The EIP-712 message the oracles sign for an epoch's batch. */
  typedData(chainId: number, contract: Address, epoch: bigint, version: number, records: readonly SettlementRecord[]): TypedDataDefinition
}

/** An epoch batch's signed fields, in the order the contracts' type strings list them. */
const EPOCH_BATCH_FIELDS = [
  { name: 'epoch', type: 'uint64' },
  { name: 'version', type: 'uint32' },
  { name: 'recordsHash', type: 'bytes32' },
]

/**
 * The EIP-712 message of one epoch's batch of settlement records in the shape kinds' contracts
 * check it: `primaryType(uint64 epoch, uint32 version, bytes32 recordsHash)` under the contract's
 * own domain (`name`, version 1), the records hashed as the contract hashes its calldata.
 */
export function epochBatchTypedData(
  domain: { name: string; chainId: number; contract: Address },
  primaryType: string,
  batch: { epoch: bigint; version: number; recordsHash: Hex },
): TypedDataDefinition {
  return {
    domain: { name: domain.name, version: '1', chainId: domain.chainId, verifyingContract: domain.contract },
    // Keyed by a name known only at run time, which viem's types cannot follow.
    types: { [primaryType]: EPOCH_BATCH_FIELDS } as unknown as TypedDataDefinition['types'],
    primaryType,
    message: batch,
  }
}
