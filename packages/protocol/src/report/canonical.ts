import { fromBinary, toBinary } from '@bufbuild/protobuf'
import { ReportBodySchema } from '../../generated/pinion/v1/report_pb.ts'
import { PinionError } from '../errors.ts'
import { keccak256Hex } from '../hash/keccak.ts'
import { type SealedReport, openSignedReport } from './envelope.ts'

/** SignedReport's two fields as they must appear: field 1 then field 2, both length-delimited (report.proto). */
const BODY_TAG = 0x0a
const SIGNATURE_TAG = 0x12

/**
 * A report's id: keccak256 of its body, the bytes the device signed. Never of the bytes a report
 * travelled in: a relay can re-encode the envelope (an unknown field, another wire type) without
 * touching body or signature, and with signatures non-malleable (strictSignatures.ts) the body is
 * the one thing that only the device decides. Every oracle therefore names a report the same way,
 * whoever relayed it and however, and the epoch's inputsHash over these ids is the same everywhere.
 */
export function reportIdOf(body: Uint8Array): `0x${string}` {
  return keccak256Hex(body)
}

/** The canonical SignedReport bytes of (body, signature): tag, minimal length, bytes; twice; nothing else. */
export function canonicalSignedReport(body: Uint8Array, signature: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(2 + varintLength(body.length) + body.length + varintLength(signature.length) + signature.length)
  let at = 0
  bytes[at++] = BODY_TAG
  at = writeVarint(bytes, at, body.length)
  bytes.set(body, at)
  at += body.length
  bytes[at++] = SIGNATURE_TAG
  at = writeVarint(bytes, at, signature.length)
  bytes.set(signature, at)
  return bytes
}

/**
 * Opens a SignedReport that must be in canonical form: exactly the bytes canonicalSignedReport
 * gives for its body and signature. Anything else — an unknown field anywhere, a field twice or out
 * of order, another wire type, a length varint with padding, trailing bytes — is refused with
 * PINION_ERR_NON_CANONICAL_REPORT (when protobuf would have read it) or PINION_ERR_MALFORMED_REPORT
 * (when it is not a SignedReport at all). So what an oracle stores, hashes and publishes is the one
 * encoding every oracle agrees on.
 */
export function openCanonicalSignedReport(bytes: Uint8Array): SealedReport {
  const sealed = openSignedReport(bytes) // throws MALFORMED for what is not a SignedReport at all
  const canonical = canonicalSignedReport(sealed.body, sealed.signature)
  if (!sameBytes(canonical, bytes)) {
    throw new PinionError(
      'PINION_ERR_NON_CANONICAL_REPORT',
      `the SignedReport is ${bytes.length} bytes but its canonical encoding is ${canonical.length}: only field 1 (body) then field 2 (signature), length-delimited with minimal lengths, is accepted`,
    )
  }
  return sealed
}

/**
 * Whether body bytes are the canonical encoding of the ReportBody they decode to: fields in
 * number order, minimal varints, default values omitted, no unknown fields. The body is signed, so
 * only its device can make it non-canonical, but such a body has no single meaning across
 * decoders; it is refused all the same. `body` must decode (decodeReportBody checked it).
 */
export function isCanonicalReportBody(body: Uint8Array): boolean {
  const decoded = fromBinary(ReportBodySchema, body, { readUnknownFields: false })
  return sameBytes(toBinary(ReportBodySchema, decoded), body)
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
}

function varintLength(value: number): number {
  let length = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    length++
  }
  return length
}

function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value & 0x7f) | 0x80
    value = Math.floor(value / 0x80)
  }
  bytes[at++] = value
  return at
}
