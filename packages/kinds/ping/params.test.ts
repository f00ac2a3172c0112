import { describe, expect, it } from 'vitest'
import { DAY_EPOCH, DEVNET_EPOCH } from './fixtures.ts'
import { paramsJsonSchema } from '../src/paramsSchema.ts'
import { DEFAULT_PING_PARAMS, challengeSlotMs, issueRoomMs, parsePingParams, pingParams, pingParamsSchema } from './params.ts'

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
    expect(message(() => parsePingParams('often'))).toBe('PINION_ERR_KIND_PARAMS: Invalid ping params: got "often", expected an object')
    expect(message(() => parsePingParams({ challengesPerEpoch: 0 }))).toBe('PINION_ERR_KIND_PARAMS: Invalid ping params: challengesPerEpoch is 0, expected an integer from 1 to 24')
    expect(message(() => parsePingParams({ challengesPerEpoch: 25 }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: challengesPerEpoch is 25, expected an integer from 1 to 24',
    )
    expect(message(() => parsePingParams({ challengesPerEpoch: 4n }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: challengesPerEpoch is 4n, expected an integer from 1 to 24',
    )
    expect(message(() => parsePingParams({ responseWindowMs: 0n }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: responseWindowMs is 0n, expected a positive integer number of milliseconds',
    )
    expect(message(() => parsePingParams({ responseWindowMs: '5000' }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: responseWindowMs is "5000", expected a positive integer number of milliseconds',
    )
    expect(message(() => parsePingParams({ minStake: -1n }))).toBe(
      "PINION_ERR_KIND_PARAMS: Invalid ping params: minStake is -1n, expected a whole number of the token's smallest unit, 0 or more (100 tokens: 100n * 10n ** 18n)",
    )
    expect(message(() => parsePingParams({ minStake: 1.5 }))).toMatch(/^PINION_ERR_KIND_PARAMS: Invalid ping params: minStake is 1.5, expected .*$/)
    expect(message(() => parsePingParams({ minStake: 2 ** 60 }))).toMatch(/Invalid ping params: minStake is 1152921504606847000, expected /) // not a safe integer: give a bigint
    expect(message(() => parsePingParams({ serviceMaxBps: 10_001 }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: serviceMaxBps is 10001, expected an integer from 0 to 10000',
    )
    expect(message(() => parsePingParams({ serviceFullRevenue: 0n }))).toBe(
      "PINION_ERR_KIND_PARAMS: Invalid ping params: serviceFullRevenue is 0n, expected a positive whole number of the token's smallest unit (10,000 tokens: 10_000n * 10n ** 18n)",
    )
    expect(message(() => parsePingParams({ pingsPerEpoch: 3 }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid ping params: pingsPerEpoch is an unknown key, expected one of challengesPerEpoch, responseWindowMs, minStake, serviceMaxBps, serviceFullRevenue',
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
      'PINION_ERR_KIND_PARAMS: Invalid ping params: responseWindowMs is 29998n, expected at most 29997 ms, so that 4 challenges and their answers fit in an epoch of 30000 ms',
    )
    expect(issueRoomMs(DEVNET_EPOCH, { ...params, responseWindowMs: 60_000n })).toBe(0n)
  })

  it('type pinion.config.ts: the helper returns what it is given, and the compiler refuses what the schema would', () => {
    expect(pingParams({ challengesPerEpoch: 2, minStake: 0 })).toEqual({ challengesPerEpoch: 2, minStake: 0 })
    // @ts-expect-error a misspelt parameter
    pingParams({ pingsPerEpoch: 3 })
    // @ts-expect-error amounts are bigints or numbers, not strings
    pingParams({ minStake: '100' })
  })

  it('read as a JSON Schema whose defaults are the defaults', () => {
    const schema = paramsJsonSchema(pingParamsSchema) as { properties: Record<string, { default?: unknown }>; additionalProperties: boolean }
    expect(schema.additionalProperties).toBe(false)
    expect(Object.fromEntries(Object.entries(schema.properties).map(([key, property]) => [key, property.default]))).toEqual({
      challengesPerEpoch: 4,
      responseWindowMs: 5_000,
      minStake: '100000000000000000000', // beyond a safe integer: decimal digits
      serviceMaxBps: 5_000,
      serviceFullRevenue: '10000000000000000000000',
    })
  })
})
