import type { Hex } from 'viem'
import type { KindReport } from '../src/kind.ts'
import type { Pong } from './payload.ts'
import type { PingReason } from './reasons.ts'

const DUPLICATE: PingReason = 'DUPLICATE_ANSWER'

/**
 * One answer counts per challenge: of the valid pongs naming one challenge (all from its device, or
 * verify would have refused them), the first — earliest timestamp, then lowest sequence, then lowest
 * report id — stays valid and every other is DUPLICATE_ANSWER. The first is decided by those fields
 * alone, so the verdicts do not depend on the order the reports come in.
 */
export function verifyPingEpoch(reports: readonly KindReport<Pong>[]): ReadonlyMap<Hex, string> {
  const first = new Map<Hex, KindReport<Pong>>()
  const duplicates = new Map<Hex, string>()
  for (const report of reports) {
    const kept = first.get(report.payload.challengeId)
    if (kept === undefined) {
      first.set(report.payload.challengeId, report)
    } else if (comesBefore(report, kept)) {
      duplicates.set(kept.reportId, DUPLICATE)
      first.set(report.payload.challengeId, report)
    } else {
      duplicates.set(report.reportId, DUPLICATE)
    }
  }
  return duplicates
}

function comesBefore(a: KindReport<Pong>, b: KindReport<Pong>): boolean {
  if (a.timestampMs !== b.timestampMs) return a.timestampMs < b.timestampMs
  if (a.sequence !== b.sequence) return a.sequence < b.sequence
  return a.reportId < b.reportId
}
