import { describe, expect, it } from 'vitest'
import { DAY_EPOCH, DEVNET_EPOCH } from './fixtures.ts'
import { DEFAULT_PING_PARAMS, challengeSlotMs, issueRoomMs, parsePingParams } from './params.ts'

const message = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`
  }
  return 'no error'
}

describe('ping params', () => {
  it('default to four challenges, a 5 s window, 100 tokens of stake and a service pool of at most half, full at 10,000 tokens', () => {
    expect(parsePingParams(undefined)).toEqual({
      challengesPerEpoch: 4,
      responseWindowMs: 5_000n,
      minStake: 100n * 10n ** 18n,
      serviceMaxBps: 5_000,
      serviceFullRevenue: 10_000n * 10n ** 18n,
    })
    expect(parsePingParams(null)).toBe(DEFAULT_PING_PARAMS)
  })

  it('accept their own output unchanged, fill in what config leaves out, and take safe integer numbers for bigints', () => {
    const params = parsePingParams({ challengesPerEpoch: 2, minStake: 0 })
    expect(params).toEqual({ ...DEFAULT_PING_PARAMS, challengesPerEpoch: 2, minStake: 0n })
    expect(parsePingParams(params)).toEqual(params)
    expect(parsePingParams({ responseWindowMs: 2_000, serviceFullRevenue: 1 })).toMatchObject({ responseWindowMs: 2_000n, serviceFullRevenue: 1n })
  })

  it('reject bad values, naming the field, what was given and what was expected', () => {
    expect(message(() => parsePingParams('often'))).toBe('PINION_ERR_KIND_PARAMS: ping params must be an object, got "often"')
    expect(message(() => parsePingParams({ challengesPerEpoch: 0 }))).toBe('PINION_ERR_KIND_PARAMS: ping.challengesPerEpoch must be an integer from 1 to 24, got 0')
    expect(message(() => parsePingParams({ challengesPerEpoch: 25 }))).toBe('PINION_ERR_KIND_PARAMS: ping.challengesPerEpoch must be an integer from 1 to 24, got 25')
    expect(message(() => parsePingParams({ challengesPerEpoch: 4n }))).toBe('PINION_ERR_KIND_PARAMS: ping.challengesPerEpoch must be an integer from 1 to 24, got 4n')
    expect(message(() => parsePingParams({ responseWindowMs: 0n }))).toBe('PINION_ERR_KIND_PARAMS: ping.responseWindowMs must be a positive integer number of milliseconds, got 0n')
    expect(message(() => parsePingParams({ responseWindowMs: '5000' }))).toBe(
      'PINION_ERR_KIND_PARAMS: ping.responseWindowMs must be a positive integer number of milliseconds, got "5000"',
    )
    expect(message(() => parsePingParams({ minStake: -1n }))).toBe(
      "PINION_ERR_KIND_PARAMS: ping.minStake must be a whole number of the token's smallest unit, 0 or more (100 tokens: 100n * 10n ** 18n), got -1n",
    )
    expect(message(() => parsePingParams({ minStake: 1.5 }))).toMatch(/^PINION_ERR_KIND_PARAMS: ping.minStake must be .*, got 1.5$/)
    expect(message(() => parsePingParams({ minStake: 2 ** 60 }))).toMatch(/ping.minStake must be .*, got 1152921504606847000$/) // not a safe integer: give a bigint
    expect(message(() => parsePingParams({ serviceMaxBps: 10_001 }))).toBe('PINION_ERR_KIND_PARAMS: ping.serviceMaxBps must be an integer from 0 to 10000, got 10001')
    expect(message(() => parsePingParams({ serviceFullRevenue: 0n }))).toBe(
      "PINION_ERR_KIND_PARAMS: ping.serviceFullRevenue must be a positive whole number of the token's smallest unit (10,000 tokens: 10_000n * 10n ** 18n), got 0n",
    )
    expect(message(() => parsePingParams({ pingsPerEpoch: 3 }))).toBe(
      'PINION_ERR_KIND_PARAMS: ping params key "pingsPerEpoch" must be one of challengesPerEpoch, responseWindowMs, minStake, serviceMaxBps, serviceFullRevenue, got "pingsPerEpoch"',
    )
  })

  it('cut the issue room [start, end − window] into equal slots, on a devnet epoch and a day', () => {
    expect(issueRoomMs(DEVNET_EPOCH, DEFAULT_PING_PARAMS)).toBe(25_001n)
    expect(challengeSlotMs(DEVNET_EPOCH, DEFAULT_PING_PARAMS)).toBe(6_250n)
    expect(challengeSlotMs(DAY_EPOCH, DEFAULT_PING_PARAMS)).toBe(21_598_750n)
  })

  it('refuse an epoch too short for its challenges and their answers, rather than challenge nobody', () => {
    const params = { ...DEFAULT_PING_PARAMS, responseWindowMs: 29_998n }
    expect(challengeSlotMs(DEVNET_EPOCH, { ...params, responseWindowMs: 29_997n })).toBe(1n)
    expect(message(() => challengeSlotMs(DEVNET_EPOCH, params))).toBe(
      'PINION_ERR_KIND_PARAMS: ping.responseWindowMs must be at most 29997 ms, so that 4 challenges and their answers fit in an epoch of 30000 ms, got 29998n',
    )
    expect(issueRoomMs(DEVNET_EPOCH, { ...params, responseWindowMs: 60_000n })).toBe(0n)
  })
})
