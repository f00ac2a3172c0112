import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { linkConsistent, locationConfidence, rssiAboveModel } from './locationConfidence.ts'
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

describe('RSSI_ABOVE_MODEL', () => {
  const predictedAt = (distanceM: number) => predictedRssiDeciDbm({ ...link, distanceM, pathLossExponentTenths: params.pathLossExponentTenths })
  const neededAt = (distanceM: number, datarate = 'SF9BW125') => sensitivityDeciDbm(datarate, params.noiseFigureDeciDb) - predictedAt(distanceM)

  it('under rules v1–v2, bounds the excess by 3σ (24 dB) whatever the link needed to be heard', () => {
    expect(rssiAboveModel({ ...link, rssiDeciDbm: predicted + 240 }, params)).toBe(false)
    expect(rssiAboveModel({ ...link, rssiDeciDbm: predicted + 241 }, params)).toBe(true)
  })

  it('under rules v3, lets a link near the edge of reach show the luck it needed, and √(n² + (4σ)²) at most', () => {
    // 12 km at SF9: every link heard there shows n of excess, 1–3σ.
    const far = { ...link, distanceM: 12_000 }
    const n = neededAt(12_000)
    expect(n).toBeGreaterThan(80)
    expect(n).toBeLessThan(240)
    const bound = Math.floor(Math.sqrt(n * n + 320 * 320))
    const heard = (excess: number) => ({ ...far, rssiDeciDbm: predictedAt(12_000) + excess })
    // v1–v2 rejected this honest link (excess > 3σ); v3 keeps it.
    expect(rssiAboveModel(heard(300), params)).toBe(true)
    expect(rssiAboveModel(heard(300), params, true)).toBe(false)
    expect(rssiAboveModel(heard(bound), params, true)).toBe(false)
    expect(rssiAboveModel(heard(bound + 1), params, true)).toBe(true)
  })

  it('under rules v3, bounds a link that needs no luck by 4σ (32 dB), either way up', () => {
    expect(neededAt(link.distanceM)).toBeLessThanOrEqual(0)
    expect(rssiAboveModel({ ...link, rssiDeciDbm: predicted + 320 }, params, true)).toBe(false)
    expect(rssiAboveModel({ ...link, rssiDeciDbm: predicted + 321 }, params, true)).toBe(true)
    // Heard far weaker than the model expects is not "above" it.
    expect(rssiAboveModel({ ...link, rssiDeciDbm: predicted - 400 }, params, true)).toBe(false)
  })

  it('under rules v3, rejects a link that needed more than 3σ of luck to be heard at all, however plausible its RSSI', () => {
    // Find the distance where SF12 reception needs just over 3σ: a relayed beacon's reach.
    let distanceM = 10_000
    while (neededAt(distanceM, 'SF12BW125') <= 240) distanceM += 100
    const relayed = { ...link, datarate: 'SF12BW125', distanceM, rssiDeciDbm: sensitivityDeciDbm('SF12BW125', params.noiseFigureDeciDb) + 10 }
    expect(rssiAboveModel(relayed, params, true)).toBe(true)
    const shorter = { ...relayed, distanceM: distanceM - 100 }
    expect(rssiAboveModel(shorter, params, true)).toBe(false)
    // The bound is a parameter.
    const lenient = parseWirelessParams({ rssiGivenReception: { neededSigmasTenths: 40 } })
    expect(rssiAboveModel(relayed, lenient, true)).toBe(false)
  })
})
