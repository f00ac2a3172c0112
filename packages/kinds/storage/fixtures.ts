// Test fixtures for the storage kind's tests: devices, epochs, deals as StorageMarket's events tell
// them, and seeded pieces, built by hand so each test states exactly what the chain said. Not part of
// the kind (index.ts does not export them).
import { pieceTree } from '@pinion/protocol/pdp'
import { type Hex, numberToHex } from 'viem'
import type { KindEvent } from '../src/chain.ts'
import { type Challenge, issueChallenges } from '../src/challenge.ts'
import type { KindInputs } from '../src/inputs.ts'
import type { DeviceRecord, EpochWindow, KindReport, ScoreContext, VerifyContext } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import type { StorageCarried } from './carry.ts'
import { STORAGE_MARKET, foldStorageEvents } from './chain.ts'
import { storage } from './index.ts'
import { DEFAULT_STORAGE_PARAMS, type StorageParams } from './params.ts'
import { type PossessionProof, decodeStoragePayload } from './payload.ts'
import { holdPieces } from './simulate.ts'

/** 30-second devnet epochs from 2026-01-01T00:00Z: epoch n starts at GENESIS_MS + 30 s × n. */
const GENESIS_MS = 1_767_225_600_000n
export const EPOCH_MS = 30_000n
export function epochWindow(n: bigint, entropy: Hex = `0x${'ab'.repeat(32)}`): EpochWindow {
  return { epoch: n, startMs: GENESIS_MS + EPOCH_MS * n, endMs: GENESIS_MS + EPOCH_MS * (n + 1n), entropy }
}
export const EPOCH: EpochWindow = epochWindow(7n)

/** Devnet parameters: 5 leaves a period, 10 s to answer in a 30 s epoch, terminated after 3 faults. */
export const PARAMS: StorageParams = { ...DEFAULT_STORAGE_PARAMS, responseWindowMs: 10_000n, maxConsecutiveFaults: 3 }

export const deviceId = (n: number): Hex => numberToHex(n, { size: 32 })

export function device(n: number, overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return {
    deviceId: deviceId(n),
    owner: '0x1000000000000000000000000000000000000001',
    recipient: '0x2000000000000000000000000000000000000002',
    deviceClass: 1,
    keyType: 'ed25519',
    publicKey: deviceId(n),
    location: null,
    locations: [],
    active: true,
    ...overrides,
  }
}

export const registry = (devices: readonly DeviceRecord[]): Map<Hex, DeviceRecord> => new Map(devices.map((d) => [d.deviceId, d]))

/** `count` seeded payloads of `bytes` each (at least 127: PieceCIDv2's least payload). */
export function payloads(seed: number, count: number, bytes: number): Uint8Array[] {
  const random = seededRandom(seed)
  return Array.from({ length: count }, () => Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256)))
}

/** A deal as its events tell it: proposed, its pieces added, accepted `acceptedAtMs`. */
export type DealSpec = { dealId: bigint; device: number; pieces: readonly Uint8Array[]; acceptedAtMs: bigint; periods?: number }

/**
 * StorageMarket's events for `deals`, in chain order (one block per event), with the pieces made
 * known to the simulated providers: what the follower would give the kind's fold.
 */
export function dealEvents(deals: readonly DealSpec[]): KindEvent[] {
  const events: KindEvent[] = []
  let block = 100n
  const push = (eventName: string, args: Record<string, string>, timestampMs: bigint) =>
    events.push({ contract: STORAGE_MARKET, eventName, args, blockNumber: block++, logIndex: 0, timestampMs })
  for (const deal of deals) {
    holdPieces(deal.pieces)
    const proposedAt = deal.acceptedAtMs - 1_000n
    const id = deal.dealId.toString()
    push(
      'DealProposed',
      {
        dealId: id,
        customer: '0x3000000000000000000000000000000000000003',
        deviceId: BigInt(deviceId(deal.device)).toString(),
        pricePerPeriod: '1000000000000000000',
        periods: String(deal.periods ?? 10),
        collateral: '5000000000000000000',
        faultFee: '1000000000000000000',
        maxConsecutiveFaults: '3',
      },
      proposedAt,
    )
    for (const [index, payload] of deal.pieces.entries()) {
      const { root, height, leafCount } = pieceTree(payload)
      push('PieceAdded', { dealId: id, index: String(index), root, height: String(height), leafCount: String(leafCount) }, proposedAt)
    }
    push('DealAccepted', { dealId: id, deviceId: BigInt(deviceId(deal.device)).toString(), provider: '0x1000000000000000000000000000000000000001' }, deal.acceptedAtMs)
  }
  return events
}

/** The challenges `epoch` issues for `deals`' events, checked and with ids, as the pipeline issues them. */
export function periods(devices: ReadonlyMap<Hex, DeviceRecord>, events: readonly KindEvent[], epoch: EpochWindow = EPOCH, params: StorageParams = PARAMS): Challenge[] {
  const { state, stake } = foldStorageEvents(events, epoch)
  return issueChallenges(storage, { epoch, devices, stake, params, chain: state })
}

export function inputs(overrides: Partial<KindInputs> = {}): KindInputs {
  return { challenges: [], revenue: new Map(), stake: new Map(), operatorStake: new Map(), ...overrides }
}

export const verifyContext = (d: DeviceRecord, kindInputs: KindInputs, params: StorageParams = PARAMS, epoch = EPOCH): VerifyContext<StorageParams, StorageCarried> => ({
  epoch,
  device: d,
  params,
  carried: null,
  inputs: kindInputs,
})

export const scoreContext = (
  devices: ReadonlyMap<Hex, DeviceRecord>,
  kindInputs: KindInputs,
  carried: StorageCarried | null = null,
  params: StorageParams = PARAMS,
  epoch = EPOCH,
): ScoreContext<StorageParams, StorageCarried> => ({ epoch, devices, params, carried, inputs: kindInputs })

let sequence = 0n
/** A report of `device`'s proof, as the pipeline would give it to the kind. */
export function proofReport(deviceIdHex: Hex, timestampMs: bigint, payload: Uint8Array): KindReport<PossessionProof> {
  sequence += 1n
  return {
    reportId: numberToHex(sequence, { size: 32 }),
    deviceId: deviceIdHex,
    sequence,
    timestampMs,
    payloadType: 'possession-proof',
    payload: decodeStoragePayload('possession-proof', payload),
  }
}
