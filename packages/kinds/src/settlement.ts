import type { Address, TypedDataDefinition } from 'viem'
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
