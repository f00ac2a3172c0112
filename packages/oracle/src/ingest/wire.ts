import { BinaryReader, WireType } from '@bufbuild/protobuf/wire'
import { type Hex, bytesToHex } from 'viem'
import { OracleError } from '../errors.ts'

/** ReportBatch.reports and ReportBody.device_id are both field 1 (report.proto). */
const REPORTS_FIELD = 1
const DEVICE_ID_FIELD = 1
const DEVICE_ID_BYTES = 32

/**
 * The SignedReport elements of a ReportBatch, each as the exact bytes received (views, no copies).
 * Decoding the batch with its generated schema would give decoded messages whose re-encoding need
 * not match what the device sent; the store keeps, and the report id hashes, the bytes as sent.
 * Unknown fields are skipped, as protobuf readers do. Throws PINION_ERR_MALFORMED_BATCH.
 */
export function splitReportBatch(bytes: Uint8Array): Uint8Array[] {
  const reports: Uint8Array[] = []
  try {
    const reader = new BinaryReader(bytes)
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag()
      if (field !== REPORTS_FIELD) {
        reader.skip(wireType, field)
        continue
      }
      if (wireType !== WireType.LengthDelimited) throw new Error(`field 1 has wire type ${wireType}, expected length-delimited`)
      reports.push(reader.bytes())
    }
  } catch (cause) {
    throw new OracleError('PINION_ERR_MALFORMED_BATCH', `body is not a ReportBatch: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
  return reports
}

/**
 * The device id a report body claims, read without decoding the rest: ingest needs it to find the
 * key to verify with, and decodes the body only once the signature verified. Same answer as
 * @pinion/protocol's peekDeviceId (the last occurrence of field 1, as protobuf decoders take it),
 * at a fraction of the cost. Throws PINION_ERR_MALFORMED_REPORT.
 */
export function peekDeviceId(body: Uint8Array): Hex {
  let id: Uint8Array | undefined
  try {
    const reader = new BinaryReader(body)
    while (reader.pos < reader.len) {
      const [field, wireType] = reader.tag()
      if (field === DEVICE_ID_FIELD && wireType === WireType.LengthDelimited) id = reader.bytes()
      else reader.skip(wireType, field)
    }
  } catch (cause) {
    throw new OracleError('PINION_ERR_MALFORMED_REPORT', 'report body is not a ReportBody', { cause })
  }
  if (id === undefined || id.length !== DEVICE_ID_BYTES) {
    throw new OracleError('PINION_ERR_MALFORMED_REPORT', `device_id must be ${DEVICE_ID_BYTES} bytes, got ${id?.length ?? 0}`)
  }
  return bytesToHex(id)
}

/**
 * A ReportBatch of SignedReport bytes, framed by hand (field 1, length-delimited, per report) so
 * that each element is exactly the stored canonical bytes: what an oracle publishes is what it
 * stored and hashed, never a re-encoding.
 */
export function encodeReportBatch(reports: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const report of reports) total += 1 + varintLength(report.length) + report.length
  const out = new Uint8Array(total)
  let at = 0
  for (const report of reports) {
    out[at++] = (REPORTS_FIELD << 3) | WireType.LengthDelimited
    let length = report.length
    while (length >= 0x80) {
      out[at++] = (length & 0x7f) | 0x80
      length = Math.floor(length / 0x80)
    }
    out[at++] = length
    out.set(report, at)
    at += report.length
  }
  return out
}

function varintLength(value: number): number {
  let length = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    length++
  }
  return length
}
