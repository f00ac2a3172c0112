import { describe, expect, it } from 'vitest'
import type { EpochWindow } from '../src/kind.ts'
import { DEFAULT_UPTIME_PARAMS, parseUptimeParams, requiredSubIntervals, subIntervalsInEpoch } from './params.ts'
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
    expect(message('hourly')).toBe('uptime params must be an object, got "hourly"')
    expect(message({ subIntervalMs: 0 })).toBe('uptime.subIntervalMs must be a positive integer number of milliseconds, got 0')
    expect(message({ subIntervalMs: 1.5 })).toBe('uptime.subIntervalMs must be a positive integer number of milliseconds, got 1.5')
    expect(message({ subIntervalMs: '5000' })).toBe('uptime.subIntervalMs must be a positive integer number of milliseconds, got "5000"')
    expect(message({ required: { fractionBps: 10_001 } })).toBe('uptime.required.fractionBps must be an integer from 1 to 10000, got 10001')
    expect(message({ required: { subIntervals: 0 } })).toMatch(/^uptime.required.subIntervals must be an integer from 1 to/)
    expect(message({ required: { subIntervals: 3, fractionBps: 10 } })).toBe(
      'uptime.required must be { subIntervals: <count ≥ 1> } or { fractionBps: <1..10000> }, got {"subIntervals":3,"fractionBps":10}',
    )
    expect(message({ requireLocation: 'yes' })).toBe('uptime.requireLocation must be true or false, got "yes"')
    expect(message({ unassertedLocationBps: -1 })).toBe('uptime.unassertedLocationBps must be an integer from 0 to 10000, got -1')
    expect(message({ minHeartbeats: 12 })).toBe(
      'uptime params key "minHeartbeats" must be one of subIntervalMs, required, requireLocation, unassertedLocationBps, got "minHeartbeats"',
    )
  })
})
