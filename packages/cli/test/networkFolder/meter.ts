// A kind of the network's own, as a builder writes one in their network's folder (its pinion.config
// .ts registers it): energy meters sign a reading every `readingIntervalMs`, and every reading inside
// the epoch earns one unit of weight in the pool "readings". The end-to-end test of a network
// outside the checkout (networkFolder.e2e.test.ts) copies it there as kinds/meter.ts; it imports
// Pinion only by package name, as such a file must.
import type { Kind, KindReport, Share, SimulateInput, SimulatedReport, Verdict } from '@pinion/kinds'
import { ONE, PinionError } from '@pinion/protocol'

type MeterParams = { readingIntervalMs: bigint }
/** A reading: watt-hours since the meter was installed. */
type Reading = { wattHours: bigint }

const READING = 'reading'
const READING_BYTES = 8
const BEHAVIOURS = ['honest', 'offline'] as const

function parseMeterParams(input: unknown): MeterParams {
  const given = (input ?? {}) as { readingIntervalMs?: unknown }
  const interval = given.readingIntervalMs ?? 5_000
  if (typeof interval !== 'number' && typeof interval !== 'bigint') {
    throw new PinionError('PINION_ERR_KIND_PARAMS', `Invalid meter params: readingIntervalMs is ${String(interval)}, expected a number of ms.`)
  }
  if (BigInt(interval) < 1_000n) throw new PinionError('PINION_ERR_KIND_PARAMS', `Invalid meter params: readingIntervalMs is ${interval}, expected at least 1000.`)
  return { readingIntervalMs: BigInt(interval) }
}

function decodeReading(payloadType: string, bytes: Uint8Array): Reading {
  if (payloadType !== READING || bytes.length !== READING_BYTES) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `a meter reading is ${READING_BYTES} bytes of type "${READING}"; got ${bytes.length} of "${payloadType}"`)
  }
  return { wattHours: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0) }
}

function encodeReading(reading: Reading): Uint8Array {
  const bytes = new Uint8Array(READING_BYTES)
  new DataView(bytes.buffer).setBigUint64(0, reading.wattHours)
  return bytes
}

function verifyReading(report: KindReport<Reading>, ctx: { epoch: { startMs: bigint; endMs: bigint } }): Verdict {
  if (report.timestampMs < ctx.epoch.startMs || report.timestampMs >= ctx.epoch.endMs) return { valid: false, reason: 'OUTSIDE_EPOCH' }
  return { valid: true }
}

/** One share per device: a unit of weight per valid reading. */
function scoreReadings(reports: readonly KindReport<Reading>[]): Share[] {
  const readings = new Map<`0x${string}`, number>()
  for (const report of reports) readings.set(report.deviceId, (readings.get(report.deviceId) ?? 0) + 1)
  return [...readings.keys()].sort().map((deviceId) => {
    const count = readings.get(deviceId) ?? 0
    return { deviceId, pool: 'readings', base: BigInt(count) * ONE, multipliers: [], weight: BigInt(count) * ONE, inputs: { readings: count } }
  })
}

/** Honest meters read every interval of the epoch; offline ones send nothing. */
function simulateMeters(input: SimulateInput<MeterParams>): SimulatedReport[] {
  const reports: SimulatedReport[] = []
  for (const device of input.devices) {
    if (device.behaviour !== 'honest') continue
    for (let at = input.epoch.startMs; at < input.epoch.endMs; at += input.params.readingIntervalMs) {
      reports.push({ deviceId: device.deviceId, timestampMs: at, payloadType: READING, payload: encodeReading({ wattHours: at / 1_000n }) })
    }
  }
  return reports
}

export const meter: Kind<MeterParams, Reading> = {
  name: 'meter',
  rulesVersion: 1,
  summary: 'Energy meters sign a reading at a fixed interval, and earn by the readings heard inside the epoch.',
  reasons: { OUTSIDE_EPOCH: 'The reading is stamped outside the epoch it was sent for.' },
  payloadTypes: [READING],
  pools: ['readings'],
  defaultParams: { readingIntervalMs: 5_000n },
  parseParams: parseMeterParams,
  decodePayload: decodeReading,
  verify: verifyReading,
  score: scoreReadings,
  eachDeviceAlone: true,
  behaviours: BEHAVIOURS,
  simulate: simulateMeters,
}
