import { COMMON_REASONS, type CommonReason, type KindReport } from '@pinion/kinds'
import { PinionError, verifyReportSignature } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { CanonicalReport } from './canonicalOrder.ts'
import type { KindsContext, ReportVerdict, SignatureCheck, VerifySignatures } from './types.ts'

/** The default VerifySignatures: verifyReportSignature, one after another in this thread. */
export const verifyInProcess: VerifySignatures = async (batch) =>
  batch.map(({ keyType, publicKey, report }) => verifyReportSignature(keyType, publicKey, report))

export type VerifyInput = KindsContext & { networkId: Hex }

/**
 * Gives every report, in canonical order, its verdict, and collects the valid ones per kind.
 * Checks run in the order of COMMON_REASONS, and the first that fails is the reason:
 *
 *  1. MALFORMED_REPORT      the bytes are not a SignedReport with a decodable body
 *  2. UNKNOWN_DEVICE        no such device in the registry (no key to verify with)
 *  3. BAD_SIGNATURE         not the device key's signature over the body as signed
 *  4. WRONG_NETWORK         signed for another network
 *  5. DEVICE_INACTIVE       suspended or retired
 *  6. CONFLICTING_SEQUENCE  an earlier report in canonical order passed 1–5 with the same device and
 *                           sequence. Canonical order puts the lowest report id first, so of two
 *                           authentic reports with one sequence the lower id counts: a rule anyone
 *                           can apply from the bytes alone. A forgery can never displace the real
 *                           report, because it fails 3 before it could claim the sequence.
 *  7. UNKNOWN_KIND, 8. UNKNOWN_PAYLOAD_TYPE, 9. MALFORMED_PAYLOAD
 * 10. the kind's verify, whose reason must be one of COMMON_REASONS or the kind's own.
 *
 * Rules that need the whole epoch run after this, in verifyAcrossEpoch.
 *
 * Sequences are unique within the set; that they also exceed every earlier epoch's is ingest's to
 * enforce (it keeps (device, sequence) unique forever), since an epoch sees only its own reports.
 */
export async function verifyReports(
  ordered: readonly CanonicalReport[],
  input: VerifyInput,
  verifySignatures: VerifySignatures,
): Promise<{ verdicts: ReportVerdict[]; valid: Map<string, KindReport[]> }> {
  const checks: SignatureCheck[] = []
  for (const { sealed, body } of ordered) {
    const device = body === null ? undefined : input.devices.get(body.deviceId)
    if (sealed !== null && device !== undefined) checks.push({ keyType: device.keyType, publicKey: device.publicKey, report: sealed })
  }
  const signatures = await verifySignatures(checks)
  if (signatures.length !== checks.length) {
    throw new PinionError('PINION_ERR_VERIFY_SIGNATURES', `verifySignatures returned ${signatures.length} results for ${checks.length} signatures`)
  }

  const verdicts: ReportVerdict[] = new Array(ordered.length)
  const valid = new Map<string, KindReport[]>()
  const networkId = input.networkId.toLowerCase()
  let nextSignature = 0
  // The (device, sequence) last claimed by a report that passed checks 1–5: canonical order puts
  // every report of one device and sequence side by side, lowest report id first.
  let claimedDevice: Hex | null = null
  let claimedSequence = -1n
  for (let i = 0; i < ordered.length; i++) {
    const { reportId, body } = ordered[i]!
    const reason = judge(i)
    verdicts[i] = {
      reportId,
      deviceId: body?.deviceId ?? null,
      sequence: body?.sequence ?? null,
      kind: body?.kind ?? null,
      valid: reason === null,
      reason,
    }
  }

  /** The reason report i is invalid, or null when it is valid (and then collected for its kind). */
  function judge(i: number): string | null {
    const { reportId, body } = ordered[i]!
    if (body === null) return 'MALFORMED_REPORT' satisfies CommonReason
    const device = input.devices.get(body.deviceId)
    if (device === undefined) return 'UNKNOWN_DEVICE' satisfies CommonReason
    if (!signatures[nextSignature++]) return 'BAD_SIGNATURE' satisfies CommonReason
    if (body.networkId !== networkId) return 'WRONG_NETWORK' satisfies CommonReason
    if (!device.active) return 'DEVICE_INACTIVE' satisfies CommonReason
    if (claimedDevice === body.deviceId && claimedSequence === body.sequence) return 'CONFLICTING_SEQUENCE' satisfies CommonReason
    claimedDevice = body.deviceId
    claimedSequence = body.sequence
    const kind = input.kinds.get(body.kind)
    if (kind === undefined) return 'UNKNOWN_KIND' satisfies CommonReason
    if (!kind.payloadTypes.includes(body.payloadType)) return 'UNKNOWN_PAYLOAD_TYPE' satisfies CommonReason
    let payload: unknown
    try {
      payload = kind.decodePayload(body.payloadType, body.payload)
    } catch {
      return 'MALFORMED_PAYLOAD' satisfies CommonReason
    }
    const kindReport: KindReport = {
      reportId,
      deviceId: body.deviceId,
      sequence: body.sequence,
      timestampMs: body.timestampMs,
      payloadType: body.payloadType,
      payload,
    }
    const judged = kind.verify(kindReport, { epoch: input.window, device, params: input.params.get(kind.name), carried: input.carried.get(kind.name) ?? null })
    if (!judged.valid) {
      if (!Object.hasOwn(COMMON_REASONS, judged.reason) && !Object.hasOwn(kind.reasons, judged.reason)) {
        throw new PinionError(
          'PINION_ERR_KIND_REASON',
          `kind ${kind.name} gave reason "${judged.reason}", which neither COMMON_REASONS nor its reasons list`,
        )
      }
      return judged.reason
    }
    let list = valid.get(kind.name)
    if (list === undefined) valid.set(kind.name, (list = []))
    list.push(kindReport)
    return null
  }
  return { verdicts, valid }
}
