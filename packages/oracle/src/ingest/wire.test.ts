import { fromBinary } from '@bufbuild/protobuf'
import { ReportBatchSchema, generateDeviceKey, openSignedReport, peekDeviceId as protocolPeek } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { OracleError } from '../errors.ts'
import { testBatch, testReport } from '@pinion/testkit/oracle/sampleReports'
import { peekDeviceId, splitReportBatch } from './wire.ts'

const key = generateDeviceKey('ed25519')

function codeOf(work: () => unknown): string | undefined {
  try {
    work()
  } catch (error) {
    return error instanceof OracleError ? error.code : 'not an OracleError'
  }
  return undefined
}

describe('splitReportBatch', () => {
  it('returns each SignedReport as the exact bytes framed in the batch, as the generated decoder reads them', () => {
    const reports = [testReport(key, 1), testReport(key, 2, { payload: new Uint8Array(300) }), testReport(key, 3)]
    const batch = testBatch(reports)
    expect(splitReportBatch(batch)).toEqual(reports)
    const decoded = fromBinary(ReportBatchSchema, batch).reports
    expect(decoded.map((report) => report.body)).toEqual(reports.map((report) => openSignedReport(report).body))
    expect(splitReportBatch(new Uint8Array(0))).toEqual([])
  })

  it('skips unknown fields, and rejects bad framing with PINION_ERR_MALFORMED_BATCH', () => {
    const report = testReport(key, 1)
    const unknownField = new Uint8Array([0x10, 0x05]) // field 2, varint 5
    expect(splitReportBatch(new Uint8Array([...unknownField, ...testBatch([report])]))).toEqual([report])
    const truncated = testBatch([report]).subarray(0, 20)
    expect(codeOf(() => splitReportBatch(truncated))).toBe('PINION_ERR_MALFORMED_BATCH')
    expect(codeOf(() => splitReportBatch(new Uint8Array([0x08, 0x01])))).toBe('PINION_ERR_MALFORMED_BATCH') // field 1 as varint
    expect(codeOf(() => splitReportBatch(new Uint8Array([0xff, 0xff, 0xff])))).toBe('PINION_ERR_MALFORMED_BATCH')
  })
})

describe('peekDeviceId', () => {
  it('reads the same device id as @pinion/protocol', () => {
    const body = openSignedReport(testReport(key, 9)).body
    expect(peekDeviceId(body)).toBe(protocolPeek(body))
    // Field 1 twice: protobuf decoders keep the last; so does the peek.
    const other = openSignedReport(testReport(generateDeviceKey('p256'), 1)).body
    const twice = new Uint8Array([...body, ...other.subarray(0, 34)])
    expect(peekDeviceId(twice)).toBe(protocolPeek(twice))
  })

  it('rejects bodies without a 32-byte device id, or with broken framing', () => {
    expect(codeOf(() => peekDeviceId(new Uint8Array(0)))).toBe('PINION_ERR_MALFORMED_REPORT')
    expect(codeOf(() => peekDeviceId(new Uint8Array([0x0a, 0x01, 0x00])))).toBe('PINION_ERR_MALFORMED_REPORT')
    expect(codeOf(() => peekDeviceId(new Uint8Array([0x0a, 0x20, 0x00])))).toBe('PINION_ERR_MALFORMED_REPORT')
    expect(codeOf(() => peekDeviceId(new Uint8Array([0xff, 0xff])))).toBe('PINION_ERR_MALFORMED_REPORT')
  })
})
