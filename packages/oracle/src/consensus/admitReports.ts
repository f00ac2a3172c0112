import { type DecodedReport, decodeReportBody, isCanonicalReportBody, openCanonicalSignedReport, reportIdOf, reportSigningMessage } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { SignatureVerifier } from '../ingest/verifyPool.ts'
import type { DeviceLookup } from '../store/devices.ts'
import type { ReportRow } from '../store/reports.ts'

/** What ingest accepts as a kind or payload type name (see ingest/pipeline.ts). */
const NAME = /^[\x21-\x7e]{1,64}$/

export type Admission = {
  /** Reports that may enter an input set, as rows to store. */
  admitted: ReportRow[]
  /** Ids asked for that came back inadmissible, with why. A manifest naming one can never be completed. */
  refused: Map<Hex, string>
}

/**
 * Decides which of the reports a peer sent may enter an epoch's input set: exactly what ingest
 * would have accepted, minus the time window (a sealed set is judged by the pipeline, not by when
 * it arrived here). Canonical encoding, canonical body, names ingest can store, a device this
 * oracle knows, and its signature. Every oracle applies the same rule, so a manifest that names an
 * inadmissible report is refused by all of them alike, and a dishonest oracle cannot feed others
 * forgeries or bytes that their stores cannot hold. Reports whose id was not asked for are dropped.
 */
export async function admitReports(
  signed: readonly Uint8Array[],
  wanted: ReadonlySet<Hex>,
  context: { deviceLookup: DeviceLookup; verifier: SignatureVerifier; receivedMs: number },
): Promise<Admission> {
  const refused = new Map<Hex, string>()
  const candidates: { signed: Uint8Array; body: Uint8Array; signature: Uint8Array; report: DecodedReport; reportId: Hex }[] = []
  const seen = new Set<Hex>()
  for (const bytes of signed) {
    let sealed
    try {
      sealed = openCanonicalSignedReport(bytes)
    } catch {
      continue // not the bytes of any id: ids name canonical reports only
    }
    const reportId = reportIdOf(sealed.body)
    if (!wanted.has(reportId) || seen.has(reportId)) continue
    seen.add(reportId)
    let report: DecodedReport
    try {
      report = decodeReportBody(sealed.body)
    } catch {
      refused.set(reportId, 'its body is not a ReportBody')
      continue
    }
    if (!isCanonicalReportBody(sealed.body)) refused.set(reportId, 'its body is not canonical')
    else if (!NAME.test(report.kind) || !NAME.test(report.payloadType)) refused.set(reportId, 'its kind or payload type is not a name')
    else candidates.push({ signed: bytes, body: sealed.body, signature: sealed.signature, report, reportId })
  }

  const devices = await Promise.all(candidates.map((c) => context.deviceLookup(c.report.deviceId)))
  const checkable = candidates.filter((c, i) => {
    if (devices[i] === undefined) refused.set(c.reportId, `device ${c.report.deviceId} is not registered (here, yet)`)
    return devices[i] !== undefined
  })
  const keys = candidates.map((_, i) => devices[i]).filter((d) => d !== undefined)
  const valid = await context.verifier.verify(
    checkable.map((c, i) => ({ keyType: keys[i]!.keyType, publicKey: keys[i]!.publicKey, message: reportSigningMessage(c.body), signature: c.signature })),
  )
  const admitted: ReportRow[] = []
  checkable.forEach((c, i) => {
    if (valid[i] !== 1) {
      refused.set(c.reportId, `its signature is not device ${c.report.deviceId}'s`)
      return
    }
    admitted.push({
      deviceId: c.report.deviceId,
      sequence: c.report.sequence,
      timestampMs: c.report.timestampMs,
      kind: c.report.kind,
      payloadType: c.report.payloadType,
      reportId: c.reportId,
      signed: c.signed,
      receivedMs: context.receivedMs,
    })
  })
  return { admitted, refused }
}
