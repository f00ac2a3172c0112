import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { linkConsistent, locationConfidence } from './locationConfidence.ts'
import { DEFAULT_WIRELESS_PARAMS as params, parseWirelessParams } from './params.ts'
import { predictedRssiDeciDbm, sensitivityDeciDbm } from './physics.ts'

const link = { txPowerDeciDbm: 270, beaconerGainDeciDbi: 30, witnessGainDeciDbi: 30, distanceM: 5_000, frequencyHz: 904_100_000, datarate: 'SF9BW125' }
const predicted = predictedRssiDeciDbm({ ...link, pathLossExponentTenths: params.pathLossExponentTenths })

describe('location confidence', () => {
  it('calls a link consistent within k·σ (2.5 × 8 dB = 20 dB) of the model, either side', () => {
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted }, params)).toBe(true)
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted + 200 }, params)).toBe(true)
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted - 200 }, params)).toBe(true)
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted + 201 }, params)).toBe(false) // heard too strong: closer than asserted
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted - 201 }, params)).toBe(false) // too weak: farther
    const tight = parseWirelessParams({ locationConfidence: { consistentSigmasTenths: 10 } })
    expect(linkConsistent({ ...link, rssiDeciDbm: predicted + 81 }, tight)).toBe(false)
  })

  it('judges a link beyond the median reach against what it needed to be received at all', () => {
    const far = { ...link, distanceM: 12_000 }
    const median = predictedRssiDeciDbm({ ...far, pathLossExponentTenths: params.pathLossExponentTenths })
    const needed = sensitivityDeciDbm('SF9BW125', params.noiseFigureDeciDb) - median // every received link shows this much
    expect(needed).toBeGreaterThan(0)
    // The band above the median is √(needed² + (2.5σ)²), wider than 2.5σ and narrower than needed + 2.5σ.
    const bound = Math.floor(Math.sqrt(needed * needed + 200 * 200))
    expect(bound).toBeGreaterThan(200)
    expect(bound).toBeLessThan(needed + 200)
    expect(linkConsistent({ ...far, rssiDeciDbm: median + bound }, params)).toBe(true)
    expect(linkConsistent({ ...far, rssiDeciDbm: median + bound + 1 }, params)).toBe(false)
    // SF7 needs 5 dB more signal than SF9, so the same RSSI is nearer what reception needed.
    expect(linkConsistent({ ...far, datarate: 'SF7BW125', rssiDeciDbm: median + bound + 1 }, params)).toBe(true)
  })

  it('is (consistent + 1) / (links + 2): 0.5 with no evidence', () => {
    expect(locationConfidence(0, 0, params)).toMatchObject({ confidenceBps: 5_000 })
    expect(locationConfidence(10, 10, params)).toMatchObject({ confidenceBps: 9_166 })
    expect(locationConfidence(10, 0, params)).toMatchObject({ confidenceBps: 833 })
    expect(locationConfidence(1, 0, params)).toMatchObject({ confidenceBps: 3_333 })
  })

  it('maps confidence to a multiplier: ×0 at or below lowBps, ×1 from highBps, linear between', () => {
    const { lowBps, highBps } = params.locationConfidence
    expect([lowBps, highBps]).toEqual([2_500, 5_000])
    expect(locationConfidence(0, 0, params).multiplier).toBe(ONE) // no evidence: the prior's 0.5 pays in full
    expect(locationConfidence(10, 10, params).multiplier).toBe(ONE)
    expect(locationConfidence(1, 0, params).multiplier).toBe((833n * ONE) / 2_500n) // 3,333 bps: a third of the way
    expect(locationConfidence(2, 0, params).multiplier).toBe(0n) // 2,500 bps exactly
    expect(locationConfidence(10, 2, params).multiplier).toBe(0n)
    const strict = parseWirelessParams({ locationConfidence: { lowBps: 3_000, highBps: 6_000 } })
    expect(locationConfidence(0, 0, strict).multiplier).toBe((2_000n * ONE) / 3_000n)
    expect(locationConfidence(3, 2, strict).multiplier).toBe(ONE) // 6,000 bps exactly
  })
})
