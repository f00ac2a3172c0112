import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { type ReportBody, ReportBodySchema, SignedReportSchema } from '../../generated/pinion/v1/report_pb.ts'
import { PinionError } from '../errors.ts'
import { type DeviceKey, type KeyType, deviceIdOf, signWithDeviceKey, verifyDeviceSignature } from '../keys/deviceKey.ts'

/** Domain separation: a report signature can never be mistaken for a signature of anything else. */
const SIGNING_PREFIX = new TextEncoder().encode('pinion/report/v1\0')

/** The bytes a device signs for a report body. */
export function reportSigningMessage(body: Uint8Array): Uint8Array {
  const message = new Uint8Array(SIGNING_PREFIX.length + body.length)
  message.set(SIGNING_PREFIX, 0)
  message.set(body, SIGNING_PREFIX.length)
  return message
}

export type ReportFields = {
  networkId: Hex
  sequence: bigint
  timestampMs: bigint
  kind: string
  payloadType: string
  payload: Uint8Array
}

/** The ReportBody bytes for `fields`, claiming device `deviceId`: what a device signs. */
export function encodeReportBody(deviceId: Hex, fields: ReportFields): Uint8Array {
  return toBinary(
    ReportBodySchema,
    create(ReportBodySchema, {
      deviceId: hexToBytes(deviceId),
      networkId: hexToBytes(fields.networkId),
      sequence: fields.sequence,
      timestampMs: fields.timestampMs,
      kind: fields.kind,
      payloadType: fields.payloadType,
      payload: fields.payload,
    }),
  )
}

/** The SignedReport bytes as they travel: the body as signed, and the signature. */
export function encodeSignedReport(body: Uint8Array, signature: Uint8Array): Uint8Array {
  return toBinary(SignedReportSchema, create(SignedReportSchema, { body, signature }))
}

/** Encodes and signs a report; returns the SignedReport bytes as they travel. */
export function signReport(key: DeviceKey, fields: ReportFields): Uint8Array {
  const body = encodeReportBody(deviceIdOf(key.publicKey), fields)
  return encodeSignedReport(body, signWithDeviceKey(key, reportSigningMessage(body)))
}

/** A SignedReport split into the signed bytes and the signature, nothing decoded yet. */
export type SealedReport = { body: Uint8Array; signature: Uint8Array }

/** Reads the outer envelope only. Throws PINION_ERR_MALFORMED_REPORT when the bytes are not one. */
export function openSignedReport(bytes: Uint8Array): SealedReport {
  try {
    const { body, signature } = fromBinary(SignedReportSchema, bytes)
    if (body.length === 0 || signature.length === 0) throw new Error('empty body or signature')
    return { body, signature }
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_REPORT', 'bytes are not a SignedReport with a body and a signature', { cause })
  }
}

/** Whether the report's signature is the device key's, over the bytes exactly as signed. */
export function verifyReportSignature(type: KeyType, publicKey: Hex, report: SealedReport): boolean {
  return verifyDeviceSignature(type, publicKey, reportSigningMessage(report.body), report.signature)
}

export type DecodedReport = {
  deviceId: Hex
  networkId: Hex
  sequence: bigint
  timestampMs: bigint
  kind: string
  payloadType: string
  payload: Uint8Array
}

/** Decodes signed bytes: call only after the signature verified. Throws PINION_ERR_MALFORMED_REPORT. */
export function decodeReportBody(body: Uint8Array): DecodedReport {
  let decoded: ReportBody
  try {
    decoded = fromBinary(ReportBodySchema, body)
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_REPORT', 'report body is not a ReportBody', { cause })
  }
  if (decoded.deviceId.length !== 32 || decoded.networkId.length !== 32) {
    throw new PinionError('PINION_ERR_MALFORMED_REPORT', `device_id and network_id must be 32 bytes, got ${decoded.deviceId.length} and ${decoded.networkId.length}`)
  }
  return {
    deviceId: bytesToHex(decoded.deviceId),
    networkId: bytesToHex(decoded.networkId),
    sequence: decoded.sequence,
    timestampMs: decoded.timestampMs,
    kind: decoded.kind,
    payloadType: decoded.payloadType,
    payload: decoded.payload,
  }
}

/**
 * Reads a device id from signed bytes without trusting them: the ingest path needs it to find the
 * key to verify with. The full decode happens only after verification.
 */
export function peekDeviceId(body: Uint8Array): Hex {
  return decodeReportBody(body).deviceId
}
