import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindReport, ScoreContext } from '../src/kind.ts'
import type { WirelessParams } from './params.ts'
import type { WirelessPayload } from './payload.ts'
import type { WirelessReason } from './reasons.ts'

/** What the wireless kind remembers of a device's valid activity, unix ms (null: none in the windows). */
export type DeviceActivity = {
  /** Its last valid beacon (IRREGULAR_INTERVAL across epochs; HIP-17 activity). */
  readonly lastBeaconMs: bigint | null
  /** Its last valid witness (HIP-106 reciprocity of its beacons). */
  readonly lastWitnessMs: bigint | null
  /** Its last valid beacon with at least one valid witness (HIP-106 reciprocity of its witnesses). */
  readonly lastBeaconWithWitnessMs: bigint | null
}

/** The verdicts that judge a device as a whole (the classifiers of verifyEpoch), and so hold it. */
const DEVICE_JUDGEMENTS = ['WITNESS_RING', 'CO_LOCATED', 'ASYMMETRIC_HOTSPOT', 'MISPLACED_HOTSPOT'] as const satisfies readonly WirelessReason[]
type DeviceJudgement = (typeof DEVICE_JUDGEMENTS)[number]

/** Why and since when a device is held (HELD_AFTER_JUDGEMENT): until `atMs` + heldWindowMs. */
export type Hold = {
  /** The verdict that judged the device as a whole. */
  readonly reason: DeviceJudgement
  /** The epoch that judged it. */
  readonly epoch: bigint
  /** That epoch's end, unix ms: the hold runs from here for heldWindowMs. */
  readonly atMs: bigint
}

/**
 * What the wireless kind carries from one epoch to the next: per device, the times its windows
 * (beacon interval, reciprocity, HIP-17 activity) look back to; and the devices judged as a whole
 * whose hold has not passed (`held`, present only when not empty). Keys are device ids in ascending
 * order; entries older than every window, and holds that ended, are dropped. JSON with bigints as
 * decimal strings.
 */
export type WirelessCarried = { readonly devices: Readonly<Record<Hex, DeviceActivity>>; readonly held?: Readonly<Record<Hex, Hold>> }

const NONE: DeviceActivity = Object.freeze({ lastBeaconMs: null, lastWitnessMs: null, lastBeaconWithWitnessMs: null })

/** A device's carried activity, or all nulls. */
export function activityOf(carried: WirelessCarried | null, deviceId: Hex): DeviceActivity {
  return (carried !== null && Object.hasOwn(carried.devices, deviceId) ? carried.devices[deviceId] : undefined) ?? NONE
}

/** The hold on a device in force at `atMs` (HELD_AFTER_JUDGEMENT), or null. */
export function holdOn(carried: WirelessCarried | null, deviceId: Hex, atMs: bigint, heldWindowMs: bigint): Hold | null {
  const held = carried?.held
  const hold = held !== undefined && Object.hasOwn(held, deviceId) ? held[deviceId] : undefined
  return hold !== undefined && atMs < hold.atMs + heldWindowMs ? hold : null
}

/** How far back any rule looks: the longest of the beacon interval and the two activity windows. */
export function carryHorizonMs(params: WirelessParams): bigint {
  let longest = params.beaconIntervalMs
  if (params.reciprocityWindowMs > longest) longest = params.reciprocityWindowMs
  if (params.hexDensityWindowMs > longest) longest = params.hexDensityWindowMs
  return longest
}

/**
 * The next epoch's carried value: the previous one updated with this epoch's valid reports (the
 * reports that passed verify and verifyEpoch), then pruned of everything older than the longest
 * window before this epoch's end; and the holds: every device `rejected` names with a device
 * judgement (DEVICE_JUDGEMENTS) is held from this epoch's end (a later judgement replaces an
 * earlier hold, so judged again is held longer), and holds that end by this epoch's end are dropped.
 */
export function carryWireless(
  previous: WirelessCarried | null,
  reports: readonly KindReport<WirelessPayload>[],
  ctx: ScoreContext<WirelessParams, WirelessCarried>,
  rejected: readonly { readonly deviceId: Hex; readonly reason: string }[] = [],
): WirelessCarried {
  const next = new Map<Hex, { lastBeaconMs: bigint | null; lastWitnessMs: bigint | null; lastBeaconWithWitnessMs: bigint | null }>()
  if (previous !== null) for (const [id, activity] of Object.entries(previous.devices) as [Hex, DeviceActivity][]) next.set(id, { ...activity })
  const entry = (id: Hex) => {
    let activity = next.get(id)
    if (activity === undefined) next.set(id, (activity = { ...NONE }))
    return activity
  }
  const later = (a: bigint | null, b: bigint) => (a === null || b > a ? b : a)

  const witnessed = new Set<string>()
  for (const report of reports) {
    if (report.payload.type === 'witness') {
      witnessed.add(`${report.payload.beaconerId}${report.payload.beaconData}`)
      const activity = entry(report.deviceId)
      activity.lastWitnessMs = later(activity.lastWitnessMs, report.payload.receivedAtMs)
    }
  }
  for (const report of reports) {
    if (report.payload.type !== 'beacon') continue
    const activity = entry(report.deviceId)
    activity.lastBeaconMs = later(activity.lastBeaconMs, report.payload.transmittedAtMs)
    if (witnessed.has(`${report.deviceId}${report.payload.data}`)) {
      activity.lastBeaconWithWitnessMs = later(activity.lastBeaconWithWitnessMs, report.payload.transmittedAtMs)
    }
  }

  const horizon = ctx.epoch.endMs - carryHorizonMs(ctx.params)
  const keep = (value: bigint | null) => (value !== null && value >= horizon ? value : null)
  const devices: Record<Hex, DeviceActivity> = {}
  for (const id of [...next.keys()].sort()) {
    const activity = next.get(id)!
    const pruned = { lastBeaconMs: keep(activity.lastBeaconMs), lastWitnessMs: keep(activity.lastWitnessMs), lastBeaconWithWitnessMs: keep(activity.lastBeaconWithWitnessMs) }
    if (pruned.lastBeaconMs !== null || pruned.lastWitnessMs !== null || pruned.lastBeaconWithWitnessMs !== null) devices[id] = pruned
  }

  const holds = new Map<Hex, Hold>(previous?.held === undefined ? [] : (Object.entries(previous.held) as [Hex, Hold][]))
  const judgedNow = new Set<Hex>()
  for (const { deviceId, reason } of rejected) {
    // One judgement per device and epoch (verifyEpoch gives a device one classifier verdict); the first counts.
    if (judgedNow.has(deviceId) || !(DEVICE_JUDGEMENTS as readonly string[]).includes(reason)) continue
    judgedNow.add(deviceId)
    holds.set(deviceId, { reason: reason as DeviceJudgement, epoch: ctx.epoch.epoch, atMs: ctx.epoch.endMs })
  }
  const held: Record<Hex, Hold> = {}
  for (const id of [...holds.keys()].sort()) {
    const hold = holds.get(id)!
    if (hold.atMs + ctx.params.heldWindowMs > ctx.epoch.endMs) held[id] = hold
  }
  return Object.keys(held).length === 0 ? { devices } : { devices, held }
}

/** Validates a carried value read back from storage or a peer (bigints as decimal strings, numbers or bigints). */
export function parseWirelessCarried(input: unknown): WirelessCarried {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('wireless carried', input, 'an object { devices }')
  const given = input as Record<string, unknown>
  for (const key of Object.keys(given)) if (key !== 'devices' && key !== 'held') fail(`wireless carried key "${key}"`, key, 'devices or held')
  const devices = given.devices
  if (typeof devices !== 'object' || devices === null || Array.isArray(devices)) fail('wireless carried.devices', devices, 'an object keyed by device id')
  const parsed: Record<Hex, DeviceActivity> = {}
  const ids = Object.keys(devices).sort()
  for (const id of ids) {
    const name = `wireless carried.devices["${id}"]`
    if (!/^0x[0-9a-f]{64}$/.test(id)) fail(`wireless carried.devices key`, id, 'a device id (0x + 64 lower-case hex digits)')
    const activity = (devices as Record<string, unknown>)[id]
    if (typeof activity !== 'object' || activity === null || Array.isArray(activity)) fail(name, activity, 'an object')
    const fields = activity as Record<string, unknown>
    for (const key of Object.keys(fields)) {
      if (key !== 'lastBeaconMs' && key !== 'lastWitnessMs' && key !== 'lastBeaconWithWitnessMs') {
        fail(`${name} key "${key}"`, key, 'one of lastBeaconMs, lastWitnessMs, lastBeaconWithWitnessMs')
      }
    }
    parsed[id as Hex] = {
      lastBeaconMs: time(`${name}.lastBeaconMs`, fields.lastBeaconMs),
      lastWitnessMs: time(`${name}.lastWitnessMs`, fields.lastWitnessMs),
      lastBeaconWithWitnessMs: time(`${name}.lastBeaconWithWitnessMs`, fields.lastBeaconWithWitnessMs),
    }
  }
  if (given.held === undefined) return { devices: parsed }
  const held = given.held
  if (typeof held !== 'object' || held === null || Array.isArray(held)) fail('wireless carried.held', held, 'an object keyed by device id')
  const holds: Record<Hex, Hold> = {}
  for (const id of Object.keys(held).sort()) {
    const name = `wireless carried.held["${id}"]`
    if (!/^0x[0-9a-f]{64}$/.test(id)) fail(`wireless carried.held key`, id, 'a device id (0x + 64 lower-case hex digits)')
    const hold = (held as Record<string, unknown>)[id]
    if (typeof hold !== 'object' || hold === null || Array.isArray(hold)) fail(name, hold, 'an object { reason, epoch, atMs }')
    const fields = hold as Record<string, unknown>
    for (const key of Object.keys(fields)) if (key !== 'reason' && key !== 'epoch' && key !== 'atMs') fail(`${name} key "${key}"`, key, 'one of reason, epoch, atMs')
    if (!(DEVICE_JUDGEMENTS as readonly unknown[]).includes(fields.reason)) fail(`${name}.reason`, fields.reason, `one of ${DEVICE_JUDGEMENTS.join(', ')}`)
    const epochExpected = 'a non-negative integer epoch number (a decimal string in JSON)'
    const atExpected = 'a non-negative integer of unix ms (a decimal string in JSON)'
    const epoch = time(`${name}.epoch`, fields.epoch, epochExpected) ?? fail(`${name}.epoch`, fields.epoch, epochExpected)
    const atMs = time(`${name}.atMs`, fields.atMs, atExpected) ?? fail(`${name}.atMs`, fields.atMs, atExpected)
    holds[id as Hex] = { reason: fields.reason as DeviceJudgement, epoch, atMs }
  }
  return Object.keys(holds).length === 0 ? { devices: parsed } : { devices: parsed, held: holds }
}

function time(name: string, value: unknown, expected = 'null or a non-negative integer of unix ms (a decimal string in JSON)'): bigint | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint' && value >= 0n) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) return BigInt(value)
  return fail(name, value, expected)
}

function fail(name: string, value: unknown, expected: string): never {
  const given =
    typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value}n` : typeof value === 'object' && value !== null ? 'an object' : String(value)
  throw new PinionError('PINION_ERR_KIND_CARRIED', `${name} must be ${expected}, got ${given}`)
}
