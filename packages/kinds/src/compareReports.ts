import type { KindReport } from './kind.ts'

/**
 * The pipeline's canonical order of a kind's reports: device id, then sequence, then report id.
 * Kinds get their reports in this order; a rule that looks across lists of them (what verify
 * passed, what it rejected) merges in it, and fixtures sort with it.
 */
export function compareReports(a: KindReport<unknown>, b: KindReport<unknown>): number {
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1
  if (a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1
  return a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0
}
