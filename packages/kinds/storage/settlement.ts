import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem'
import { type KindSettlement, type SettlementRecord, epochBatchTypedData } from '../src/settlement.ts'
import { STORAGE_MARKET } from './chain.ts'
import { periodOutcomes } from './outcomes.ts'
import type { PossessionProof } from './payload.ts'

/** StorageMarket's PeriodRecord, as recordPeriods takes it. */
type PeriodRecord = { dealId: bigint; proven: boolean }

const PERIOD_RECORDS = [
  {
    type: 'tuple[]',
    components: [
      { name: 'dealId', type: 'uint256' },
      { name: 'proven', type: 'bool' },
    ],
  },
] as const

const recordsOf = (records: readonly SettlementRecord[]): PeriodRecord[] => records.map((r) => ({ dealId: BigInt(r.dealId as string), proven: r.proven === true }))

/** keccak256(abi.encode(records)): StorageMarket.hashRecords. */
function hashRecords(records: readonly SettlementRecord[]): Hex {
  return keccak256(encodeAbiParameters(PERIOD_RECORDS, [recordsOf(records)]))
}

/**
 * The storage kind's settlement: one record per proving period of the epoch, in deal id order,
 * proven or not (periodOutcomes), for StorageMarket.recordPeriods. A proven period releases its price
 * from the deal's escrow to the provider; a faulted one returns it to the customer and burns the
 * deal's fault fee from its collateral; the deal's consecutive-fault limit terminates it. The oracles
 * sign `ProvingPeriods(uint64 epoch,uint32 version,bytes32 recordsHash)` in the "Pinion
 * StorageMarket" domain.
 */
export const storageSettlement: KindSettlement<PossessionProof> = {
  contract: STORAGE_MARKET,
  records: ({ challenges, accepted, rejected }) => periodOutcomes(challenges, accepted, rejected).map((o) => ({ dealId: o.dealId.toString(), proven: o.proven })),
  abi: ['function nextRecordEpoch() view returns (uint64)', 'function recordPeriods(uint64 epoch, uint32 version, (uint256 dealId, bool proven)[] records, bytes signatures)'],
  nextEpoch: 'nextRecordEpoch',
  submit: 'recordPeriods',
  toArguments: recordsOf,
  typedData: (chainId: number, contract: Address, epoch: bigint, version: number, records: readonly SettlementRecord[]) =>
    epochBatchTypedData({ name: 'Pinion StorageMarket', chainId, contract }, 'ProvingPeriods', { epoch, version, recordsHash: hashRecords(records) }),
}
