import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem'
import { type KindSettlement, type SettlementRecord, epochBatchTypedData } from '../src/settlement.ts'
import type { ComputeCarried } from './carried.ts'
import { COMPUTE_MARKET } from './chain.ts'
import { leaseOutcomes } from './outcomes.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload } from './payload.ts'
import { NO_SHOW, REVEAL_MISSING } from './reasons.ts'

/**
 * The fault codes ComputeMarket records (Verdict.fault), by the kind's reason: 0 is a lease whose
 * epoch showed no fault. The market treats every other code alike (the lease closes, its collateral
 * burns, the customer's held pay returns); the code says why, in its event.
 */
export const FAULT_CODES: Readonly<Record<string, number>> = {
  RESULT_MISMATCH: 1,
  REVEAL_MISMATCH: 2,
  INPUT_MISMATCH: 3,
  USAGE_OVERCLAIMED: 4,
  [NO_SHOW]: 5,
  REDUNDANCY_MINORITY: 6,
  MODULE_MISSING: 7,
  [REVEAL_MISSING]: 8,
}

/** ComputeMarket's Verdict, as recordVerdicts takes it. */
type Verdict = { leaseId: bigint; fault: number }

const VERDICTS = [
  {
    type: 'tuple[]',
    components: [
      { name: 'leaseId', type: 'uint256' },
      { name: 'fault', type: 'uint16' },
    ],
  },
] as const

const verdictsOf = (records: readonly SettlementRecord[]): Verdict[] => records.map((r) => ({ leaseId: BigInt(r.leaseId as string), fault: Number(r.fault as string) }))

/** keccak256(abi.encode(records)): ComputeMarket.hashRecords. */
export function hashVerdicts(records: readonly SettlementRecord[]): Hex {
  return keccak256(encodeAbiParameters(VERDICTS, [verdictsOf(records)]))
}

/**
 * The compute kind's settlement: one verdict per lease active this epoch, in lease id order
 * (leaseOutcomes), for ComputeMarket.recordVerdicts: fault 0, or the code of the fault that closes
 * the lease. The oracles sign `LeaseVerdicts(uint64 epoch,uint32 version,bytes32 recordsHash)` in the
 * "Pinion ComputeMarket" domain.
 */
export const computeSettlement: KindSettlement<ComputePayload, ComputeParams, ComputeCarried> = {
  contract: COMPUTE_MARKET,
  records: (input) => leaseOutcomes(input).map((o) => ({ leaseId: o.leaseId.toString(), fault: String(o.fault === null ? 0 : FAULT_CODES[o.fault]) })),
  abi: ['function nextVerdictEpoch() view returns (uint64)', 'function recordVerdicts(uint64 epoch, uint32 version, (uint256 leaseId, uint16 fault)[] records, bytes signatures)'],
  nextEpoch: 'nextVerdictEpoch',
  submit: 'recordVerdicts',
  toArguments: verdictsOf,
  typedData: (chainId: number, contract: Address, epoch: bigint, version: number, records: readonly SettlementRecord[]) =>
    epochBatchTypedData({ name: 'Pinion ComputeMarket', chainId, contract }, 'LeaseVerdicts', { epoch, version, recordsHash: hashVerdicts(records) }),
}
