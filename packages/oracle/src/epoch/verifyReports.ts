import { COMMON_REASONS, type CommonReason, type DeviceRecord, type KindReport, NO_KIND_INPUTS, qualifiedName } from '@pinion/kinds'
import { PinionError, verifyReportSignature } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { CanonicalReport } from './canonicalOrder.ts'
import type { KindsContext, ReportVerdict, SignatureCheck, VerifySignatures } from './types.ts'

/** The default VerifySignatures: verifyReportSignature, one after another in this thread. */
export const verifyInProcess: VerifySignatures = async (batch) => batch.map(({ keyType, publicKey, report }) => verifyReportSignature(keyType, publicKey, report))

export type VerifyInput = KindsContext & { networkId: Hex }

/**
 * Gives every report, in canonical order, its verdict, and collects the valid ones per kind.
 * Checks run in the order of COMMON_REASONS, and the first that fails is the reason:
 *
 *  1. MALFORMED_REPORT      the bytes are not a canonical SignedReport with a canonical, decodable body
 *  2. UNKNOWN_DEVICE        no such device in the registry (no key to verify with)
 *  3. BAD_SIGNATURE         not the device key's signature over the body as signed
 *  4. WRONG_NETWORK         signed for another network
 *  5. DEVICE_INACTIVE       suspended or retired
 *  6. DEVICE_EQUIVOCATED    among the reports that passed 1–5, the device has two different bodies
 *                           under one sequence: every one of its reports in the epoch is void. The
 *                           rule reads the input set alone, so every oracle holding the same set
 *                           applies it the same way, whichever version reached it first; and only
 *                           authentic reports count, so nobody but the device can trigger it.
 *  7. UNKNOWN_KIND, 8. UNKNOWN_PAYLOAD_TYPE, 9. MALFORMED_PAYLOAD
 * 10. the kind's verify, whose reason must be one of COMMON_REASONS or the kind's own (stored
 *     qualified by the kind's name: "uptime.OUTSIDE_EPOCH").
 *
 * Rules that need the whole epoch run after this, in verifyAcrossEpoch.
 *
 * Sequences are unique within the set once equivocators are set aside; that they also exceed every
 * earlier epoch's is ingest's to enforce (it keeps (device, sequence) unique per oracle, and a
 * version from another epoch that conflicts with one in this epoch comes in as evidence: see
 * docs/oracle-consensus.md).
 */
export async function verifyReports(
  ordered: readonly CanonicalReport[],
  input: VerifyInput,
  verifySignatures: VerifySignatures,
): Promise<{ verdicts: ReportVerdict[]; valid: Map<string, KindReport[]>; rejected: Map<string, KindReport[]> }> {
  const checks: SignatureCheck[] = []
  for (const { sealed, body } of ordered) {
    const device = body === null ? undefined : input.devices.get(body.deviceId)
    if (sealed !== null && device !== undefined) checks.push({ keyType: device.keyType, publicKey: device.publicKey, report: sealed })
  }
  const signatures = await verifySignatures(checks)
  if (signatures.length !== checks.length) {
    throw new PinionError('PINION_ERR_VERIFY_SIGNATURES', `verifySignatures returned ${signatures.length} results for ${checks.length} signatures`)
  }

  // Checks 1–5, which need nothing but the report and the registry.
  const networkId = input.networkId.toLowerCase()
  const envelopeReasons: (CommonReason | null)[] = new Array(ordered.length)
  let nextSignature = 0
  for (let i = 0; i < ordered.length; i++) {
    const { body } = ordered[i]!
    envelopeReasons[i] = envelopeReason(body, input.devices.get(body?.deviceId ?? '0x'), () => signatures[nextSignature++]!, networkId)
  }
  const equivocators = findEquivocators(ordered, envelopeReasons)

  const verdicts: ReportVerdict[] = new Array(ordered.length)
  const valid = new Map<string, KindReport[]>()
  // What each kind's own verify rejected (not the common checks), for its verifyEpoch.
  const rejected = new Map<string, KindReport[]>()
  const collect = (into: Map<string, KindReport[]>, kind: string, report: KindReport) => {
    const list = into.get(kind)
    if (list === undefined) into.set(kind, [report])
    else list.push(report)
  }
  for (let i = 0; i < ordered.length; i++) {
    const { reportId, body } = ordered[i]!
    const reason = envelopeReasons[i] ?? (equivocators.has(body!.deviceId) ? ('DEVICE_EQUIVOCATED' satisfies CommonReason) : judgeContent(i))
    verdicts[i] = {
      reportId,
      deviceId: body?.deviceId ?? null,
      sequence: body?.sequence ?? null,
      kind: body?.kind ?? null,
      valid: reason === null,
      reason,
    }
  }

  /** Checks 7–10 for report i, which passed 1–6; null when it is valid (and then collected for its kind). */
  function judgeContent(i: number): string | null {
    const { reportId, body } = ordered[i]!
    const { deviceId, sequence, timestampMs, payloadType } = body!
    const device = input.devices.get(deviceId)!
    const kind = input.kinds.get(body!.kind)
    if (kind === undefined) return 'UNKNOWN_KIND' satisfies CommonReason
    if (!kind.payloadTypes.includes(payloadType)) return 'UNKNOWN_PAYLOAD_TYPE' satisfies CommonReason
    let payload: unknown
    try {
      payload = kind.decodePayload(payloadType, body!.payload)
    } catch {
      return 'MALFORMED_PAYLOAD' satisfies CommonReason
    }
    const kindReport: KindReport = { reportId, deviceId, sequence, timestampMs, payloadType, payload }
    const judged = kind.verify(kindReport, {
      epoch: input.window,
      device,
      params: input.params.get(kind.name),
      carried: input.carried.get(kind.name) ?? null,
      inputs: input.inputs.get(kind.name) ?? NO_KIND_INPUTS,
    })
    if (!judged.valid) {
      if (Object.hasOwn(COMMON_REASONS, judged.reason)) return judged.reason
      if (!Object.hasOwn(kind.reasons, judged.reason)) {
        throw new PinionError('PINION_ERR_KIND_REASON', `kind ${kind.name} gave reason "${judged.reason}", which neither COMMON_REASONS nor its reasons list`)
      }
      collect(rejected, kind.name, kindReport)
      return qualifiedName(kind.name, judged.reason)
    }
    collect(valid, kind.name, kindReport)
    return null
  }
  return { verdicts, valid, rejected }
}

/** Checks 1–5 of one report; `signatureValid` is called only for a report that reached check 3. */
function envelopeReason(body: CanonicalReport['body'], device: DeviceRecord | undefined, signatureValid: () => boolean, networkId: string): CommonReason | null {
  if (body === null) return 'MALFORMED_REPORT'
  if (device === undefined) return 'UNKNOWN_DEVICE'
  if (!signatureValid()) return 'BAD_SIGNATURE'
  if (body.networkId !== networkId) return 'WRONG_NETWORK'
  if (!device.active) return 'DEVICE_INACTIVE'
  return null
}

/**
 * Devices with two authentic reports of one sequence and different ids. Canonical order puts every
 * version of a (device, sequence) side by side, so comparing neighbours finds them all.
 */
function findEquivocators(ordered: readonly CanonicalReport[], envelopeReasons: readonly (CommonReason | null)[]): Set<Hex> {
  const equivocators = new Set<Hex>()
  let previous: CanonicalReport | undefined
  for (let i = 0; i < ordered.length; i++) {
    if (envelopeReasons[i] !== null) continue
    const report = ordered[i]!
    if (previous !== undefined && previous.body!.deviceId === report.body!.deviceId && previous.body!.sequence === report.body!.sequence) {
      equivocators.add(report.body!.deviceId) // ids differ: canonical order already counted identical ids once
    }
    previous = report
  }
  return equivocators
}
