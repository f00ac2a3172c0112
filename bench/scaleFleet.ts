/**
 * The uptime network bench:scale runs its epochs over: a seeded fleet, its epoch's input, and its
 * reports, written to disk in canonical order a device at a time (never all in memory) and read back
 * as pages for streamEpoch.
 */
import { createWriteStream } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import { once } from 'node:events'
import { type DeviceRecord, type Kind, seededRandom } from '@pinion/kinds'
import { encodeHeartbeat, uptime } from '@pinion/kinds/uptime'
import { type DeviceKey, deviceIdOf, ed25519KeyPair, encodeReportBody, encodeSignedReport, networkIdOf, reportSigningMessage, signWithDeviceKey } from '@pinion/protocol'
import { type Address, type Hex, keccak256, toBytes } from 'viem'
import type { EpochInput } from '../packages/oracle/src/epoch/types.ts'

const DAY_MS = 86_400_000n
/** A 24 h epoch under the uptime kind's default parameters (1 h sub-intervals, 12 of 24 required: Helium Mobile's rule). */
const SCALE_WINDOW = { epoch: 1n, startMs: 1_767_225_600_000n, endMs: 1_767_225_600_000n + DAY_MS, entropy: `0x${'5c'.repeat(32)}` as Hex }
const SCALE_NETWORK_ID = networkIdOf(31_337, '0x5FbDB2315678afecb367f032d93F642f64180aa3')
const TREASURY: Address = '0x7000000000000000000000000000000000000007'
/** About a day of Helium's 7.5 M HNT a year, in 18-decimal units (as bench:epoch). */
const EMISSION = 20_548n * 10n ** 18n

/**
 * How a device behaves: most report evenly through the day; some only in its first 11 hours (below
 * the 12 sub-intervals required: a share of weight 0); some send their last heartbeat after the
 * epoch's end (OUTSIDE_EPOCH).
 */
type Behaviour = 'steady' | 'half-day' | 'late'

export type ScaleDevice = { key: DeviceKey; record: DeviceRecord; behaviour: Behaviour }

/** `count` devices from `seed`, in device id order (canonical order's first key). */
export function scaleFleet(seed: number, count: number): ScaleDevice[] {
  const random = seededRandom(seed)
  const fleet: ScaleDevice[] = []
  for (let i = 0; i < count; i++) {
    const key: DeviceKey = { type: 'ed25519', ...ed25519KeyPair(keccak256(toBytes(`pinion/bench-scale/${seed}/${i}`))) }
    const roll = random()
    const behaviour: Behaviour = roll < 0.85 ? 'steady' : roll < 0.97 ? 'half-day' : 'late'
    const located = random() < 0.9
    const recipient = `0x${(i + 1).toString(16).padStart(40, '0')}` as Address
    fleet.push({
      key,
      behaviour,
      record: {
        deviceId: deviceIdOf(key.publicKey),
        owner: recipient,
        recipient,
        deviceClass: 1,
        keyType: 'ed25519',
        publicKey: key.publicKey,
        location: located ? 0x8c2a100d2c2b3ffn : null,
        locations: located ? [{ cell: 0x8c2a100d2c2b3ffn, atMs: 0n, antennaGain: 12, elevation: 5 }] : [],
        active: true,
      },
    })
  }
  return fleet.sort((a, b) => (a.record.deviceId < b.record.deviceId ? -1 : 1))
}

/** The epoch's input but its reports. */
export function scaleInput(fleet: readonly ScaleDevice[]): Omit<EpochInput, 'reports'> {
  return {
    window: SCALE_WINDOW,
    networkId: SCALE_NETWORK_ID,
    devices: new Map(fleet.map(({ record }) => [record.deviceId, record])),
    kinds: new Map<string, Kind>([['uptime', uptime as Kind]]),
    kindParams: new Map(),
    emission: EMISSION,
    pools: [
      { name: 'uptime.uptime', basisPoints: 9_000 },
      { name: 'treasury', basisPoints: 1_000 },
    ],
    residual: { name: 'treasury', recipient: TREASURY },
    previousCumulative: new Map(),
  }
}

/** How many reports device `index` of `devices` sends when the fleet sends `reports` in all (the remainder to the first ones). */
const reportsOf = (index: number, devices: number, reports: number) => Math.floor(reports / devices) + (index < reports % devices ? 1 : 0)

/**
 * Signs the reports of devices [from, to) of the fleet (in its order) and appends them to `path`, each
 * as a 4-byte little-endian length and the SignedReport bytes: sequences 1, 2, … of one device, then
 * the next device's. Written to `path`.tmp and renamed when whole, so a cached file is never partial.
 */
export async function writeReports(
  path: string,
  fleet: readonly ScaleDevice[],
  from: number,
  to: number,
  reports: number,
  seed: number,
  onDevice?: (done: number) => void,
): Promise<void> {
  const out = createWriteStream(`${path}.tmp`)
  for (let d = from; d < to; d++) {
    const { key, record, behaviour } = fleet[d]!
    // A generator per device: the bytes do not depend on how the fleet was cut into files.
    const random = seededRandom((seed * 1_000_003 + d) >>> 0)
    const count = reportsOf(d, fleet.length, reports)
    const span = behaviour === 'half-day' ? (DAY_MS * 11n) / 24n : DAY_MS
    const spacing = span / BigInt(Math.max(count, 1))
    for (let j = 0; j < count; j++) {
      const jitter = BigInt(Math.floor(random() * Number(spacing / 10n)))
      let timestampMs = SCALE_WINDOW.startMs + spacing * BigInt(j) + jitter
      if (behaviour === 'late' && j === count - 1) timestampMs = SCALE_WINDOW.endMs + 1_000n
      const body = encodeReportBody(record.deviceId, {
        networkId: SCALE_NETWORK_ID,
        sequence: BigInt(j + 1),
        timestampMs,
        kind: 'uptime',
        payloadType: 'heartbeat',
        payload: encodeHeartbeat({ uptimeSeconds: BigInt(j) * 60n, firmwareVersion: 'bench/1' }),
      })
      const signed = encodeSignedReport(body, signWithDeviceKey(key, reportSigningMessage(body)))
      // One fresh buffer per report: the stream keeps what it is given until it is flushed.
      const framed = Buffer.allocUnsafe(4 + signed.length)
      framed.writeUInt32LE(signed.length, 0)
      framed.set(signed, 4)
      if (!out.write(framed)) await once(out, 'drain')
    }
    onDevice?.(d - from + 1)
  }
  out.end()
  await once(out, 'finish')
  await rename(`${path}.tmp`, path)
}

/**
 * The reports of `paths` (files writeReports wrote, in fleet order), as pages of `pageSize`, reading
 * a few MiB at a time: what the epoch holds of them is the page being judged and the page being verified.
 */
export async function* readReportPages(paths: readonly string[], pageSize: number, chunkBytes = 4 * 1024 * 1024): AsyncGenerator<Uint8Array[]> {
  let page: Uint8Array[] = []
  for (const path of paths) {
    const file = await open(path, 'r')
    try {
      let carry = new Uint8Array(0)
      for (;;) {
        // A fresh buffer each read: the page's reports are views into it.
        const chunk = new Uint8Array(carry.length + chunkBytes)
        chunk.set(carry, 0)
        const { bytesRead } = await file.read(chunk, carry.length, chunkBytes)
        const end = carry.length + bytesRead
        const view = new DataView(chunk.buffer)
        let at = 0
        while (at + 4 <= end) {
          const size = view.getUint32(at, true)
          if (at + 4 + size > end) break
          page.push(chunk.subarray(at + 4, at + 4 + size))
          at += 4 + size
          if (page.length === pageSize) {
            yield page
            page = []
          }
        }
        carry = chunk.slice(at, end)
        if (bytesRead === 0) {
          if (carry.length !== 0) throw new Error(`${path} ends inside a report`)
          break
        }
      }
    } finally {
      await file.close()
    }
  }
  if (page.length > 0) yield page
}
