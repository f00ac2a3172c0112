import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { Share } from '../src/kind.ts'
import { contextOf, device } from '../../testkit/src/kinds/wireless.ts'
import { DEFAULT_USAGE_SCHEDULE, parseWirelessParams } from './params.ts'
import { splitWirelessPools, usageBpsAt } from './splitPools.ts'

const GB = 1_000_000_000n
const usage = (bytes: bigint): Share => ({ deviceId: device(0, 0).deviceId, pool: 'usage', base: bytes * ONE, multipliers: [], weight: bytes * ONE, inputs: {} })
const coverage: Share = { deviceId: device(1, 0).deviceId, pool: 'coverage', base: ONE, multipliers: [], weight: ONE, inputs: {} }

describe('usage and coverage pools', () => {
  it('follow the schedule: 10 % usage at no traffic, 50 % at 1 GB, 90 % from 100 GB, linear between', () => {
    const s = DEFAULT_USAGE_SCHEDULE
    expect(usageBpsAt(s, 0n)).toBe(1_000)
    expect(usageBpsAt(s, GB / 2n)).toBe(3_000)
    expect(usageBpsAt(s, GB)).toBe(5_000)
    expect(usageBpsAt(s, 50n * GB)).toBe(5_000 + Math.trunc((4_000 * 49) / 99))
    expect(usageBpsAt(s, 100n * GB)).toBe(9_000)
    expect(usageBpsAt(s, 10_000n * GB)).toBe(9_000) // capped
    expect(
      usageBpsAt(
        [
          { bytes: 0n, usageBps: 6_000 },
          { bytes: 10n, usageBps: 2_000 },
        ],
        5n,
      ),
    ).toBe(4_000) // may fall too
  })

  it('split the budget by verified bytes, and give coverage everything without usage', () => {
    const ctx = contextOf([])
    expect(splitWirelessPools([coverage], ctx)).toEqual({ coverage: 10_000, usage: 0 })
    expect(splitWirelessPools([coverage, usage(GB / 4n), usage(GB / 4n)], ctx)).toEqual({ coverage: 7_000, usage: 3_000 })
    expect(splitWirelessPools([usage(200n * GB)], ctx)).toEqual({ coverage: 1_000, usage: 9_000 })
    const flat = parseWirelessParams({ usageSchedule: [{ bytes: 0, usageBps: 5_000 }] })
    expect(splitWirelessPools([usage(1n)], contextOf([], { params: flat }))).toEqual({ coverage: 5_000, usage: 5_000 })
  })
})
