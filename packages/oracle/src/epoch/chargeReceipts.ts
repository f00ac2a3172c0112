import { type KindInputs, type KindReceipt, type KindReport, NO_KIND_INPUTS } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindsContext, ReportVerdict } from './types.ts'

/** The token's base units per whole token: prices are credits per 1e18 base units. */
const TOKEN_UNIT = 10n ** 18n

/**
 * What the chain says about credits for an epoch, as of its end block (assembleEpochInput), and
 * what the network itself charged before it. Maps are keyed by lower-case bytes32 service key.
 */
export type CreditsInput = {
  /** Credits per whole token at the epoch's end, from the Credits contract's price source; above zero. */
  readonly creditsPerToken: bigint
  /** Credits delegated to each service key's escrow, in all, up to the epoch's end block. */
  readonly delegated: ReadonlyMap<Hex, bigint>
  /** Credits the network charged each service key in all earlier epochs: the previous epoch's `EpochCredits.charged`. */
  readonly charged: ReadonlyMap<Hex, bigint>
}

/** A receipt the epoch charged: the kind's receipt and the kind that gave it. */
type ChargedReceipt = KindReceipt & { readonly kind: string }

/** What the epoch charged: the receipts to settle on chain, and what each service key has been charged in all. */
export type EpochCredits = {
  readonly creditsPerToken: bigint
  /** In the order they were charged: kinds by name, each kind's receipts in canonical report order. */
  readonly receipts: readonly ChargedReceipt[]
  /** Every service key ever charged: its credits charged in all, this epoch included (the next epoch's `charged`). */
  readonly charged: ReadonlyMap<Hex, bigint>
  /** Revenue per kind and device: the credits its paid receipts cost, valued in tokens at creditsPerToken (toward zero). */
  readonly revenue: ReadonlyMap<string, ReadonlyMap<Hex, bigint>>
}

/**
 * Charges the epoch's usage receipts against the customers' credit escrows. Each kind with
 * `receipts` (by name order) names the receipts among its valid reports; each is charged in turn
 * against its service key's balance — delegated up to the epoch's end, less what the network charged
 * it before and earlier this epoch. A receipt the balance cannot pay makes its report invalid
 * (CREDITS_EXHAUSTED) and leaves `valid`: a balance never goes negative, and service nobody paid for
 * earns nothing.
 *
 * The balance is the network's own ledger, not the escrow the chain shows now: delegations only
 * add to an escrow and only settlements of charged receipts take from it, so the escrow when this
 * epoch's receipts settle is never below what this computes, whenever earlier settlements land.
 */
export function chargeReceipts(verdicts: ReportVerdict[], valid: Map<string, KindReport[]>, ctx: KindsContext, credits: CreditsInput): EpochCredits {
  if (credits.creditsPerToken <= 0n) throw new PinionError('PINION_ERR_EPOCH_INPUT', `credits per token must be above zero, got ${credits.creditsPerToken}`)
  const charged = new Map<Hex, bigint>()
  for (const [key, amount] of credits.charged) charged.set(key.toLowerCase() as Hex, amount)
  const balanceOf = (key: Hex) => (credits.delegated.get(key) ?? 0n) - (charged.get(key) ?? 0n)
  const receipts: ChargedReceipt[] = []
  const revenue = new Map<string, Map<Hex, bigint>>()
  let verdictIndex: Map<Hex, number> | undefined
  const seen = new Set<Hex>()

  for (const name of [...ctx.kinds.keys()].sort()) {
    const kind = ctx.kinds.get(name)!
    const reports = valid.get(name)
    if (kind.receipts === undefined || reports === undefined || reports.length === 0) continue
    const given = new Map(reports.map((report) => [report.reportId, report]))
    const unpaid = new Set<Hex>()
    const spentBy = new Map<Hex, bigint>()
    const context = {
      epoch: ctx.window,
      devices: ctx.devices,
      params: ctx.params.get(name),
      carried: ctx.carried.get(name) ?? null,
      inputs: ctx.inputs.get(name) ?? NO_KIND_INPUTS,
    }
    for (const receipt of kind.receipts(reports, context)) {
      const report = given.get(receipt.reportId)
      const where = `kind ${name} gave receipt ${receipt.receiptId} for report ${receipt.reportId}`
      if (report === undefined) throw bad(`${where}, which it was not given`)
      if (report.deviceId !== receipt.deviceId) throw bad(`${where} of device ${report.deviceId}, naming device ${receipt.deviceId}`)
      if (receipt.credits <= 0n) throw bad(`${where} costing ${receipt.credits} credits (a receipt costs at least one)`)
      if (seen.has(receipt.receiptId)) throw bad(`${where}, an id it already gave`)
      seen.add(receipt.receiptId)
      const key = receipt.serviceKey.toLowerCase() as Hex
      if (receipt.credits > balanceOf(key)) {
        unpaid.add(receipt.reportId)
        continue
      }
      charged.set(key, (charged.get(key) ?? 0n) + receipt.credits)
      spentBy.set(receipt.deviceId, (spentBy.get(receipt.deviceId) ?? 0n) + receipt.credits)
      receipts.push({ ...receipt, serviceKey: key, kind: name })
    }
    if (spentBy.size > 0) {
      const tokens = new Map<Hex, bigint>()
      for (const [deviceId, spent] of spentBy) tokens.set(deviceId, (spent * TOKEN_UNIT) / credits.creditsPerToken)
      revenue.set(name, tokens)
    }
    if (unpaid.size === 0) continue
    verdictIndex ??= new Map(verdicts.map((verdict, i) => [verdict.reportId, i]))
    for (const reportId of unpaid) {
      const verdict = verdicts[verdictIndex.get(reportId)!]!
      verdict.valid = false
      verdict.reason = 'CREDITS_EXHAUSTED'
    }
    valid.set(
      name,
      reports.filter((report) => !unpaid.has(report.reportId)),
    )
  }
  return { creditsPerToken: credits.creditsPerToken, receipts, charged, revenue }
}

/**
 * Each kind's inputs with the epoch's credit revenue added to what the chain said it earned (a
 * kind's own contracts' payments), so `score` sees everything customers paid each device.
 */
export function withCreditRevenue(inputs: ReadonlyMap<string, KindInputs>, revenue: EpochCredits['revenue']): Map<string, KindInputs> {
  const merged = new Map(inputs)
  for (const [name, earned] of revenue) {
    const base = inputs.get(name) ?? NO_KIND_INPUTS
    const total = new Map(base.revenue)
    for (const [deviceId, amount] of earned) total.set(deviceId, (total.get(deviceId) ?? 0n) + amount)
    merged.set(name, { ...base, revenue: total })
  }
  return merged
}

const bad = (message: string) => new PinionError('PINION_ERR_KIND_RECEIPTS', message)
