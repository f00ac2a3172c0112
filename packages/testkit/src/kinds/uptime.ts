// Test helpers: real keys, real signed reports, decoded the way the epoch pipeline decodes them.
import { createPrivateKey } from 'node:crypto'
import { type DeviceKey, decodeReportBody, deviceIdOf, networkIdOf, openSignedReport, signReport } from '@pinion/protocol'
import { type Hex, bytesToHex, keccak256, toBytes } from 'viem'
import type { DeviceRecord, KindReport } from '../../../kinds/src/kind.ts'
import { perTestFile } from '../perTestFile.ts'
import { DAY, HOUR } from './day.ts'
import { type Heartbeat, decodeUptimePayload, encodeHeartbeat } from '../../../kinds/uptime/payload.ts'

const NETWORK_ID = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')

export { DAY, HOUR }

function deviceFor(key: DeviceKey, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: deviceIdOf(key.publicKey),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: key.type,
    publicKey: key.publicKey,
    location: 0x8c2a100d2c2b3ffn,
    locations: [{ cell: 0x8c2a100d2c2b3ffn, atMs: 0n, antennaGain: 12, elevation: 5 }],
    active: true,
    ...overrides,
  }
}

/** PKCS#8 DER prefix of an ed25519 private key (RFC 8410), before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
/** Devices made so far by the running test file. */
const made = perTestFile(() => ({ devices: 0 }))

/**
 * A new ed25519 device and its registry record. Keys are derived from a counter of the test file's
 * devices, not drawn at random, so that every run of a test file signs the same bytes.
 */
export function newDevice(overrides: Partial<DeviceRecord> = {}): { key: DeviceKey; device: DeviceRecord } {
  const seed = keccak256(toBytes(`pinion/uptime-test/${made().devices++}`))
  const jwk = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, toBytes(seed)]), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
  const key: DeviceKey = { type: 'ed25519', publicKey: bytesToHex(Buffer.from(jwk.x!, 'base64url')), privateKey: seed }
  return { key, device: deviceFor(key, overrides) }
}

const HEARTBEAT: Heartbeat = { uptimeSeconds: 3600n, firmwareVersion: 'pinion-agent/0.1.0' }

/** Signs a heartbeat at `timestampMs`, then opens and decodes it as the pipeline would. */
export function signedHeartbeat(key: DeviceKey, sequence: bigint, timestampMs: bigint, heartbeat: Heartbeat = HEARTBEAT): KindReport<Heartbeat> {
  const signed = signReport(key, {
    networkId: NETWORK_ID,
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
