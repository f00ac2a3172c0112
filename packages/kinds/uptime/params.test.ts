import type { PinionError } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { EpochWindow } from '../src/kind.ts'
import { paramsJsonSchema } from '../src/paramsSchema.ts'
import { DEFAULT_UPTIME_PARAMS, parseUptimeParams, requiredSubIntervals, subIntervalsInEpoch, uptimeParams, uptimeParamsSchema } from './params.ts'
import { DAY } from '../../testkit/src/kinds/uptime.ts'
import { HELIUM_MOBILE_MIN_HOURLY_HEARTBEATS } from './rules.ts'

const devnet = (lengthMs: bigint): EpochWindow => ({ ...DAY, endMs: DAY.startMs + lengthMs })

describe('uptime params', () => {
  it("default to Helium Mobile's rule: hourly sub-intervals, 12 of 24 in a day", () => {
    const params = parseUptimeParams(undefined)
    expect(params).toEqual(DEFAULT_UPTIME_PARAMS)
    expect(subIntervalsInEpoch(DAY, params)).toBe(24)
    expect(requiredSubIntervals(DAY, params)).toBe(HELIUM_MOBILE_MIN_HOURLY_HEARTBEATS)
  })

  it('scale the required fraction to a devnet epoch, rounding up, and count a last partial sub-interval', () => {
    const params = parseUptimeParams({ subIntervalMs: 5_000 })
    expect([subIntervalsInEpoch(devnet(60_000n), params), requiredSubIntervals(devnet(60_000n), params)]).toEqual([12, 6])
    expect([subIntervalsInEpoch(devnet(61_000n), params), requiredSubIntervals(devnet(61_000n), params)]).toEqual([13, 7])
    const tiny = parseUptimeParams({ subIntervalMs: 5_000, required: { fractionBps: 1 } })
    expect(requiredSubIntervals(devnet(60_000n), tiny)).toBe(1) // never zero
  })

  it('take an absolute count instead of a fraction', () => {
    const params = parseUptimeParams({ subIntervalMs: 5_000n, required: { subIntervals: 10 } })
    expect(requiredSubIntervals(devnet(60_000n), params)).toBe(10)
    expect(requiredSubIntervals(DAY, params)).toBe(10)
  })

  it('accept their own output unchanged, and fill in what config leaves out', () => {
    const params = parseUptimeParams({ requireLocation: true, unassertedLocationBps: 0 })
    expect(params).toEqual({ ...DEFAULT_UPTIME_PARAMS, requireLocation: true, unassertedLocationBps: 0 })
    expect(parseUptimeParams(params)).toEqual(params)
  })

  it('reject bad values with a message that says what was given and what was expected', () => {
    const message = (input: unknown) => {
      try {
        parseUptimeParams(input)
      } catch (error) {
        return (error as Error).message
      }
      return 'no error'
    }
    expect(message('hourly')).toBe('Invalid uptime params: got "hourly", expected an object')
    expect(message({ subIntervalMs: 0 })).toBe('Invalid uptime params: subIntervalMs is 0, expected a positive integer number of milliseconds')
    expect(message({ subIntervalMs: 1.5 })).toBe('Invalid uptime params: subIntervalMs is 1.5, expected a positive integer number of milliseconds')
    expect(message({ subIntervalMs: '5000' })).toBe('Invalid uptime params: subIntervalMs is "5000", expected a positive integer number of milliseconds')
    expect(message({ subIntervalMs: -5n })).toBe('Invalid uptime params: subIntervalMs is -5n, expected a positive integer number of milliseconds')
    expect(message({ required: { fractionBps: 10_001 } })).toBe('Invalid uptime params: required.fractionBps is 10001, expected an integer from 1 to 10000')
    expect(message({ required: { subIntervals: 0 } })).toMatch(/^Invalid uptime params: required.subIntervals is 0, expected an integer from 1 to/)
    expect(message({ required: { subIntervals: 3, fractionBps: 10 } })).toBe(
      'Invalid uptime params: required is {"subIntervals":3,"fractionBps":10}, expected { subIntervals: <count ≥ 1> } or { fractionBps: <1..10000> }',
    )
    expect(message({ requireLocation: 'yes' })).toBe('Invalid uptime params: requireLocation is "yes", expected true or false')
    expect(message({ unassertedLocationBps: -1 })).toBe('Invalid uptime params: unassertedLocationBps is -1, expected an integer from 0 to 10000')
    expect(message({ minHeartbeats: 12 })).toBe(
      'Invalid uptime params: minHeartbeats is an unknown key, expected one of subIntervalMs, required, requireLocation, unassertedLocationBps',
    )
  })

  it('name every problem at once, each with its path', () => {
    const error = (() => {
      try {
        parseUptimeParams({ subIntervalMs: 0, requireLocation: 1, minHeartbeats: 12 })
      } catch (error) {
        return error as PinionError
      }
    })()
    expect(error?.code).toBe('PINION_ERR_KIND_PARAMS')
    expect(error?.message).toBe(
      'Invalid uptime params: subIntervalMs is 0, expected a positive integer number of milliseconds; requireLocation is 1, expected true or false; ' +
        'minHeartbeats is an unknown key, expected one of subIntervalMs, required, requireLocation, unassertedLocationBps',
    )
  })

  it('type pinion.config.ts: the helper returns what it is given, and the compiler refuses what the schema would', () => {
    expect(uptimeParams({ subIntervalMs: 3_000 })).toEqual({ subIntervalMs: 3_000 })
    expect(uptimeParams({ subIntervalMs: 3_000n, required: { subIntervals: 2 }, requireLocation: true })).toEqual({
      subIntervalMs: 3_000n,
      required: { subIntervals: 2 },
      requireLocation: true,
    })
    // @ts-expect-error a misspelt parameter
    uptimeParams({ subIntervalMS: 3_000 })
    // @ts-expect-error milliseconds are a bigint or a number, not a string
    uptimeParams({ subIntervalMs: '3000' })
    // @ts-expect-error true or false
    uptimeParams({ requireLocation: 'yes' })
  })

  it('read as a JSON Schema whose defaults are the defaults', () => {
    const schema = paramsJsonSchema(uptimeParamsSchema) as { properties: Record<string, { default?: unknown }>; additionalProperties: boolean }
    expect(schema.additionalProperties).toBe(false)
    expect(Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, property.default]))).toEqual({
      ...DEFAULT_UPTIME_PARAMS,
      subIntervalMs: Number(DEFAULT_UPTIME_PARAMS.subIntervalMs),
    })
    expect(schema.properties.subIntervalMs).toEqual({ type: 'integer', minimum: 1, default: 3_600_000 })
  })
})
