import type { Hex } from 'viem'
import type { KindReport } from './kind.ts'

/**
 * One answer counts per challenge: of the valid reports naming one challenge (all from its device,
 * or verify would have refused them), the first — earliest timestamp, then lowest sequence, then
 * lowest report id — stays valid and every other gets `reason`. The first is decided by those fields
 * alone, so the verdicts do not depend on the order the reports come in. For kinds whose answers
 * carry the challenge's id (ping's pongs, storage's proofs).
 */
export function laterAnswers<payload extends { challengeId: Hex }>(reports: readonly KindReport<payload>[], reason: string): ReadonlyMap<Hex, string> {
  const first = new Map<Hex, KindReport<payload>>()
  const later = new Map<Hex, string>()
  for (const report of reports) {
    const kept = first.get(report.payload.challengeId)
    if (kept === undefined) {
      first.set(report.payload.challengeId, report)
    } else if (answeredBefore(report, kept)) {
      later.set(kept.reportId, reason)
      first.set(report.payload.challengeId, report)
    } else {
      later.set(report.reportId, reason)
    }
  }
  return later
}

/** Whether answer `a` comes before answer `b`: earlier timestamp, then lower sequence, then lower report id. */
export function answeredBefore(a: KindReport, b: KindReport): boolean {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs
  if (a.sequence !== b.sequence) return a.sequence < b.sequence
  return a.reportId < b.reportId
}
