import type { SettlementRecord } from '@pinion/kinds'

/** ComputeMarket's Verdict, as recordVerdicts takes it. */
export type Verdict = { leaseId: bigint; fault: number }

/** Verdicts as the compute kind's settlement records hold them (decimal strings), for its typedData and hashVerdicts. */
export const verdictRecords = (verdicts: readonly Verdict[]): SettlementRecord[] => verdicts.map((v) => ({ leaseId: v.leaseId.toString(), fault: String(v.fault) }))
