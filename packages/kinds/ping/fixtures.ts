// Test fixtures for the ping kind's tests: devices, epochs, stake and inputs, built by hand so each
// test states exactly what the chain said. Not part of the kind (index.ts does not export them).
import { type Hex, encodeAbiParameters, keccak256 } from 'viem'
import { type Challenge, issueChallenges } from '../src/challenge.ts'
import type { KindInputs } from '../src/inputs.ts'
import type { DeviceRecord, EpochWindow, KindReport, ScoreContext, SimulatedReport, VerifyContext } from '../src/kind.ts'
import { DEFAULT_PING_PARAMS, type PingParams } from './params.ts'
import { type Pong, decodePingPayload } from './payload.ts'
import { ping } from './index.ts'

/** A 30-second devnet epoch, and a 24-hour one, both from 2026-01-01T00:00Z. */
export const DEVNET_EPOCH: EpochWindow = { epoch: 7n, startMs: 1_767_225_600_000n, endMs: 1_767_225_630_000n, entropy: `0x${'ab'.repeat(32)}` }
export const DAY_EPOCH: EpochWindow = { ...DEVNET_EPOCH, endMs: DEVNET_EPOCH.startMs + 86_400_000n }

/** Device id n: 0x + 64 hex digits. */
export const deviceId = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`

/** The registry record of device n, active, with no location (ping does not use one). */
export function device(n: number, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: deviceId(n),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: `0x${n.toString(16).padStart(64, '0')}`,
    location: null,
    locations: [],
    active: true,
    ...overrides,
  }
}

export const registry = (devices: readonly DeviceRecord[]): Map<Hex, DeviceRecord> => new Map(devices.map((d) => [d.deviceId, d]))

/** The challenges of `epoch` as the pipeline issues them (issueChallenges: checked, with ids). */
export function issued(
  devices: ReadonlyMap<Hex, DeviceRecord>,
  stake: ReadonlyMap<Hex, bigint>,
  epoch: EpochWindow = DEVNET_EPOCH,
  params: PingParams = DEFAULT_PING_PARAMS,
): Challenge[] {
  return issueChallenges(ping, { epoch, devices, stake, params })
}

export function inputs(overrides: Partial<KindInputs> = {}): KindInputs {
  return { challenges: [], revenue: new Map(), stake: new Map(), operatorStake: new Map(), ...overrides }
}

export const verifyContext = (d: DeviceRecord, kindInputs: KindInputs, params: PingParams = DEFAULT_PING_PARAMS, epoch = DEVNET_EPOCH): VerifyContext<PingParams> => ({
  epoch,
  device: d,
  params,
  carried: null,
  inputs: kindInputs,
})

export const scoreContext = (
  devices: ReadonlyMap<Hex, DeviceRecord>,
  kindInputs: KindInputs,
  params: PingParams = DEFAULT_PING_PARAMS,
  epoch = DEVNET_EPOCH,
): ScoreContext<PingParams> => ({ epoch, devices, params, carried: null, inputs: kindInputs })

/**
 * A pong as the pipeline hands it to the kind. Its report id hashes every field, as the real one
 * hashes the signed bytes: two pongs differing in anything have different ids.
 */
export function pong(from: Hex, timestampMs: bigint, payload: Pong, sequence = 1n): KindReport<Pong> {
  const reportId = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [from, sequence, timestampMs, payload.challengeId, payload.answer],
    ),
  )
  return { reportId, deviceId: from, sequence, timestampMs, payloadType: 'pong', payload }
}

/** A simulated report, decoded the way the pipeline decodes it. */
export function received(report: SimulatedReport, sequence: bigint): KindReport<Pong> {
  return pong(report.deviceId, report.timestampMs, decodePingPayload(report.payloadType, report.payload), sequence)
}
