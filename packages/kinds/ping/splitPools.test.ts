import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { Share } from '../src/kind.ts'
import { device, deviceId, inputs, registry, scoreContext } from './fixtures.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'
import { serviceBpsAt, splitPingPools } from './splitPools.ts'

const TOKEN = 10n ** 18n
const params = { ...DEFAULT_PING_PARAMS, serviceMaxBps: 5_000, serviceFullRevenue: 500n * TOKEN }
const serviceShare = (n: number, weight: bigint): Share => ({ deviceId: deviceId(n), pool: 'service', base: ONE, multipliers: [], weight, inputs: {} })

describe('ping splitPools', () => {
  it('grows the service pool in proportion to revenue, rounding toward zero, up to serviceMaxBps', () => {
    expect(serviceBpsAt(0n, params)).toBe(0)
    expect(serviceBpsAt(55n * TOKEN, params)).toBe(550)
    expect(serviceBpsAt(TOKEN / 10n - 1n, params)).toBe(0) // 0.99… bps
    expect(serviceBpsAt(250n * TOKEN, params)).toBe(2_500)
    expect(serviceBpsAt(500n * TOKEN, params)).toBe(5_000)
    expect(serviceBpsAt(10n ** 30n, params)).toBe(5_000)
  })

  it('counts the revenue of devices with a service share of weight > 0 only, and gives availability the rest', () => {
    const devices = registry([1, 2, 3].map((n) => device(n)))
    const revenue = new Map([
      [deviceId(1), 40n * TOKEN],
      [deviceId(2), 15n * TOKEN],
      [deviceId(3), 400n * TOKEN], // unstaked or silent: its share weighs 0, and its revenue moves nothing
    ])
    const shares = [serviceShare(1, ONE), serviceShare(2, ONE), serviceShare(3, 0n)]
    expect(splitPingPools(shares, scoreContext(devices, inputs({ revenue }), params))).toEqual({ availability: 9_450, service: 550 })
    expect(splitPingPools([], scoreContext(devices, inputs({ revenue }), params))).toEqual({ availability: 10_000, service: 0 })
  })
})
