import { compareCanonical, openCanonical } from './canonicalOrder.ts'
import type { ReportPages } from './streamEpoch.ts'

/**
 * Reports held in memory, in canonical order, as pages of `pageSize` for streamEpoch: for replays and
 * tests of epochs small enough to sort. A stream of any size comes in canonical order from where it
 * is kept (storedReportPages, or a generator that writes it so).
 */
export function canonicalPages(reports: readonly Uint8Array[], pageSize: number): ReportPages {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, got ${pageSize}`)
  const opened = reports.map((signed) => ({ signed, report: openCanonical(signed) }))
  opened.sort((a, b) => compareCanonical(a.report, b.report))
  const pages: Uint8Array[][] = []
  for (let at = 0; at < opened.length; at += pageSize) pages.push(opened.slice(at, at + pageSize).map(({ signed }) => signed))
  return pages
}
