import { z } from 'zod'
import type { EpochWindow, ParamsNetwork } from '../src/kind.ts'
import { type ParamsOf, acrossFields, bigintAtLeast, group, integer, parseWithSchema, schemaDefaults } from '../src/paramsSchema.ts'
import { BASIS_POINTS, HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS, HELIUM_MOBILE_REQUIRED_FRACTION_BPS } from './rules.ts'

/**
 * The uptime kind's parameters. All integers: milliseconds, counts and basis points.
 *
 * Sub-intervals are aligned to the epoch's start: sub-interval k is [start + k·len, start + (k+1)·len).
 * A network's config must cut its epoch into whole sub-intervals (parseUptimeParams with the
 * network); parameters put in force otherwise count a last, shorter one like the others.
 * A 24 h epoch with the default 1 h sub-intervals has 24; a 60 s devnet epoch with
 * `subIntervalMs: 5000` has 12.
 */
export const uptimeParamsSchema = group({
  /** Length of one sub-interval in ms (default 1 hour, Helium Mobile's truncation); a bigint, or a number. */
  subIntervalMs: bigintAtLeast(1n, 'a positive integer number of milliseconds', { decimalStrings: false }).default(HELIUM_MOBILE_HEARTBEAT_TRUNCATION_MS),
  /**
   * Distinct sub-intervals with a valid heartbeat a device needs to earn anything: an absolute
   * count, or a fraction of the epoch's sub-intervals in basis points, rounded up (default 5,000:
   * Helium Mobile's 12 of 24 hours — 12 of 24 with hourly sub-intervals, 6 of 12 on a 60 s / 5 s
   * devnet). A count larger than the epoch has sub-intervals means no device qualifies.
   */
  required: z
    .union([group({ subIntervals: integer(1, Number.MAX_SAFE_INTEGER) }), group({ fractionBps: integer(1, BASIS_POINTS) })], {
      error: `{ subIntervals: <count ≥ 1> } or { fractionBps: <1..${BASIS_POINTS}> }`,
    })
    .default({ fractionBps: HELIUM_MOBILE_REQUIRED_FRACTION_BPS }),
  /** When true, heartbeats of a device with no asserted location are invalid (LOCATION_NOT_ASSERTED). */
  requireLocation: z.boolean({ error: 'true or false' }).default(false),
  /**
   * The location multiplier, in basis points, of a device with no asserted location (default
   * 10,000 = ×1, no penalty). Helium Mobile's location trust is 0 without a validated location;
   * a network that wants that sets 0.
   */
  unassertedLocationBps: integer(0, BASIS_POINTS).default(BASIS_POINTS),
})

/** The uptime parameters kinds see: every field filled in, milliseconds as bigints. */
export type UptimeParams = ParamsOf<typeof uptimeParamsSchema>
/** The uptime parameters as pinion.config.ts writes them: every field optional, milliseconds also as numbers. */
export type UptimeParamsInput = z.input<typeof uptimeParamsSchema>

/**
 * Types uptime parameters in pinion.config.ts, and returns them as given (`defineNetwork` checks
 * them when the config loads): `kinds: { uptime: uptimeParams({ subIntervalMs: 3_000 }) }`.
 */
export const uptimeParams = (input: UptimeParamsInput): UptimeParamsInput => input

export const DEFAULT_UPTIME_PARAMS: UptimeParams = schemaDefaults(uptimeParamsSchema)

/**
 * Validates uptime parameters from config (missing keys take their defaults); accepts its own output.
 * With the `network` they run in, also their rules with its epoch (fitsEpoch).
 */
export function parseUptimeParams(input: unknown, network?: ParamsNetwork): UptimeParams {
  if (network !== undefined) return parseWithSchema('uptime', uptimeParamsSchema.check(fitsEpoch(network.epochMs)), input ?? {})
  return input === undefined || input === null ? DEFAULT_UPTIME_PARAMS : parseWithSchema('uptime', uptimeParamsSchema, input)
}

/**
 * The uptime rules with the network's epoch of `epochMs`: sub-intervals cut it into whole ones (a
 * shorter last one would count as much as a whole one, so a heartbeat in it would be worth more),
 * and a count of required sub-intervals is at most the epoch has (or no device could earn).
 */
const fitsEpoch = (epochMs: bigint) =>
  acrossFields<z.output<typeof uptimeParamsSchema>>((params, problem) => {
    if (epochMs % params.subIntervalMs !== 0n) {
      problem(
        ['subIntervalMs'],
        params.subIntervalMs,
        `a divisor of the epoch's ${epochMs} ms, so that the epoch is whole sub-intervals (${divisorsNear(epochMs, params.subIntervalMs)})`,
      )
      return
    }
    const count = epochMs / params.subIntervalMs
    if ('subIntervals' in params.required && BigInt(params.required.subIntervals) > count) {
      problem(
        ['required', 'subIntervals'],
        params.required.subIntervals,
        `at most the ${count} sub-intervals of ${params.subIntervalMs} ms in the epoch's ${epochMs} ms, or no device could earn`,
      )
    }
  })

/** The divisors of `whole` nearest `wanted` below and above, as a hint: "e.g. 6000 or 7500". */
function divisorsNear(whole: bigint, wanted: bigint): string {
  let below = wanted < whole ? wanted : whole
  while (below > 1n && whole % below !== 0n) below--
  let above = wanted
  while (above < whole && whole % above !== 0n) above++
  const near = [...new Set([below, above].filter((d) => d >= 1n && d <= whole))]
  return `e.g. ${near.join(' or ')}`
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
