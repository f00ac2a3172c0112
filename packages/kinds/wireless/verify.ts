import type { Hex } from 'viem'
import type { KindReport, Verdict, VerifyContext } from '../src/kind.ts'
import { type WirelessCarried, holdOn } from './carry.ts'
import { inTravelCooldown, placementAt } from './location.ts'
import type { WirelessParams } from './params.ts'
import { type Beacon, type DataTransfer, type Witness, type WirelessPayload, beaconData, expectedChannel, expectedDatarate, verifyDataTransferSignature } from './payload.ts'
import { demodulationFloorDeciDb, expectedSnrDeciDb, noiseFloorDeciDbm, parseDatarate } from './physics.ts'
import type { WirelessReason } from './reasons.ts'
import { radioPlanAt } from './radioPlanAt.ts'
import type { RadioPlan } from './regionPlans.ts'
import { CURRENT_WIRELESS_RULES, type WirelessRuleset } from './ruleset.ts'

const VALID: Verdict = Object.freeze({ valid: true })
const INVALID = new Map<WirelessReason, Verdict>()
const invalid = (reason: WirelessReason): Verdict => {
  let verdict = INVALID.get(reason)
  if (verdict === undefined) INVALID.set(reason, (verdict = Object.freeze({ valid: false, reason })))
  return verdict
}

/** The largest LoRa PHY payload, bytes: a packet can carry no more. */
export const MAX_LORA_PAYLOAD_BYTES = 255n

/**
 * The verdict on one wireless report from the report alone (the rules that need other reports are
 * in verifyEpoch). Checks run in the order of WIRELESS_REASONS; the first that fails is the reason.
 */
export function verifyWireless(report: KindReport<WirelessPayload>, ctx: VerifyContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset = CURRENT_WIRELESS_RULES): Verdict {
  const payload = report.payload
  switch (payload.type) {
    case 'beacon':
      return verifyBeacon(report, payload, ctx, rules)
    case 'witness':
      return verifyWitness(report, payload, ctx, rules)
    case 'data_transfer':
      return verifyDataTransfer(report, payload, ctx)
  }
}

/** Checks every coverage report (beacon or witness) shares: time, place, travel, denylist, hold after a judgement, capability. */
function verifyCoverage(report: KindReport<WirelessPayload>, at: bigint, ctx: VerifyContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset): Verdict | null {
  const { epoch, device, params } = ctx
  if (report.timestampMs < epoch.startMs || report.timestampMs >= epoch.endMs) return invalid('OUTSIDE_EPOCH')
  if (report.timestampMs !== at) return invalid('TIMESTAMP_MISMATCH')
  if (placementAt(device, at) === null) return invalid('LOCATION_NOT_ASSERTED')
  if (inTravelCooldown(device, at, params.maxTravelSpeedKmh, params.travelCooldownMs)) return invalid('IMPOSSIBLE_TRAVEL')
  if (isDenylisted(params, device.deviceId)) return invalid('DENYLISTED')
  if (holdOn(ctx.carried, device.deviceId, at, params.heldWindowMs) !== null) return invalid('HELD_AFTER_JUDGEMENT')
  if (rules.dataOnlyHotspots && params.dataOnlyDeviceClasses?.includes(device.deviceClass) === true) return invalid('DATA_ONLY_HOTSPOT')
  return null
}

function verifyBeacon(report: KindReport<WirelessPayload>, beacon: Beacon, ctx: VerifyContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset): Verdict {
  const common = verifyCoverage(report, beacon.transmittedAtMs, ctx, rules)
  if (common !== null) return common
  const { epoch, device, params } = ctx
  if (beacon.entropy !== epoch.entropy.toLowerCase()) return invalid('ENTROPY_MISMATCH')
  const placement = placementAt(device, beacon.transmittedAtMs)!
  const plan = planOf(params, placement.cell, rules)
  if (!plan.channelsHz.includes(beacon.frequencyHz) || !plan.datarates.includes(beacon.datarate)) return invalid('INVALID_FREQUENCY')
  if (
    beacon.data !== beaconData(beacon.entropy, beacon.localEntropy, device.deviceId) ||
    beacon.frequencyHz !== expectedChannel(beacon.data, plan) ||
    beacon.datarate !== expectedDatarate(beacon.data, plan)
  ) {
    return invalid('INVALID_BEACON')
  }
  if (beacon.txPowerDeciDbm + placement.antennaGain > plan.maxEirpDeciDbm) return invalid('TX_POWER_ABOVE_LIMIT')
  return VALID
}

function verifyWitness(report: KindReport<WirelessPayload>, witness: Witness, ctx: VerifyContext<WirelessParams, WirelessCarried>, rules: WirelessRuleset): Verdict {
  const common = verifyCoverage(report, witness.receivedAtMs, ctx, rules)
  if (common !== null) return common
  const { device, params } = ctx
  const plan = planOf(params, placementAt(device, witness.receivedAtMs)!.cell, rules)
  if (!witnessOnChannel(witness.frequencyHz, plan, params, rules) || !plan.datarates.includes(witness.datarate)) return invalid('INVALID_FREQUENCY')
  if (witness.beaconerId === device.deviceId) return invalid('SELF_WITNESS')
  if (isDenylistedEdge(params, device.deviceId, witness.beaconerId)) return invalid('DENYLISTED_EDGE')
  if (!snrConsistent(witness, params)) return invalid('SNR_INCONSISTENT')
  return VALID
}

/**
 * Whether a witness heard a channel of the plan. A radio reports the frequency it measured through
 * floating point, tens of Hz off the channel, so it need only be within maxFrequencyDeltaHz of one
 * (the tolerance FREQUENCY_MISMATCH then applies against the beacon's); version 1 required a channel exactly.
 */
function witnessOnChannel(frequencyHz: number, plan: RadioPlan, params: WirelessParams, rules: WirelessRuleset): boolean {
  if (!rules.witnessFrequencyTolerance) return plan.channelsHz.includes(frequencyHz)
  return plan.channelsHz.some((channel) => Math.abs(frequencyHz - channel) <= params.maxFrequencyDeltaHz)
}

/** The radio plan a device at `cell` beacons and listens under: its region's (rules v2), else the network's. */
function planOf(params: WirelessParams, cell: bigint, rules: WirelessRuleset): RadioPlan {
  return rules.regionalPlans ? radioPlanAt(params, cell) : params
}

/**
 * Whether a witness's SNR could have been measured along with its RSSI: within the tolerance of
 * RSSI − noise floor (clamped to LoRa's reporting range), and not below what its datarate demodulates.
 */
function snrConsistent(witness: Pick<Witness, 'datarate' | 'rssiDeciDbm' | 'snrDeciDb'>, params: WirelessParams): boolean {
  const datarate = parseDatarate(witness.datarate)
  if (datarate === null) return false
  if (witness.snrDeciDb < demodulationFloorDeciDb(witness.datarate)) return false
  const expected = expectedSnrDeciDb(witness.rssiDeciDbm, noiseFloorDeciDbm(datarate.bandwidthHz, params.noiseFigureDeciDb))
  return Math.abs(witness.snrDeciDb - expected) <= params.snrToleranceDeciDb
}

function verifyDataTransfer(report: KindReport<WirelessPayload>, transfer: DataTransfer, ctx: VerifyContext<WirelessParams, WirelessCarried>): Verdict {
  const { epoch, device, params } = ctx
  if (report.timestampMs < epoch.startMs || report.timestampMs >= epoch.endMs) return invalid('OUTSIDE_EPOCH')
  if (!params.routers.includes(transfer.routerPublicKey)) return invalid('UNAUTHORISED_ROUTER')
  if (!verifyDataTransferSignature(device.deviceId, transfer)) return invalid('BAD_ROUTER_SIGNATURE')
  if (transfer.endedAtMs < transfer.startedAtMs || transfer.packets === 0n || transfer.bytes > transfer.packets * MAX_LORA_PAYLOAD_BYTES) {
    return invalid('IMPLAUSIBLE_DATA_TRANSFER')
  }
  if (transfer.startedAtMs < epoch.startMs || transfer.endedAtMs >= epoch.endMs) return invalid('DATA_TRANSFER_OUT_OF_EPOCH')
  return VALID
}

// Denylist lookups: the lists are short and read once per report; index them once per params object.
const denylistIndex = new WeakMap<WirelessParams, { devices: Set<Hex>; edges: Set<string> }>()

function denylistOf(params: WirelessParams): { devices: Set<Hex>; edges: Set<string> } {
  let index = denylistIndex.get(params)
  if (index === undefined) {
    index = {
      devices: new Set(params.denylist.devices.map((entry) => entry.deviceId.toLowerCase() as Hex)),
      edges: new Set(params.denylist.edges.map((entry) => edgeKey(entry.devices[0], entry.devices[1]))),
    }
    denylistIndex.set(params, index)
  }
  return index
}

const edgeKey = (a: Hex, b: Hex) => {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? `${x}${y}` : `${y}${x}`
}

function isDenylisted(params: WirelessParams, deviceId: Hex): boolean {
  return params.denylist.devices.length > 0 && denylistOf(params).devices.has(deviceId.toLowerCase() as Hex)
}

function isDenylistedEdge(params: WirelessParams, a: Hex, b: Hex): boolean {
  return params.denylist.edges.length > 0 && denylistOf(params).edges.has(edgeKey(a, b))
}
