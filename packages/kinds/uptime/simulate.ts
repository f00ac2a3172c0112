import { PinionError } from '@pinion/protocol'
import type { SimulateInput, SimulatedDevice, SimulatedReport } from '../src/kind.ts'
import { type UptimeParams, subIntervalsInEpoch } from './params.ts'
import { HEARTBEAT_PAYLOAD_TYPE, encodeHeartbeat } from './payload.ts'

/**
 * How simulated uptime devices behave:
 * - honest: one heartbeat in every sub-interval, at a small seeded offset into it.
 * - flaky: like honest, but misses each sub-interval with a per-device seeded probability between
 *   FLAKY_MISS_MIN and FLAKY_MISS_MAX — some flaky devices qualify, some do not.
 * - offline: sends nothing.
 * - burst (adversarial): as many heartbeats as the epoch has sub-intervals, all inside one, hoping
 *   each counts. They are valid, and count once: the device does not qualify.
 * - clock-skew (adversarial): a heartbeat for every sub-interval, stamped one epoch late or early
 *   (a wrong clock, or heartbeats banked to replay later). All OUTSIDE_EPOCH.
 */
export const UPTIME_BEHAVIOURS = ['honest', 'flaky', 'offline', 'burst', 'clock-skew'] as const
export type UptimeBehaviour = (typeof UPTIME_BEHAVIOURS)[number]

/** Honest heartbeats land in the first tenth of their sub-interval: jitter, never a neighbour's. */
const JITTER_FRACTION_DENOMINATOR = 10
const FLAKY_MISS_MIN = 0.2
const FLAKY_MISS_MAX = 0.8
/** A simulation that would sign more than this per device is a mistake in its parameters. */
const MAX_SIMULATED_HEARTBEATS_PER_DEVICE = 100_000
const SIMULATED_FIRMWARE_VERSION = 'pinion-sim/1'

/** Heartbeats for each device by its behaviour, device by device, in time order. Deterministic given `random`. */
export function simulateUptime(input: SimulateInput<UptimeParams>): SimulatedReport[] {
  const { epoch, params } = input
  const count = subIntervalsInEpoch(epoch, params)
  if (count > MAX_SIMULATED_HEARTBEATS_PER_DEVICE) {
    throw new PinionError(
      'PINION_ERR_SIMULATION',
      `the epoch has ${count} sub-intervals of ${params.subIntervalMs} ms; simulating more than ${MAX_SIMULATED_HEARTBEATS_PER_DEVICE} heartbeats per device is refused`,
    )
  }
  const reports: SimulatedReport[] = []
  for (const device of input.devices) {
    for (const timestampMs of heartbeatTimes(device, count, input)) {
      // The device's own uptime: it booted at the epoch's start, give or take.
      const uptimeSeconds = timestampMs > epoch.startMs ? (timestampMs - epoch.startMs) / 1000n : 0n
      reports.push({
        deviceId: device.deviceId,
        timestampMs,
        payloadType: HEARTBEAT_PAYLOAD_TYPE,
        payload: encodeHeartbeat({ uptimeSeconds, firmwareVersion: SIMULATED_FIRMWARE_VERSION }),
      })
    }
  }
  return reports
}

function heartbeatTimes(device: SimulatedDevice, count: number, input: SimulateInput<UptimeParams>): bigint[] {
  const { epoch, params, random } = input
  const behaviour = device.behaviour as UptimeBehaviour
  const startOf = (k: number) => epoch.startMs + BigInt(k) * params.subIntervalMs
  const jitter = (k: number) => {
    const room = min(params.subIntervalMs / BigInt(JITTER_FRACTION_DENOMINATOR), epoch.endMs - startOf(k))
    return room > 0n ? BigInt(Math.floor(random() * Number(room))) : 0n
  }
  switch (behaviour) {
    case 'honest':
      return range(count).map((k) => startOf(k) + jitter(k))
    case 'flaky': {
      const miss = FLAKY_MISS_MIN + random() * (FLAKY_MISS_MAX - FLAKY_MISS_MIN)
      return range(count).flatMap((k) => (random() < miss ? [] : [startOf(k) + jitter(k)]))
    }
    case 'offline':
      return []
    case 'burst': {
      const k = Math.floor(random() * count)
      return range(count).map(() => startOf(k) + jitter(k))
    }
    case 'clock-skew': {
      const shift = epoch.endMs - epoch.startMs
      const late = random() < 0.5
      return range(count).map((k) => startOf(k) + jitter(k) + (late ? shift : -shift))
    }
    default:
      throw new PinionError('PINION_ERR_SIMULATION', `uptime has no behaviour "${device.behaviour}"; expected one of ${UPTIME_BEHAVIOURS.join(', ')}`)
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const min = (a: bigint, b: bigint) => (a < b ? a : b)
