import { type KindReport, type SettlementRecord, splitQualifiedName } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import { canonicalJson } from './canonicalJson.ts'
import type { KindsContext, ReportVerdict } from './types.ts'

/**
 * Each kind's settlement records for the epoch (Kind.settlement), by kind name, for the kinds that
 * have one and gave records: from the epoch's challenges, the kind's valid reports, and the reports
 * its own verify rejected with their (bare) reasons as the verdicts give them. Records are plain
 * canonical JSON, exactly what is stored and signed.
 */
export function kindSettlements(
  valid: ReadonlyMap<string, KindReport[]>,
  rejected: ReadonlyMap<string, KindReport[]>,
  verdicts: readonly ReportVerdict[],
  ctx: KindsContext,
): Map<string, SettlementRecord[]> {
  const reasons = new Map<Hex, string>()
  for (const verdict of verdicts) if (!verdict.valid && verdict.reason !== null) reasons.set(verdict.reportId, verdict.reason)
  const settlements = new Map<string, SettlementRecord[]>()
  for (const name of [...ctx.kinds.keys()].sort()) {
    const settlement = ctx.kinds.get(name)!.settlement
    if (settlement === undefined) continue
    const refused = (rejected.get(name) ?? []).flatMap((report) => {
      const own = splitQualifiedName(reasons.get(report.reportId) ?? '')
      return own !== null && own.kind === name ? [{ report, reason: own.local }] : []
    })
    const records = settlement.records({
      epoch: ctx.window,
      params: ctx.params.get(name),
      carried: ctx.carried.get(name) ?? null,
      challenges: ctx.inputs.get(name)?.challenges ?? [],
      accepted: valid.get(name) ?? [],
      rejected: refused,
    })
    for (const record of records) {
      for (const value of Object.values(record)) {
        if (typeof value !== 'string' && typeof value !== 'boolean')
          throw new PinionError('PINION_ERR_KIND_SETTLEMENT', `kind ${name} gave a settlement record that is not plain JSON: ${canonicalJson(record)}`)
      }
    }
    if (records.length > 0) settlements.set(name, JSON.parse(canonicalJson(records)) as SettlementRecord[])
  }
  return settlements
}
