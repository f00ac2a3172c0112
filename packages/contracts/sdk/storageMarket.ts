/**
 * The storage kind's market in TypeScript: the EIP-712 message the oracles sign to record a proving
 * period's outcomes (StorageMarket.recordPeriods), and the hash of its records, as the contract
 * computes them.
 */
import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem'

/** The oracles' word on one deal's proving period (StorageMarket's `PeriodRecord`). */
export type PeriodRecord = {
  dealId: bigint
  /** Proven: the provider is paid the period; faulted: the customer is refunded it and a fee is burnt. */
  proven: boolean
}

/** What the oracles sign to record one epoch's proving periods (see `StorageMarket.recordPeriods`). */
export type ProvingPeriods = {
  epoch: bigint
  /** The oracle set's `oracleSetVersion()` when signed. */
  version: number
  recordsHash: Hex
}

/** The ABI type of `PeriodRecord[]`, as StorageMarket encodes it. */
const RECORDS_ABI = [
  {
    type: 'tuple[]',
    components: [
      { name: 'dealId', type: 'uint256' },
      { name: 'proven', type: 'bool' },
    ],
  },
] as const

/**
 * `StorageMarket.hashRecords`: `keccak256(abi.encode(records))`, the ABI encoding of the
 * `PeriodRecord[]` array alone (its offset word, its length, then each record's two words), in the
 * order given — which must be strictly ascending deal ids for the contract to take them.
 */
export function hashPeriodRecords(records: readonly PeriodRecord[]): Hex {
  return keccak256(encodeAbiParameters(RECORDS_ABI, [records]))
}

/** The EIP-712 message every oracle signs to record an epoch's proving periods (see `StorageMarket.recordPeriods`). */
export function provingPeriodsTypedData(chainId: number, market: Address, periods: ProvingPeriods) {
  return {
    domain: { name: 'Pinion StorageMarket', version: '1', chainId, verifyingContract: market },
    types: {
      ProvingPeriods: [
        { name: 'epoch', type: 'uint64' },
        { name: 'version', type: 'uint32' },
        { name: 'recordsHash', type: 'bytes32' },
      ],
    },
    primaryType: 'ProvingPeriods',
    message: periods,
  } as const
}
