import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { Share } from '../src/kind.ts'
import { registry, scoreContext } from './fixtures.ts'
import { DEFAULT_MOBILE_PARAMS, parseMobileParams } from './params.ts'
import { dataBpsAt, splitMobilePools } from './splitPools.ts'

const data = (bytes: bigint): Share => ({ deviceId: `0x${'01'.repeat(32)}`, pool: 'data', base: bytes * ONE, multipliers: [], weight: bytes * ONE, inputs: {} })

describe('the mobile pools', () => {
  it('grow the data pool with verified bytes up to 70 % (HIP-148) at dataFullBytes, in proportion below', () => {
    expect(dataBpsAt(0n, DEFAULT_MOBILE_PARAMS)).toBe(0)
    expect(dataBpsAt(DEFAULT_MOBILE_PARAMS.dataFullBytes / 2n, DEFAULT_MOBILE_PARAMS)).toBe(3_500)
    expect(dataBpsAt(DEFAULT_MOBILE_PARAMS.dataFullBytes * 5n, DEFAULT_MOBILE_PARAMS)).toBe(7_000)
  })

  it('give coverage whatever data does not take, and everything when nothing was carried', () => {
    const ctx = scoreContext(registry([]), parseMobileParams({ dataFullBytes: 1_000n }))
    expect(splitMobilePools([], ctx)).toEqual({ coverage: 10_000, data: 0 })
    expect(splitMobilePools([data(100n), data(150n)], ctx)).toEqual({ coverage: 8_250, data: 1_750 })
    expect(splitMobilePools([data(5_000n)], ctx)).toEqual({ coverage: 3_000, data: 7_000 })
  })
})
