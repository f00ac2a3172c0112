import { ONE, applyMultiplier } from '@pinion/protocol'
import type { Hex } from 'viem'
import type { KindReport, Multiplier, ScoreContext, Share } from '../src/kind.ts'
import { type UptimeParams, requiredSubIntervals, subIntervalsInEpoch } from './params.ts'
import type { Heartbeat } from './payload.ts'
import { BASIS_POINTS } from './rules.ts'

/** The pool uptime shares go to. */
export const UPTIME_POOL = 'uptime'

// The multipliers every share picks from, frozen and shared: a million shares then carry pointers,
// not three million copies of the same four objects.
const QUALIFIED: Multiplier = Object.freeze({
  name: 'qualification',
  value: ONE,
  why: 'Heartbeats in at least the required number of distinct sub-intervals: the device earns.',
})
const UNQUALIFIED: Multiplier = Object.freeze({
  name: 'qualification',
  value: 0n,
  why: 'Heartbeats in fewer distinct sub-intervals than required: the device earns nothing this epoch (Helium Mobile pays no radio below its heartbeat minimum).',
})
const LOCATED: Multiplier = Object.freeze({ name: 'location', value: ONE, why: 'The device has an asserted location.' })
const UNLOCATED_WHY = 'The device has no asserted location; the network sets this multiplier (unassertedLocationBps).'

type Tally = { subIntervals: number[]; heartbeats: number }

/**
 * One share per device with at least one valid heartbeat, in pool "uptime", ordered by device id.
 *
 * - base: the number of distinct sub-intervals with a heartbeat, × ONE. More time online, more
 *   weight; extra heartbeats in a sub-interval add nothing.
 * - qualification (×1 or ×0): whether that number reaches the required count. Devices below it keep
 *   a share of weight 0, so their operators see why they earned nothing.
 * - location (×1, or unassertedLocationBps / 10,000 without an asserted location).
 *
 * weight = base × qualification × location, each step rounded toward zero.
 */
export function scoreUptime(reports: readonly KindReport<Heartbeat>[], ctx: ScoreContext<UptimeParams>): Share[] {
  const { epoch, params, devices } = ctx
  const tallies = new Map<Hex, Tally>()
  for (const report of reports) {
    // verify() already rejected these; a score never trusts its caller for money.
    if (report.timestampMs < epoch.startMs || report.timestampMs >= epoch.endMs) continue
    let tally = tallies.get(report.deviceId)
    if (tally === undefined) {
      tally = { subIntervals: [], heartbeats: 0 }
      tallies.set(report.deviceId, tally)
    }
    tally.subIntervals.push(Number((report.timestampMs - epoch.startMs) / params.subIntervalMs))
    tally.heartbeats++
  }
  const inEpoch = subIntervalsInEpoch(epoch, params)
  const required = requiredSubIntervals(epoch, params)
  const unlocated: Multiplier = Object.freeze({
    name: 'location',
    value: (BigInt(params.unassertedLocationBps) * ONE) / BigInt(BASIS_POINTS),
    why: UNLOCATED_WHY,
  })
  const shares: Share[] = []
  for (const deviceId of sortedKeys(tallies)) {
    const tally = tallies.get(deviceId)!
    const covered = countDistinct(tally.subIntervals)
    const located = devices.get(deviceId)?.location != null
    const multipliers = [covered >= required ? QUALIFIED : UNQUALIFIED, located ? LOCATED : unlocated]
    const base = BigInt(covered) * ONE
    let weight = base
    for (const multiplier of multipliers) weight = applyMultiplier(weight, multiplier.value)
    shares.push({
      deviceId,
      pool: UPTIME_POOL,
      base,
      multipliers,
      weight,
      inputs: {
        subIntervalsCovered: covered,
        subIntervalsRequired: required,
        subIntervalsInEpoch: inEpoch,
        subIntervalMs: params.subIntervalMs.toString(),
        heartbeats: tally.heartbeats,
        locationAsserted: located,
      },
    })
  }
  return shares
}

function countDistinct(values: number[]): number {
  values.sort((a, b) => a - b)
  let distinct = 0
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) distinct++
  return distinct
}

/** Map keys in ascending order; reports usually arrive grouped by device in order, so check first. */
function sortedKeys(map: ReadonlyMap<Hex, unknown>): Hex[] {
  const keys = [...map.keys()]
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort()
  }
  return keys
}
