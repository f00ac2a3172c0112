// Test helpers for the epoch pipeline: real device keys, real signed reports.
import { type DeviceRecord, type EpochWindow, type Kind, seededRandom } from '@pinion/kinds'
import { uptime } from '@pinion/kinds/uptime'
import { encodeHeartbeat } from '@pinion/kinds/uptime'
import {
  type DeviceKey,
  type ReportFields,
  ed25519KeyPair,
  keccak256Hex,
  networkIdOf,
  openCanonicalSignedReport,
  openSignedReport,
  p256KeyPair,
  reportIdOf,
  signReport,
} from '@pinion/protocol'
import { type Address, type Hex, keccak256, toBytes } from 'viem'
import type { EpochInput } from '../../../oracle/src/epoch/types.ts'
import { TEST_NETWORK_ID, deviceRecord } from '../devices.ts'

export const NETWORK_ID = TEST_NETWORK_ID
export const OTHER_NETWORK_ID = networkIdOf(1, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
export const TREASURY: Address = '0x7000000000000000000000000000000000000007'

/** A 60-second devnet epoch with 5-second sub-intervals: 12 of them, 6 required. */
export const WINDOW: EpochWindow = { epoch: 7n, startMs: 1_767_225_600_000n, endMs: 1_767_225_660_000n, entropy: `0x${'cd'.repeat(32)}` }
export const KIND_PARAMS: ReadonlyMap<string, unknown> = new Map([['uptime', { subIntervalMs: 5_000 }]])
/** The kinds these tests run: uptime only (a kind's pools must all have basis points). */
const KINDS: ReadonlyMap<string, Kind> = new Map<string, Kind>([['uptime', uptime as Kind]])

export type FleetDevice = { key: DeviceKey; device: DeviceRecord; behaviour: string }

/**
 * A device key derived from a label: tests are reproducible to the byte (report ids, canonical
 * order), and every key type is covered. ed25519 keys come from the label's hash as the seed;
 * P-256 keys from it as the private scalar (and RFC 6979 makes their signatures deterministic too).
 */
export function keyFor(label: string, type: 'ed25519' | 'p256' = 'ed25519'): DeviceKey {
  const seed = keccak256(toBytes(`pinion/epoch-test/${label}`))
  return { type, ...(type === 'p256' ? p256KeyPair(seed) : ed25519KeyPair(seed)) }
}

/** Devices with keys derived from `label`, each paying a recipient of its own unless `recipient` says otherwise. */
export function makeDevices(label: string, behaviours: readonly string[], recipient?: (i: number) => Address): FleetDevice[] {
  return behaviours.map((behaviour, i) => {
    const key = keyFor(`${label}/${i}`, i % 3 === 2 ? 'p256' : 'ed25519') // both key types in every fleet
    return {
      key,
      behaviour,
      device: deviceRecord(key, {
        owner: `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
        recipient: recipient?.(i) ?? (`0x${'9'}${(i + 1).toString(16).padStart(39, '0')}` as Address),
      }),
    }
  })
}

/** The reports the uptime simulator makes for the fleet, signed by each device in order. */
export function signFleet(fleet: readonly FleetDevice[], seed: number, window: EpochWindow = WINDOW): Uint8Array[] {
  const params = KINDS.get('uptime')!.parseParams(KIND_PARAMS.get('uptime'))
  const simulated = KINDS.get('uptime')!.simulate({
    epoch: window,
    devices: fleet.map(({ device, behaviour }) => ({ deviceId: device.deviceId, behaviour, location: device.location })),
    params,
    random: seededRandom(seed),
  })
  const keys = new Map(fleet.map(({ key, device }) => [device.deviceId, key]))
  const sequences = new Map<Hex, bigint>()
  return simulated.map((report) => {
    const sequence = (sequences.get(report.deviceId) ?? 0n) + 1n
    sequences.set(report.deviceId, sequence)
    return sign(keys.get(report.deviceId)!, { sequence, timestampMs: report.timestampMs, payload: report.payload })
  })
}

/** Signs one uptime report; every field can be overridden to make a bad one. */
export function sign(key: DeviceKey, fields: Partial<ReportFields> = {}): Uint8Array {
  return signReport(key, {
    networkId: NETWORK_ID,
    sequence: 1n,
    timestampMs: WINDOW.startMs + 1_000n,
    kind: 'uptime',
    payloadType: 'heartbeat',
    payload: encodeHeartbeat({ uptimeSeconds: 1n, firmwareVersion: 'test/1' }),
    ...fields,
  })
}

export function epochInput(fleet: readonly FleetDevice[], reports: readonly Uint8Array[], overrides: Partial<EpochInput> = {}): EpochInput {
  return {
    window: WINDOW,
    networkId: NETWORK_ID,
    reports: reports.map((signed) => ({ signed })),
    devices: new Map(fleet.map(({ device }) => [device.deviceId, device])),
    kinds: KINDS,
    kindParams: KIND_PARAMS,
    emission: 1_000_000n * 10n ** 18n + 7n,
    pools: [
      { name: 'uptime.uptime', basisPoints: 9_000 },
      { name: 'treasury', basisPoints: 1_000 },
    ],
    residual: { name: 'treasury', recipient: TREASURY },
    previousCumulative: new Map(),
    ...overrides,
  }
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<item>(items: readonly item[], seed: number): item[] {
  const random = seededRandom(seed)
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}

/** SignedReport bytes around a body and a signature (fields 1 and 2, length-delimited). */
export function envelope(body: Uint8Array, signature: Uint8Array): Uint8Array {
  const field = (tag: number, bytes: Uint8Array) => [tag, ...varint(bytes.length), ...bytes]
  return new Uint8Array([...field(0x0a, body), ...field(0x12, signature)])
}

/** A copy of a signed report whose body's last byte (in the heartbeat's firmware version) is flipped: still decodable, no longer signed. */
export function tamper(signed: Uint8Array): Uint8Array {
  const { body, signature } = openSignedReport(signed)
  const changed = body.slice()
  changed[changed.length - 1]! ^= 0x01
  return envelope(changed, signature)
}

function varint(value: number): number[] {
  const bytes: number[] = []
  for (; value >= 0x80; value >>>= 7) bytes.push((value & 0x7f) | 0x80)
  bytes.push(value)
  return bytes
}

/** The id the pipeline gives `signed`: its body's hash when canonical, the bytes' hash otherwise (canonicalOrder.ts). */
export function reportIdOfSigned(signed: Uint8Array): Hex {
  try {
    return reportIdOf(openCanonicalSignedReport(signed).body)
  } catch {
    return keccak256Hex(signed)
  }
}
