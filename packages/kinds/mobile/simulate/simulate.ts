import { PinionError, ed25519KeyPair } from '@pinion/protocol'
import { gridDisk } from 'h3-js'
import { type Hex, encodeAbiParameters, hexToBytes, keccak256, toBytes } from 'viem'
import type { SimulateInput, SimulatedDevice, SimulatedReport } from '../../src/kind.ts'
import { atResolution, cellFromString, h3String } from '../hexes.ts'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY, type InfrastructureKey } from '../infrastructure.ts'
import type { MobileParams } from '../params.ts'
import {
  DATA_SESSION_PAYLOAD_TYPE,
  HEARTBEAT_PAYLOAD_TYPE,
  type LocationFix,
  SPEEDTEST_PAYLOAD_TYPE,
  type Speedtest,
  encodeDataSession,
  encodeHeartbeat,
  encodeSpeedtest,
  signDataSession,
  signLocationFix,
  signSpeedtest,
} from '../payload.ts'
import { HIP_74_COVERAGE_RESOLUTION } from '../rules.ts'
import { MOBILE_BEHAVIOURS, type MobileBehaviour, isMobileBehaviour, simulatedRadioType } from './behaviours.ts'

/**
 * What a simulated report really is (ground truth for benchmarks): honest; a heartbeat of a radio
 * whose asserted location is false; a speedtest whose numbers the server did not measure for this
 * epoch; a data session no carrier served.
 */
export const MOBILE_REPORT_TRUTHS = ['honest', 'false-location', 'fake-speedtest', 'fake-session'] as const
export type MobileReportTruth = (typeof MOBILE_REPORT_TRUTHS)[number]
export type LabelledMobileReport = SimulatedReport & { truth: MobileReportTruth }

/** An honest radio misses a heartbeat period now and then (a reboot, a lost uplink). */
const MISSED_HEARTBEAT_PROBABILITY = 0.05
/** Backhaul a simulated radio has (bits per second, ms), before a ±3 % jitter per test: each well inside its Helium tier. */
const BACKHAUL = {
  good: { downloadBps: 200_000_000, uploadBps: 25_000_000, latencyMs: 25 },
  acceptable: { downloadBps: 85_000_000, uploadBps: 9_000_000, latencyMs: 54 },
  failing: { downloadBps: 18_000_000, uploadBps: 1_200_000, latencyMs: 130 },
} as const
const JITTER = 0.03
/** Unique subscribers a serving radio has an epoch: 3 to 10. */
const SUBSCRIBERS = { min: 3, max: 10 } as const
/** Bytes of one session: 0.2–5 MB up, 1–40 MB down. */
const SESSION_UPLOAD_BYTES = { min: 200_000, max: 5_000_000 } as const
const SESSION_DOWNLOAD_BYTES = { min: 1_000_000, max: 40_000_000 } as const
/** A location validator's fix lands within this grid distance of the res-12 hex the radio is in (about 20 m). */
const FIX_ERROR_RINGS = 2

/** Reports for each device by its behaviour, device by device, each device's in time order. Deterministic given `random`. */
export function simulateMobile(input: SimulateInput<MobileParams>): SimulatedReport[] {
  return simulateMobileLabelled(input).map(({ truth: _, ...report }) => report)
}

/** simulateMobile's reports, each labelled with what it really is. */
export function simulateMobileLabelled(input: SimulateInput<MobileParams>): LabelledMobileReport[] {
  const reports: LabelledMobileReport[] = []
  for (const device of input.devices) {
    if (!isMobileBehaviour(device.behaviour)) {
      throw new PinionError('PINION_ERR_SIMULATION', `mobile has no behaviour "${device.behaviour}"; expected one of ${MOBILE_BEHAVIOURS.join(', ')}`)
    }
    const own = radioReports(device, device.behaviour, input)
    own.sort((a, b) => (a.timestampMs < b.timestampMs ? -1 : a.timestampMs > b.timestampMs ? 1 : 0))
    reports.push(...own)
  }
  return reports
}

/** A per-device constant in [0, 256): byte `i` of keccak256(device id), so a radio's nature is the same every epoch. */
const trait = (deviceId: Hex, i: number): number => hexToBytes(keccak256(deviceId))[i]!

function radioReports(device: SimulatedDevice, behaviour: MobileBehaviour, input: SimulateInput<MobileParams>): LabelledMobileReport[] {
  const { epoch, params, random } = input
  const asserted = device.location === null ? null : h3String(device.location)
  const actual = device.actualLocation === undefined || device.actualLocation === null ? asserted : h3String(device.actualLocation)
  if (asserted === null || actual === null) return []
  const radioType = simulatedRadioType(device.antennaGain)
  const id = device.deviceId
  const variant = trait(id, 0) % 3
  const between = (low: bigint, high: bigint): bigint => (high > low ? low + BigInt(Math.floor(random() * Number(high - low))) : low)
  const out: LabelledMobileReport[] = []
  const push = (timestampMs: bigint, payloadType: string, payload: Uint8Array, truth: MobileReportTruth) => out.push({ deviceId: id, timestampMs, payloadType, payload, truth })
  const selfKey = ownKey(id)

  // Heartbeats: one at a drawn moment in each heartbeat period overlapping the epoch.
  const period = params.heartbeatPeriodMs
  for (let q = epoch.startMs / period; q * period < epoch.endMs; q++) {
    const from = q * period > epoch.startMs ? q * period : epoch.startMs
    const to = (q + 1n) * period < epoch.endMs ? (q + 1n) * period : epoch.endMs
    if (random() < MISSED_HEARTBEAT_PROBABILITY) continue
    const at = between(from, to)
    const validatedAt = at - BigInt(Math.floor(random() * Number(period)))
    // The validator finds the radio where it really is, give or take a few metres.
    const nearby = gridDisk(atResolution(actual, HIP_74_COVERAGE_RESOLUTION), FIX_ERROR_RINGS)
    const found = cellFromString(nearby[Math.floor(random() * nearby.length)]!)
    let fix: LocationFix = signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, id, { cell: found, validatedAtMs: validatedAt > 0n ? validatedAt : 0n })
    let truth: MobileReportTruth = 'honest'
    if (behaviour === 'location-spoofer') {
      truth = 'false-location'
      const claimed = device.location!
      if (variant === 1) fix = signLocationFix(selfKey, id, { cell: claimed, validatedAtMs: fix.validatedAtMs })
      if (variant === 2) fix = { ...fix, cell: claimed }
    }
    push(at, HEARTBEAT_PAYLOAD_TYPE, encodeHeartbeat({ radioType, locationFix: fix }), truth)
  }

  // Speedtests: speedtestSamples an epoch, one in each equal slice of it, measured by the devnet server.
  const faker = behaviour === 'speedtest-faker'
  const backhaul = faker ? BACKHAUL.failing : trait(id, 1) < 180 ? BACKHAUL.good : BACKHAUL.acceptable
  const slice = (epoch.endMs - epoch.startMs) / BigInt(params.speedtestSamples)
  for (let k = 0; k < params.speedtestSamples; k++) {
    const at = between(epoch.startMs + BigInt(k) * slice, epoch.startMs + BigInt(k + 1) * slice)
    const testId = keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint32' }], [id, epoch.epoch, k]))
    const measured = { testId, ...jittered(backhaul, random), measuredAtMs: at }
    if (!faker) {
      push(at, SPEEDTEST_PAYLOAD_TYPE, encodeSpeedtest(signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, id, measured)), 'honest')
      continue
    }
    const good = jittered(BACKHAUL.good, random)
    let fake: Speedtest
    if (variant === 0) fake = signSpeedtest(selfKey, id, { ...measured, ...good })
    else if (variant === 1) fake = { ...signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, id, measured), ...good }
    else {
      // A Good test the server really measured, from before the link degraded (the previous epoch), sent again now.
      const earlier = epoch.startMs - (epoch.endMs - epoch.startMs) + (at - epoch.startMs)
      fake = signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, id, { ...measured, ...good, measuredAtMs: earlier > 0n ? earlier : 0n })
    }
    push(at, SPEEDTEST_PAYLOAD_TYPE, encodeSpeedtest(fake), 'fake-speedtest')
  }

  // Data sessions: subscribers' traffic, counter-signed by the devnet carrier.
  const serves = behaviour !== 'no-service'
  const fakesSessions = behaviour === 'no-service' && variant % 2 === 1
  if (!serves && !fakesSessions) return out
  const subscribers = SUBSCRIBERS.min + Math.floor(random() * (SUBSCRIBERS.max - SUBSCRIBERS.min + 1))
  const sessions = subscribers + Math.floor(random() * subscribers)
  const length = epoch.endMs - epoch.startMs
  for (let k = 0; k < sessions; k++) {
    const subscriber = k < subscribers ? k : Math.floor(random() * subscribers)
    const startedAtMs = between(epoch.startMs, epoch.endMs)
    const endedAtMs = between(startedAtMs, startedAtMs + length / 4n < epoch.endMs ? startedAtMs + length / 4n : epoch.endMs)
    const session = {
      sessionId: keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint64' }, { type: 'uint32' }], [id, epoch.epoch, k])),
      subscriberId: keccak256(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }, { type: 'uint32' }], ['pinion/mobile/simulated-subscriber', id, subscriber])),
      uploadBytes: BigInt(draw(SESSION_UPLOAD_BYTES, random)),
      downloadBytes: BigInt(draw(SESSION_DOWNLOAD_BYTES, random)),
      startedAtMs,
      endedAtMs,
    }
    if (serves) push(endedAtMs, DATA_SESSION_PAYLOAD_TYPE, encodeDataSession(signDataSession(DEVNET_CARRIER_KEY, id, session)), 'honest')
    else push(endedAtMs, DATA_SESSION_PAYLOAD_TYPE, encodeDataSession(signDataSession(selfKey, id, session)), 'fake-session')
  }
  return out
}

const draw = (range: { min: number; max: number }, random: () => number) => range.min + Math.floor(random() * (range.max - range.min + 1))

function jittered(backhaul: { downloadBps: number; uploadBps: number; latencyMs: number }, random: () => number) {
  const jitter = (value: number) => Math.round(value * (1 - JITTER + 2 * JITTER * random()))
  return { downloadBps: BigInt(jitter(backhaul.downloadBps)), uploadBps: BigInt(jitter(backhaul.uploadBps)), latencyMs: jitter(backhaul.latencyMs) }
}

/** The key an adversarial radio signs its own "infrastructure" messages with: any key the network does not list. */
function ownKey(deviceId: Hex): InfrastructureKey {
  return ed25519KeyPair(keccak256(toBytes(`pinion/mobile/simulated-self-signer/${deviceId}`)))
}
