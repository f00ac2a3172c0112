// Test helpers: real keys, real signed reports, decoded the way the epoch pipeline decodes them.
import { type DeviceKey, decodeReportBody, ed25519KeyPair, openSignedReport, signReport } from '@pinion/protocol'
import { type Hex, keccak256, toBytes } from 'viem'
import type { DeviceRecord, KindReport } from '../../../kinds/src/kind.ts'
import { TEST_NETWORK_ID, deviceRecord } from '../devices.ts'
import { perTestFile } from '../perTestFile.ts'
import { DAY, HOUR } from './day.ts'
import { type Heartbeat, decodeUptimePayload, encodeHeartbeat } from '../../../kinds/uptime/payload.ts'

export { DAY, HOUR }

/** Devices made so far by the running test file. */
const made = perTestFile(() => ({ devices: 0 }))

/**
 * A new ed25519 device and its registry record. Keys are derived from a counter of the test file's
 * devices, not drawn at random, so that every run of a test file signs the same bytes.
 */
export function newDevice(overrides: Partial<DeviceRecord> = {}): { key: DeviceKey; device: DeviceRecord } {
  const seed = keccak256(toBytes(`pinion/uptime-test/${made().devices++}`))
  const key: DeviceKey = { type: 'ed25519', ...ed25519KeyPair(seed) }
  return { key, device: deviceRecord(key, overrides) }
}

const HEARTBEAT: Heartbeat = { uptimeSeconds: 3600n, firmwareVersion: 'pinion-agent/0.1.0' }

/** Signs a heartbeat at `timestampMs`, then opens and decodes it as the pipeline would. */
export function signedHeartbeat(key: DeviceKey, sequence: bigint, timestampMs: bigint, heartbeat: Heartbeat = HEARTBEAT): KindReport<Heartbeat> {
  const signed = signReport(key, {
    networkId: TEST_NETWORK_ID,
    sequence,
    timestampMs,
    kind: 'uptime',
    payloadType: 'heartbeat',
    payload: encodeHeartbeat(heartbeat),
  })
  const body = decodeReportBody(openSignedReport(signed).body)
  return {
    reportId: keccak256(signed) as Hex,
    deviceId: body.deviceId,
    sequence: body.sequence,
    timestampMs: body.timestampMs,
    payloadType: body.payloadType,
    payload: decodeUptimePayload(body.payloadType, body.payload),
  }
}
