import { type DeviceKey, type ReportFields, networkIdOf, openSignedReport, reportIdOf, signReport } from '@pinion/protocol'
import type { Hex } from 'viem'

/**
 * Signed reports for tests, the crash test's child server and the ingest benchmark: real keys, real
 * signatures, one network, one pinned instant.
 */
export const TEST_NETWORK_ID = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')

/** 2026-01-01T00:00:00Z: the pinned oracle clock, and the default report timestamp. */
export const TEST_NOW_MS = 1_767_225_600_000

/** A SignedReport (bytes as sent) from `key` with `sequence`, other fields overridable. */
export function testReport(key: DeviceKey, sequence: bigint | number, fields: Partial<ReportFields> = {}): Uint8Array {
  return signReport(key, {
    networkId: TEST_NETWORK_ID,
    sequence: BigInt(sequence),
    timestampMs: BigInt(TEST_NOW_MS),
    kind: 'uptime',
    payloadType: 'heartbeat',
    payload: new Uint8Array([8, 1]),
    ...fields,
  })
}

/** The id every oracle gives a SignedReport: keccak256 of its signed body. */
export function testReportId(signed: Uint8Array): Hex {
  return reportIdOf(openSignedReport(signed).body)
}

/**
 * A ReportBatch of the given SignedReport bytes. Framed by hand (field 1, length-delimited, per
 * report) so each element stays byte-for-byte what was signed, whatever it holds.
 */
export function testBatch(reports: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = []
  for (const report of reports) {
    parts.push(new Uint8Array([0x0a]), varint(report.length), report)
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

function varint(value: number): Uint8Array {
  const bytes: number[] = []
  let rest = value
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80)
    rest >>>= 7
  }
  bytes.push(rest)
  return new Uint8Array(bytes)
}

