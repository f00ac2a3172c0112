import { describe, expect, it } from 'vitest'
import { paramsJsonSchema } from '../src/paramsSchema.ts'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import { DAY_EPOCH, DEVNET_EPOCH } from './fixtures.ts'
import { DEFAULT_MOBILE_PARAMS, heartbeatPeriodsIn, mobileParams, mobileParamsSchema, parseMobileParams } from './params.ts'

const message = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`
  }
  return 'no error'
}

describe('mobile params', () => {
  it("default to Helium Mobile's rules: hourly heartbeats (12 of 24), 6 speedtests (at least 2), HRP-20251107's trust, 100,000 bytes a credit", () => {
    expect(parseMobileParams(undefined)).toBe(DEFAULT_MOBILE_PARAMS)
    expect(DEFAULT_MOBILE_PARAMS).toEqual({
      heartbeatPeriodMs: 3_600_000n,
      minHeartbeatPeriods: 12,
      speedtestSamples: 6,
      minSpeedtestSamples: 2,
      indoorLocationTrust: { fullTrustMaxM: 300, partialTrustMaxM: 400, partialTrustBps: 2_500 },
      outdoorLocationTrust: { fullTrustMaxM: 300, partialTrustMaxM: 400, partialTrustBps: 2_500 },
      locationFixMaxAgeMs: 86_400_000n,
      coverageRule: 'helium',
      minUniqueSubscribers: 3,
      unservedCoverageBps: 0,
      bytesPerCredit: 100_000n,
      dataMaxBps: 7_000,
      dataFullBytes: 97_000_000_000_000n,
      carriers: [DEVNET_CARRIER_KEY.publicKey],
      speedtestServers: [DEVNET_SPEEDTEST_SERVER_KEY.publicKey],
      locationValidators: [DEVNET_LOCATION_VALIDATOR_KEY.publicKey],
    })
  })

  it('accept their own output unchanged, fill in what config leaves out (inside groups too), and keep keys in lower case', () => {
    const upper = `0x${'AB'.repeat(32)}`
    const params = parseMobileParams({ heartbeatPeriodMs: 2_500, indoorLocationTrust: { fullTrustMaxM: 200 }, carriers: [upper], coverageRule: 'pollen' })
    expect(params).toMatchObject({
      heartbeatPeriodMs: 2_500n,
      indoorLocationTrust: { fullTrustMaxM: 200, partialTrustMaxM: 400 },
      carriers: [upper.toLowerCase()],
      coverageRule: 'pollen',
    })
    expect(parseMobileParams(params)).toEqual(params)
    expect(mobileParams({ minHeartbeatPeriods: 6 })).toEqual({ minHeartbeatPeriods: 6 })
  })

  it('reject bad values, naming the field, what was given and what was expected', () => {
    expect(message(() => parseMobileParams({ minHeartbeatPeriods: 0 }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid mobile params: minHeartbeatPeriods is 0, expected an integer from 1 to 1000000',
    )
    expect(message(() => parseMobileParams({ coverageRule: 'both' }))).toBe('PINION_ERR_KIND_PARAMS: Invalid mobile params: coverageRule is "both", expected "helium" or "pollen"')
    expect(message(() => parseMobileParams({ minSpeedtestSamples: 7 }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid mobile params: minSpeedtestSamples is 7, expected at most speedtestSamples (6)',
    )
    expect(message(() => parseMobileParams({ outdoorLocationTrust: { fullTrustMaxM: 500 } }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid mobile params: outdoorLocationTrust.partialTrustMaxM is 400, expected at least fullTrustMaxM (500)',
    )
    expect(message(() => parseMobileParams({ carriers: ['0x12'] }))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid mobile params: carriers[0] is "0x12", expected 0x followed by 64 hex digits (a 32-byte ed25519 public key)',
    )
    expect(message(() => parseMobileParams({ deviceClassRadioTypes: [{ deviceClass: 1, radioType: 'lte' }] }))).toMatch(
      /deviceClassRadioTypes\[0\]\.radioType is "lte", expected wifi-indoor/,
    )
    expect(message(() => parseMobileParams({ hearbeatPeriodMs: 1 }))).toMatch(/hearbeatPeriodMs is an unknown key/)
  })

  it('describe themselves in JSON Schema, bigints as integers', () => {
    const schema = paramsJsonSchema(mobileParamsSchema) as { properties: Record<string, { default?: unknown }> }
    expect(schema.properties.heartbeatPeriodMs!.default).toBe(3_600_000)
    expect(schema.properties.dataFullBytes!.default).toBe(97_000_000_000_000)
  })

  it("count the heartbeat periods an epoch holds, and refuse a minimum the epoch cannot hold (Helium's hourly rule on a 30 s epoch)", () => {
    expect(heartbeatPeriodsIn(DAY_EPOCH, DEFAULT_MOBILE_PARAMS)).toBe(24)
    const devnet = parseMobileParams({ heartbeatPeriodMs: 2_500n, minHeartbeatPeriods: 6 })
    expect(heartbeatPeriodsIn(DEVNET_EPOCH, devnet)).toBe(12)
    // An epoch that starts mid-period overlaps one more.
    expect(heartbeatPeriodsIn({ ...DEVNET_EPOCH, startMs: DEVNET_EPOCH.startMs + 1n, endMs: DEVNET_EPOCH.endMs + 1n }, devnet)).toBe(13)
    expect(message(() => heartbeatPeriodsIn(DEVNET_EPOCH, DEFAULT_MOBILE_PARAMS))).toBe(
      'PINION_ERR_KIND_PARAMS: Invalid mobile params: minHeartbeatPeriods is 12, expected at most 1, the heartbeat periods of 3600000 ms in an epoch of 30000 ms (shorten heartbeatPeriodMs for short epochs)',
    )
  })

  it("check the heartbeat minimum against the network's epochs when the config gives them", () => {
    expect(parseMobileParams({ heartbeatPeriodMs: 2_500n, minHeartbeatPeriods: 6 }, { epochMs: 30_000n }).minHeartbeatPeriods).toBe(6)
    expect(message(() => parseMobileParams({}, { epochMs: 30_000n }))).toMatch(
      /minHeartbeatPeriods is 12, expected at most 1, the heartbeat periods of 3600000 ms in an epoch of 30000 ms/,
    )
    expect(parseMobileParams(undefined, { epochMs: 86_400_000n })).toBe(DEFAULT_MOBILE_PARAMS)
  })
})
