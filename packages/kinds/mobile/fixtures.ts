// Test fixtures for the mobile kind's tests: devices, epochs and contexts built by hand, and the
// simulator's reports as the pipeline hands them to the kind. Not part of the kind (index.ts does
// not export them).
import { type Hex, encodeAbiParameters, keccak256 } from 'viem'
import type { KindInputs } from '../src/inputs.ts'
import type { DeviceRecord, EpochWindow, KindReport, ScoreContext, SimulatedReport, VerifyContext } from '../src/kind.ts'
import { DEFAULT_MOBILE_PARAMS, type MobileParams } from './params.ts'
import { type MobilePayload, decodeMobilePayload } from './payload.ts'

/** A 24 h epoch from 2026-01-01T00:00Z, and a 30 s devnet one. */
export const DAY_EPOCH: EpochWindow = { epoch: 3n, startMs: 1_767_225_600_000n, endMs: 1_767_312_000_000n, entropy: `0x${'ab'.repeat(32)}` }
export const DEVNET_EPOCH: EpochWindow = { ...DAY_EPOCH, endMs: DAY_EPOCH.startMs + 30_000n }
export const HOUR = 3_600_000n

/** Device id n: 0x + 64 hex digits. */
export const deviceId = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`

/** Res-12 cells in Miami: CELL, one ≈ 250 m east (within full trust), one ≈ 2 km east (beyond every trust table). */
export const CELL = 0x8c44a112845a7ffn
export const CELL_250M = 0x8c44a11284dc5ffn
export const CELL_2KM = 0x8c44a112a5761ffn

/** The registry record of device n, asserted at `location` a month before the epoch. */
export function device(n: number, location: bigint | null = CELL, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: deviceId(n),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: deviceId(n),
    location,
    locations: location === null ? [] : [{ cell: location, atMs: DAY_EPOCH.startMs - 30n * 24n * HOUR + BigInt(n), antennaGain: 30, elevation: 3 }],
    active: true,
    ...overrides,
  }
}

export const registry = (devices: readonly DeviceRecord[]): Map<Hex, DeviceRecord> => new Map(devices.map((d) => [d.deviceId, d]))

function inputs(overrides: Partial<KindInputs> = {}): KindInputs {
  return { challenges: [], revenue: new Map(), stake: new Map(), operatorStake: new Map(), ...overrides }
}

export const verifyContext = (d: DeviceRecord, params: MobileParams = DEFAULT_MOBILE_PARAMS, epoch = DAY_EPOCH): VerifyContext<MobileParams> => ({
  epoch,
  device: d,
  params,
  carried: null,
  inputs: inputs(),
})

export const scoreContext = (devices: ReadonlyMap<Hex, DeviceRecord>, params: MobileParams = DEFAULT_MOBILE_PARAMS, epoch = DAY_EPOCH): ScoreContext<MobileParams> => ({
  epoch,
  devices,
  params,
  carried: null,
  inputs: inputs(),
})

/** A report as the pipeline hands it to the kind; its id hashes every field, as the real one hashes the signed bytes. */
export function report(from: Hex, timestampMs: bigint, payloadType: string, bytes: Uint8Array, sequence = 1n): KindReport<MobilePayload> {
  const reportId = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'string' }, { type: 'bytes' }],
      [from, sequence, timestampMs, payloadType, toHex(bytes)],
    ),
  )
  return { reportId, deviceId: from, sequence, timestampMs, payloadType, payload: decodeMobilePayload(payloadType, bytes) }
}

/** Simulated reports, decoded the way the pipeline decodes them, sequences counting up per device. */
export function received(reports: readonly SimulatedReport[]): KindReport<MobilePayload>[] {
  const next = new Map<Hex, bigint>()
  return reports.map((r) => {
    const sequence = (next.get(r.deviceId) ?? 0n) + 1n
    next.set(r.deviceId, sequence)
    return report(r.deviceId, r.timestampMs, r.payloadType, r.payload, sequence)
  })
}

const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`
