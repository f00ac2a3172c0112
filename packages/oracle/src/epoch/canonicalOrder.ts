import {
  type DecodedReport,
  type SealedReport,
  decodeReportBody,
  isCanonicalReportBody,
  keccak256Hex,
  keccak256Into,
  openCanonicalSignedReport,
  reportIdOf,
} from '@pinion/protocol'
import { type Hex, bytesToHex } from 'viem'

/** A sealed report with its id and, when its bytes decode, its envelope (not yet trusted). */
export type CanonicalReport = {
  /**
   * keccak256 of the signed body (reportIdOf), the id every oracle gives the report. For bytes that
   * are not a canonical SignedReport (which no oracle stores), keccak256 of the bytes themselves:
   * such bytes can never share an id with the report they re-encode.
   */
  reportId: Hex
  /**
   * null when the bytes are not a canonical SignedReport whose body is the canonical encoding of a
   * ReportBody (MALFORMED_REPORT).
   */
  sealed: SealedReport | null
  body: DecodedReport | null
}

/**
 * Puts an epoch's reports in canonical order and hashes them.
 *
 * Canonical order: reports whose bytes decode come first, ordered by device id (as bytes, i.e.
 * lower-case hex), then by sequence (as a number), then by report id (as bytes); reports that do
 * not decode follow, by report id. Identical bytes are one report (same id): counted once.
 *
 * inputsHash = keccak256(id₀ ‖ id₁ ‖ … ‖ idₙ₋₁), the 32-byte report ids concatenated in canonical
 * order. It depends only on the set of reports, never on the order they were given in, and anyone
 * holding the published reports can recompute it.
 *
 * The order is read from bytes that are not yet verified, and that is fine: it only decides the
 * order in which verification happens (and puts every version of one (device, sequence) side by
 * side, see verifyReports.ts), and every report's place follows from its own bytes alone.
 */
export function canonicalOrder(reports: readonly { signed: Uint8Array }[]): { ordered: CanonicalReport[]; inputsHash: Hex } {
  const all: CanonicalReport[] = reports.map(({ signed }) => openCanonical(signed))
  // The store hands reports over by (device, sequence) already; one pass spares the sort then.
  let sorted = true
  for (let i = 1; i < all.length && sorted; i++) sorted = compareCanonical(all[i - 1]!, all[i]!) <= 0
  if (!sorted) all.sort(compareCanonical)
  const ordered: CanonicalReport[] = []
  for (const report of all) {
    if (ordered.length === 0 || ordered[ordered.length - 1]!.reportId !== report.reportId) ordered.push(report)
  }
  const ids = new Uint8Array(ordered.length * 32)
  ordered.forEach(({ reportId }, i) => ids.set(Buffer.from(reportId.slice(2), 'hex'), i * 32))
  const hash = new Uint8Array(32)
  keccak256Into(ids, hash, 0)
  return { ordered, inputsHash: bytesToHex(hash) }
}

/** One report's id and, when its bytes are a canonical SignedReport with a canonical body, its envelope (see CanonicalReport). */
export function openCanonical(signed: Uint8Array): CanonicalReport {
  let sealed: SealedReport
  try {
    sealed = openCanonicalSignedReport(signed)
  } catch {
    return { reportId: keccak256Hex(signed), sealed: null, body: null }
  }
  const reportId = reportIdOf(sealed.body)
  try {
    const body = decodeReportBody(sealed.body)
    return isCanonicalReportBody(sealed.body) ? { reportId, sealed, body } : { reportId, sealed: null, body: null }
  } catch {
    return { reportId, sealed: null, body: null }
  }
}

/** The canonical order of two reports (see canonicalOrder): negative when `a` comes first, 0 for the same report. Hex here is always lower case. */
export function compareCanonical(a: CanonicalReport, b: CanonicalReport): number {
  if (a.body !== null && b.body !== null) {
    if (a.body.deviceId !== b.body.deviceId) return a.body.deviceId < b.body.deviceId ? -1 : 1
    if (a.body.sequence !== b.body.sequence) return a.body.sequence < b.body.sequence ? -1 : 1
  } else if (a.body !== null || b.body !== null) {
    return a.body !== null ? -1 : 1
  }
  return a.reportId === b.reportId ? 0 : a.reportId < b.reportId ? -1 : 1
}
