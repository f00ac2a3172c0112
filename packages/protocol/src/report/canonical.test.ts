import { toBinary } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { ReportBodySchema } from '../../generated/pinion/v1/report_pb.ts'
import { PinionError } from '../errors.ts'
import { generateDeviceKey } from '../keys/deviceKey.ts'
import { keccak256Hex } from '../hash/keccak.ts'
import { canonicalSignedReport, isCanonicalReportBody, openCanonicalSignedReport, reportIdOf } from './canonical.ts'
import { decodeReportBody, encodeSignedReport, openSignedReport, signReport } from './envelope.ts'
import { networkIdOf } from './networkId.ts'

const fields = {
  networkId: networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3'),
  sequence: 7n,
  timestampMs: 1_767_225_600_000n,
  kind: 'uptime',
  payloadType: 'heartbeat',
  payload: new Uint8Array([8, 1]),
}
const signed = signReport(generateDeviceKey('ed25519'), fields)
const { body, signature } = openSignedReport(signed)

const codeOf = (bytes: Uint8Array): string => {
  try {
    openCanonicalSignedReport(bytes)
    return 'accepted'
  } catch (error) {
    return (error as PinionError).code
  }
}
const concat = (...parts: (Uint8Array | number[])[]) => new Uint8Array(parts.flatMap((p) => [...p]))
const withByte = (bytes: Uint8Array, index: number, value: number) => {
  const copy = bytes.slice()
  copy[index] = value
  return copy
}

describe('canonical SignedReport encoding', () => {
  it('is what signReport and encodeSignedReport produce, and opens to the same body and signature', () => {
    expect(canonicalSignedReport(body, signature)).toEqual(signed)
    expect(encodeSignedReport(body, signature)).toEqual(signed)
    expect(openCanonicalSignedReport(signed)).toEqual({ body, signature })
  })

  // Each of these decodes to the same body and signature with a protobuf reader, so without the
  // canonical rule each would be a second "valid" byte string for one report.
  it.each([
    ['an unknown field before the body (the relayed 0x7801 prefix)', concat([0x78, 0x01], signed)],
    ['an unknown field after the signature', concat(signed, [0x78, 0x01])],
    ['an unknown length-delimited field in between', concat(signed.subarray(0, 2 + body.length), [0x1a, 0x00], signed.subarray(2 + body.length))],
    ['the body tag with wire type 0 (0x0a → 0x08)', withByte(signed, 0, 0x08)],
    ['the body tag with wire type 3 (0x0a → 0x0b)', withByte(signed, 0, 0x0b)],
    ['the signature tag with wire type 0 (0x12 → 0x10)', withByte(signed, 2 + body.length, 0x10)],
    ['the signature tag with wire type 3 (0x12 → 0x13)', withByte(signed, 2 + body.length, 0x13)],
    ['a padded length varint', concat([0x0a, 0x80 | body.length, 0x00], body, [0x12, 64], signature)],
    ['the fields in reverse order', concat([0x12, 64], signature, [0x0a, body.length], body)],
    ['the signature twice', concat(signed, [0x12, 64], signature)],
    ['a trailing zero byte', concat(signed, [0x00])],
  ])('refuses %s, and never as anything but a stable code', (_, bytes) => {
    expect(['PINION_ERR_NON_CANONICAL_REPORT', 'PINION_ERR_MALFORMED_REPORT']).toContain(codeOf(bytes))
  })

  it('calls bytes a protobuf reader accepts NON_CANONICAL, and bytes it cannot read MALFORMED', () => {
    expect(codeOf(concat([0x78, 0x01], signed))).toBe('PINION_ERR_NON_CANONICAL_REPORT')
    expect(codeOf(new Uint8Array([0xff, 0xff, 0xff]))).toBe('PINION_ERR_MALFORMED_REPORT')
  })

  it('names a report by its signed body, so re-encoding the envelope never changes its id', () => {
    expect(reportIdOf(body)).toBe(keccak256Hex(body))
    const relayed = openSignedReport(concat([0x78, 0x01], signed))
    expect(reportIdOf(relayed.body)).toBe(reportIdOf(body))
    expect(reportIdOf(body)).not.toBe(keccak256Hex(signed))
  })
})

describe('canonical ReportBody', () => {
  it('accepts the body a device signs', () => {
    expect(isCanonicalReportBody(body)).toBe(true)
  })

  it('refuses a body with an unknown field, fields out of order, or a default value written out', () => {
    const decoded = decodeReportBody(body)
    expect(isCanonicalReportBody(concat(body, [0x78, 0x01]))).toBe(false)
    // kind (field 5) moved before device_id (field 1): the same message, another encoding.
    const kindField = concat([0x2a, decoded.kind.length], new TextEncoder().encode(decoded.kind))
    const withoutKind = toBinary(ReportBodySchema, { ...decodeForEncode(body), kind: '' } as never)
    expect(isCanonicalReportBody(concat(kindField, withoutKind))).toBe(false)
    // sequence 0 is proto3's default and is omitted; written out explicitly it is not canonical.
    const zeroSequence = toBinary(ReportBodySchema, { ...decodeForEncode(body), sequence: 0n } as never)
    expect(isCanonicalReportBody(zeroSequence)).toBe(true)
    expect(isCanonicalReportBody(concat(zeroSequence, [0x18, 0x00]))).toBe(false)
  })
})

function decodeForEncode(bytes: Uint8Array) {
  const d = decodeReportBody(bytes)
  return {
    $typeName: 'pinion.v1.ReportBody',
    deviceId: Buffer.from(d.deviceId.slice(2), 'hex'),
    networkId: Buffer.from(d.networkId.slice(2), 'hex'),
    sequence: d.sequence,
    timestampMs: d.timestampMs,
    kind: d.kind,
    payloadType: d.payloadType,
    payload: d.payload,
  }
}

describe('openCanonicalSignedReport errors', () => {
  it('throws PinionError with a message naming the sizes', () => {
    expect(() => openCanonicalSignedReport(concat(signed, [0x00]))).toThrow(PinionError)
  })
})
