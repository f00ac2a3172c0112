import { type Kind, splitQualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { type Hex, concat, keccak256 } from 'viem'
import type { ReportVerdict } from './types.ts'
import { BASIS_POINTS_TOTAL } from './validateInput.ts'

/** How much of a cheating device's stake one slash order takes, in basis points of its stake at the epoch's end. */
export type SlashRule = { readonly stakeBps: number }

/** Two authentic reports under one sequence prove the device's key signed both: one is proof. */
const COMMON_FRAUD: Readonly<Record<string, number>> = { DEVICE_EQUIVOCATED: 1 }

/**
 * A slash order the epoch's verdicts call for: the device, the fraud reason it reached (qualified,
 * "wireless.WITNESS_RING"), the reports that prove it, and what to take.
 */
export type SlashOrderDraft = {
  readonly deviceId: Hex
  readonly reason: string
  /** The reports with that verdict, ascending: anyone holding the epoch's published inputs can check them. */
  readonly evidence: readonly Hex[]
  /** keccak256 of the evidence's report ids, concatenated in ascending order: what the order signs. */
  readonly evidenceHash: Hex
  /** stake × stakeBps ÷ 10,000, toward zero; above zero (a device with nothing staked gets no order). */
  readonly amount: bigint
}

/**
 * The slash orders an epoch's verdicts call for: every device with at least as many reports of one
 * fraud reason (Kind.fraud, and the pipeline's DEVICE_EQUIVOCATED) as that reason needs, one order a
 * device — for the reason, among those it reached, that sorts first — taking `rule.stakeBps` of its
 * stake at the epoch's end. Deterministic from the verdicts and the stake, so every oracle drafts the
 * same orders and signs the same digests; ordered by device id.
 */
export function slashOrders(verdicts: readonly ReportVerdict[], kinds: ReadonlyMap<string, Kind>, stake: ReadonlyMap<Hex, bigint>, rule: SlashRule): SlashOrderDraft[] {
  if (!Number.isSafeInteger(rule.stakeBps) || rule.stakeBps < 0 || rule.stakeBps > Number(BASIS_POINTS_TOTAL)) {
    throw new PinionError('PINION_ERR_EPOCH_INPUT', `slashing stakeBps is ${rule.stakeBps}; expected basis points from 0 to 10000`)
  }
  const needed = (reason: string): number | undefined => {
    if (Object.hasOwn(COMMON_FRAUD, reason)) return COMMON_FRAUD[reason]
    const qualified = splitQualifiedName(reason)
    const fraud = qualified === null ? undefined : kinds.get(qualified.kind)?.fraud
    return fraud !== undefined && Object.hasOwn(fraud, qualified!.local) ? fraud[qualified!.local] : undefined
  }
  // device → reason → reports
  const found = new Map<Hex, Map<string, Hex[]>>()
  for (const verdict of verdicts) {
    if (verdict.valid || verdict.deviceId === null || verdict.reason === null || needed(verdict.reason) === undefined) continue
    let reasons = found.get(verdict.deviceId)
    if (reasons === undefined) found.set(verdict.deviceId, (reasons = new Map()))
    const reports = reasons.get(verdict.reason)
    if (reports === undefined) reasons.set(verdict.reason, [verdict.reportId])
    else reports.push(verdict.reportId)
  }
  const orders: SlashOrderDraft[] = []
  for (const deviceId of [...found.keys()].sort()) {
    const reached = [...found.get(deviceId)!].filter(([reason, reports]) => reports.length >= needed(reason)!).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const first = reached[0]
    if (first === undefined) continue
    const amount = ((stake.get(deviceId) ?? 0n) * BigInt(rule.stakeBps)) / BASIS_POINTS_TOTAL
    if (amount === 0n) continue
    const evidence = [...first[1]].sort()
    orders.push({ deviceId, reason: first[0], evidence, evidenceHash: keccak256(concat(evidence)), amount })
  }
  return orders
}
