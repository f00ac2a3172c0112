import { invalidParam as fail } from '../src/invalidParam.ts'
import type { EpochWindow } from '../src/kind.ts'
import { BASIS_POINTS, HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS, HELIUM_MOBILE_REQUIRED_FRACTION_BPS } from './rules.ts'

/**
 * The uptime kind's parameters. All integers: milliseconds, counts and basis points.
 *
 * Sub-intervals are aligned to the epoch's start: sub-interval k is [start + k·len, start + (k+1)·len),
 * and a last, shorter one counts like the others when the epoch is not a whole number of them.
 * A 24 h epoch with the default 1 h sub-intervals has 24; a 60 s devnet epoch with
 * `subIntervalMs: 5000` has 12.
 */
export type UptimeParams = {
  /** Length of one sub-interval in ms (default 1 hour, Helium Mobile's truncation). */
  readonly subIntervalMs: bigint
  /**
   * Distinct sub-intervals with a valid heartbeat a device needs to earn anything: an absolute
   * count, or a fraction of the epoch's sub-intervals in basis points, rounded up (default 5,000:
   * Helium Mobile's 12 of 24 hours — 12 of 24 with hourly sub-intervals, 6 of 12 on a 60 s / 5 s
   * devnet). A count larger than the epoch has sub-intervals means no device qualifies.
   */
  readonly required: { readonly subIntervals: number } | { readonly fractionBps: number }
  /** When true, heartbeats of a device with no asserted location are invalid (LOCATION_NOT_ASSERTED). */
  readonly requireLocation: boolean
  /**
   * The location multiplier, in basis points, of a device with no asserted location (default
   * 10,000 = ×1, no penalty). Helium Mobile's location trust is 0 without a validated location;
   * a network that wants that sets 0.
   */
  readonly unassertedLocationBps: number
}

export const DEFAULT_UPTIME_PARAMS: UptimeParams = {
  subIntervalMs: HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS,
  required: { fractionBps: HELIUM_MOBILE_REQUIRED_FRACTION_BPS },
  requireLocation: false,
  unassertedLocationBps: BASIS_POINTS,
}

const KEYS = ['subIntervalMs', 'required', 'requireLocation', 'unassertedLocationBps'] as const

/** Validates uptime parameters from config (missing keys take their defaults); accepts its own output. */
export function parseUptimeParams(input: unknown): UptimeParams {
  if (input === undefined || input === null) return DEFAULT_UPTIME_PARAMS
  if (typeof input !== 'object' || Array.isArray(input)) fail('uptime params', input, 'an object')
  const given = input as Record<string, unknown>
  for (const key of Object.keys(given)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(`uptime params key "${key}"`, key, `one of ${KEYS.join(', ')}`)
  }
  return {
    subIntervalMs: given.subIntervalMs === undefined ? DEFAULT_UPTIME_PARAMS.subIntervalMs : parseMs(given.subIntervalMs),
    required: given.required === undefined ? DEFAULT_UPTIME_PARAMS.required : parseRequired(given.required),
    requireLocation: given.requireLocation === undefined ? DEFAULT_UPTIME_PARAMS.requireLocation : parseBoolean(given.requireLocation),
    unassertedLocationBps:
      given.unassertedLocationBps === undefined
        ? DEFAULT_UPTIME_PARAMS.unassertedLocationBps
        : parseInteger('uptime.unassertedLocationBps', given.unassertedLocationBps, 0, BASIS_POINTS),
  }
}

/** The number of sub-intervals in `epoch` (a last partial one included). */
export function subIntervalsInEpoch(epoch: EpochWindow, params: UptimeParams): number {
  const length = epoch.endMs - epoch.startMs
  return length <= 0n ? 0 : Number((length + params.subIntervalMs - 1n) / params.subIntervalMs)
}

/** The distinct sub-intervals a device needs in `epoch`: at least 1, the fraction rounded up. */
export function requiredSubIntervals(epoch: EpochWindow, params: UptimeParams): number {
  if ('subIntervals' in params.required) return params.required.subIntervals
  const total = BigInt(subIntervalsInEpoch(epoch, params))
  const bps = BigInt(params.required.fractionBps)
  const needed = Number((total * bps + BigInt(BASIS_POINTS) - 1n) / BigInt(BASIS_POINTS))
  return Math.max(1, needed)
}

function parseMs(value: unknown): bigint {
  const ms = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value
  if (typeof ms !== 'bigint' || ms <= 0n) fail('uptime.subIntervalMs', value, 'a positive integer number of milliseconds')
  return ms
}

function parseRequired(value: unknown): UptimeParams['required'] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value)
    const given = value as Record<string, unknown>
    if (keys.length === 1 && keys[0] === 'subIntervals') {
      return { subIntervals: parseInteger('uptime.required.subIntervals', given.subIntervals, 1, Number.MAX_SAFE_INTEGER) }
    }
    if (keys.length === 1 && keys[0] === 'fractionBps') {
      return { fractionBps: parseInteger('uptime.required.fractionBps', given.fractionBps, 1, BASIS_POINTS) }
    }
  }
  return fail('uptime.required', value, '{ subIntervals: <count ≥ 1> } or { fractionBps: <1..10000> }')
}

function parseBoolean(value: unknown): boolean {
  if (typeof value !== 'boolean') fail('uptime.requireLocation', value, 'true or false')
  return value
}

function parseInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(name, value, `an integer from ${min} to ${max}`)
  }
  return value
}
