import { createHash } from 'node:crypto'
import { kinds } from '@pinion/kinds'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../src/epoch/canonicalJson.ts'

/**
 * A kind's parsed parameters are hashed, as canonical JSON, into every epoch's paramsHash: the same
 * config must parse to the same bytes in every version of the parser, or a replay of an old epoch
 * signs other values. These pin those bytes for a corpus of configs (recorded from the hand-written
 * parsers the zod schemas replaced): defaults, partial groups, numbers for bigints, every field.
 */
const canonical = (kind: string, input: unknown) => canonicalJson(kinds.get(kind)!.parseParams(input))
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const id = (byte: string) => `0x${byte.repeat(32)}`

const UPTIME_INPUTS: [string, unknown][] = [
  ['nothing', undefined],
  ['{}', {}],
  ['the devnet default', { subIntervalMs: 3_000 }],
  ['a bigint', { subIntervalMs: 5_000n, required: { subIntervals: 10 } }],
  ['every field', { subIntervalMs: 5_000, required: { fractionBps: 1 }, requireLocation: true, unassertedLocationBps: 0 }],
]

const UPTIME_CANONICAL: Record<string, string> = Object.fromEntries([
  ['nothing', '{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"3600000","unassertedLocationBps":10000}'],
  ['{}', '{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"3600000","unassertedLocationBps":10000}'],
  ['the devnet default', '{"requireLocation":false,"required":{"fractionBps":5000},"subIntervalMs":"3000","unassertedLocationBps":10000}'],
  ['a bigint', '{"requireLocation":false,"required":{"subIntervals":10},"subIntervalMs":"5000","unassertedLocationBps":10000}'],
  ['every field', '{"requireLocation":true,"required":{"fractionBps":1},"subIntervalMs":"5000","unassertedLocationBps":0}'],
])

const WIRELESS_INPUTS: [string, unknown][] = [
  ['nothing', undefined],
  ['{}', {}],
  ['the template', { beaconIntervalMs: 15_000n, reciprocityWindowMs: 120_000n, hexDensityWindowMs: 150_000n, heldWindowMs: 120_000n, travelCooldownMs: 60_000n }],
  ['numbers for bigints', { beaconIntervalMs: 15_000, reciprocityWindowMs: 120_000, hexDensityWindowMs: 150_000, travelCooldownMs: 60_000 }],
  ['part of a group', { ring: { maxGroupSize: 10 }, locationConfidence: { lowBps: 3_000, highBps: 6_000 }, symmetry: { minAsymmetricBps: 5_100 } }],
  [
    'lists',
    {
      denylist: { devices: [{ deviceId: id('AA'), reason: 'crowdspot #1' }], edges: [{ devices: [id('11'), id('22')], reason: 'relay pair' }] },
      usageSchedule: [
        { bytes: 0, usageBps: 0 },
        { bytes: '1000', usageBps: 10_000 },
      ],
      routers: [id('Ab')],
      hexDensity: [{ resolution: 7, neighbors: 2, target: 1, max: 3 }],
    },
  ],
  [
    'every field',
    {
      channelsHz: [868_100_000, 868_300_000],
      datarates: ['SF12BW125'],
      maxEirpDeciDbm: 160,
      noiseFigureDeciDb: 50,
      snrToleranceDeciDb: 40,
      maxFrequencyDeltaHz: 1_000,
      beaconIntervalMs: '15000',
      maxWitnessLagMs: 1_000n,
      witnessClockToleranceMs: 0,
      reciprocityWindowMs: 120_000,
      hexDensityWindowMs: 150_000n,
      heldWindowMs: 0n,
      minWitnessGridDistance: 0,
      maxWitnessDistanceM: 20_100_000,
      maxTravelSpeedKmh: 1,
      travelCooldownMs: 1,
      pathLossExponentTenths: 10,
      shadowingSigmaDeciDb: 1,
      maxRssiAboveModelSigmasTenths: 0,
      locationConfidence: { consistentSigmasTenths: 10, priorConsistent: 0, priorLinks: 1, lowBps: 0, highBps: 10_000 },
      ring: { minExpectedHearersMilli: 1, maxGroupSize: 1 },
      misplaced: { minInconsistentWitnesses: 1, minInconsistentBps: 1 },
      symmetry: { maxPathGainDeltaDeciDb: 0, fadingSigmaDeciDb: 0, minTwoWayLinks: 1, minAsymmetricLinks: 1, minAsymmetricBps: 1 },
      coLocated: { minCommonWitnesses: 1, maxRssiDeltaDeciDb: 0, minAgreeingBps: 1, maxRmsDeltaDeciDb: 0, minAssertedDistanceM: 0, maxAssertedDistanceM: 0 },
      maxWitnessesPerBeacon: 1_000,
      witnessRedundancy: 1,
      rewardDecayBps: 0,
      unitCapBps: 1_000_000,
      hexDensity: [],
      defaultTxScaleBps: 0,
      usageSchedule: [{ bytes: 0n, usageBps: 10_000 }],
      routers: [],
      denylist: { devices: [], edges: [] },
    },
  ],
]

const WIRELESS_DEFAULTS_CANONICAL =
  '{"beaconIntervalMs":"21600000","channelsHz":[903900000,904100000,904300000,904500000,904700000,904900000,905100000,905300000],"coLocated":{"maxAssertedDistanceM":3000,"maxRmsDeltaDeciDb":40,"maxRssiDeltaDeciDb":30,"minAgreeingBps":8000,"minAssertedDistanceM":300,"minCommonWitnesses":8},"datarates":["SF7BW125","SF8BW125","SF9BW125"],"defaultTxScaleBps":2000,"denylist":{"devices":[],"edges":[]},"heldWindowMs":"172800000","hexDensity":[{"max":1000,"neighbors":2,"resolution":4,"target":500},{"max":200,"neighbors":4,"resolution":5,"target":100},{"max":50,"neighbors":4,"resolution":6,"target":25},{"max":10,"neighbors":4,"resolution":7,"target":5},{"max":1,"neighbors":2,"resolution":8,"target":1},{"max":1,"neighbors":2,"resolution":9,"target":1},{"max":1,"neighbors":2,"resolution":10,"target":1}],"hexDensityWindowMs":"216000000","locationConfidence":{"consistentSigmasTenths":25,"highBps":5000,"lowBps":2500,"priorConsistent":1,"priorLinks":2},"maxEirpDeciDbm":360,"maxFrequencyDeltaHz":100000,"maxRssiAboveModelSigmasTenths":30,"maxTravelSpeedKmh":300,"maxWitnessDistanceM":100000,"maxWitnessLagMs":"4000","maxWitnessesPerBeacon":14,"minWitnessGridDistance":8,"misplaced":{"minInconsistentBps":3000,"minInconsistentWitnesses":3},"noiseFigureDeciDb":60,"pathLossExponentTenths":35,"reciprocityWindowMs":"172800000","rewardDecayBps":8000,"ring":{"maxGroupSize":64,"minExpectedHearersMilli":5000},"routers":["0x1abaf4e7c71d689a0803fda60477e3558d090c37fdab780ebe592c1e859477c2"],"shadowingSigmaDeciDb":80,"snrToleranceDeciDb":60,"symmetry":{"fadingSigmaDeciDb":20,"maxPathGainDeltaDeciDb":60,"minAsymmetricBps":2500,"minAsymmetricLinks":1,"minTwoWayLinks":3},"travelCooldownMs":"86400000","unitCapBps":20000,"usageSchedule":[{"bytes":"0","usageBps":1000},{"bytes":"1000000000","usageBps":5000},{"bytes":"100000000000","usageBps":9000}],"witnessClockToleranceMs":"1000","witnessRedundancy":4}'

const WIRELESS_CANONICAL_SHA256: Record<string, string> = Object.fromEntries([
  ['nothing', 'a30e69a74502364f34910954dbdcdfe795d4aab1247b548fa99cd8b249c1746c'],
  ['{}', 'a30e69a74502364f34910954dbdcdfe795d4aab1247b548fa99cd8b249c1746c'],
  ['the template', '3c8da543f5314c0760f20b056f9feff9f2417080fe2d85313e94249f04237c6c'],
  ['numbers for bigints', 'a08534cd1d0c19df9bab265159bba268d56b9de2ffb45c4a748c0bdac550312d'],
  ['part of a group', 'b1ce0f448228ce980542bdee8bfd6450f85876e09896fe0f48b96a048d45600c'],
  ['lists', 'c37741f8b5b1047dce34c6446f2167277fbe51086cde8b7c355e72dfdcc8e820'],
  ['every field', '19bba35fc06115e1acd8621c55acb4efd6cebf5498d34611579c80f89bc32c75'],
])

const PING_INPUTS: [string, unknown][] = [
  ['nothing', undefined],
  ['{}', {}],
  ['the template', { challengesPerEpoch: 4, responseWindowMs: 5_000n, minStake: 100n * 10n ** 18n, serviceMaxBps: 5_000, serviceFullRevenue: 500n * 10n ** 18n }],
  ['numbers for bigints', { responseWindowMs: 2_000, minStake: 0, serviceFullRevenue: 1 }],
  ['every field', { challengesPerEpoch: 24, responseWindowMs: 1n, minStake: 1n, serviceMaxBps: 0, serviceFullRevenue: 10n ** 30n }],
]
const PING_CANONICAL: Record<string, string> = Object.fromEntries([
  ['nothing', '{"challengesPerEpoch":4,"minStake":"100000000000000000000","responseWindowMs":"5000","serviceFullRevenue":"10000000000000000000000","serviceMaxBps":5000}'],
  ['{}', '{"challengesPerEpoch":4,"minStake":"100000000000000000000","responseWindowMs":"5000","serviceFullRevenue":"10000000000000000000000","serviceMaxBps":5000}'],
  ['the template', '{"challengesPerEpoch":4,"minStake":"100000000000000000000","responseWindowMs":"5000","serviceFullRevenue":"500000000000000000000","serviceMaxBps":5000}'],
  ['numbers for bigints', '{"challengesPerEpoch":4,"minStake":"0","responseWindowMs":"2000","serviceFullRevenue":"1","serviceMaxBps":5000}'],
  ['every field', '{"challengesPerEpoch":24,"minStake":"1","responseWindowMs":"1","serviceFullRevenue":"1000000000000000000000000000000","serviceMaxBps":0}'],
])

describe('kind parameters as canonical JSON, byte for byte as recorded', () => {
  it.each(UPTIME_INPUTS)('uptime: %s', (name, input) => {
    expect(canonical('uptime', input)).toBe(UPTIME_CANONICAL[name])
    expect(canonical('uptime', kinds.get('uptime')!.parseParams(input))).toBe(UPTIME_CANONICAL[name])
  })

  it.each(PING_INPUTS)('ping: %s', (name, input) => {
    expect(canonical('ping', input)).toBe(PING_CANONICAL[name])
    expect(canonical('ping', kinds.get('ping')!.parseParams(input))).toBe(PING_CANONICAL[name])
  })

  it('wireless: the defaults', () => {
    expect(canonical('wireless', undefined)).toBe(WIRELESS_DEFAULTS_CANONICAL)
    expect(canonical('wireless', JSON.parse(WIRELESS_DEFAULTS_CANONICAL))).toBe(WIRELESS_DEFAULTS_CANONICAL)
  })

  it.each(WIRELESS_INPUTS)('wireless: %s', (name, input) => {
    expect(sha256(canonical('wireless', input))).toBe(WIRELESS_CANONICAL_SHA256[name])
    expect(sha256(canonical('wireless', kinds.get('wireless')!.parseParams(input)))).toBe(WIRELESS_CANONICAL_SHA256[name])
  })
})
