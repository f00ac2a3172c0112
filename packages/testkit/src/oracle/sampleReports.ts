import { type DeviceKey, type KeyType, type ReportFields, generateDeviceKey, openSignedReport, reportIdOf, signReport, signWithDeviceKey } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { VerifyRequest } from '../../../oracle/src/ingest/verifyJob.ts'
import { TEST_NETWORK_ID } from '../devices.ts'

/**
 * Signed reports for tests, the crash test's child server and the ingest benchmark: real keys, real
 * signatures, one network, one pinned instant.
 */
export { TEST_NETWORK_ID }

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

/** `count` signature checks over both key types, every third tampered with, and the verdicts expected. */
export function verifyRequests(count: number): { items: VerifyRequest[]; expected: number[] } {
  const keys = (['ed25519', 'p256'] as KeyType[]).map((type) => generateDeviceKey(type))
  const items: VerifyRequest[] = []
  const expected: number[] = []
  for (let i = 0; i < count; i++) {
    const key = keys[i % 2]!
    const message = new TextEncoder().encode(`message ${i}`)
    const signature = signWithDeviceKey(key, message)
    // Every third one is tampered with: a flipped signature bit, or a signature of the wrong length.
    const bad = i % 3 === 0
    if (bad && i % 2 === 0) signature[5]! ^= 1
    items.push({ keyType: key.type, publicKey: key.publicKey, message, signature: bad && i % 2 === 1 ? signature.subarray(1) : signature })
    expected.push(bad ? 0 : 1)
  }
  return { items, expected }
}
