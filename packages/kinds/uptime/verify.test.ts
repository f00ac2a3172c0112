import { describe, expect, it } from 'vitest'
import { DEFAULT_UPTIME_PARAMS } from './params.ts'
import { DAY, newDevice, signedHeartbeat } from '../../testkit/src/kinds/uptime.ts'
import { UPTIME_REASONS } from './reasons.ts'
import { verifyHeartbeat } from './verify.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'

const { key, device } = newDevice()
const unlocated = { ...device, location: null }
const params = DEFAULT_UPTIME_PARAMS

describe('uptime verify', () => {
  it('publishes a sentence for every reason it gives', () => {
    expect(Object.keys(UPTIME_REASONS).sort()).toEqual(['LOCATION_NOT_ASSERTED', 'OUTSIDE_EPOCH'])
    for (const words of Object.values(UPTIME_REASONS)) expect(words.length).toBeGreaterThan(20)
  })

  it('OUTSIDE_EPOCH: passes from the first to the last millisecond of the epoch, fails before and at its end', () => {
    const ctx = { epoch: DAY, device, params, carried: null, inputs: NO_KIND_INPUTS }
    expect(verifyHeartbeat(signedHeartbeat(key, 1n, DAY.startMs), ctx)).toEqual({ valid: true })
    expect(verifyHeartbeat(signedHeartbeat(key, 2n, DAY.endMs - 1n), ctx)).toEqual({ valid: true })
    expect(verifyHeartbeat(signedHeartbeat(key, 3n, DAY.startMs - 1n), ctx)).toEqual({ valid: false, reason: 'OUTSIDE_EPOCH' })
    expect(verifyHeartbeat(signedHeartbeat(key, 4n, DAY.endMs), ctx)).toEqual({ valid: false, reason: 'OUTSIDE_EPOCH' })
  })

  it('LOCATION_NOT_ASSERTED: fails only when the network requires a location and the device has none', () => {
    const report = signedHeartbeat(key, 1n, DAY.startMs + 1000n)
    const requiring = { ...params, requireLocation: true }
    expect(verifyHeartbeat(report, { epoch: DAY, device, params: requiring, carried: null, inputs: NO_KIND_INPUTS })).toEqual({ valid: true })
    expect(verifyHeartbeat(report, { epoch: DAY, device: unlocated, params, carried: null, inputs: NO_KIND_INPUTS })).toEqual({ valid: true })
    expect(verifyHeartbeat(report, { epoch: DAY, device: unlocated, params: requiring, carried: null, inputs: NO_KIND_INPUTS })).toEqual({
      valid: false,
      reason: 'LOCATION_NOT_ASSERTED',
    })
  })

  it('keeps several heartbeats in one sub-interval valid (score counts them once)', () => {
    const ctx = { epoch: DAY, device, params, carried: null, inputs: NO_KIND_INPUTS }
    for (let s = 1n; s <= 5n; s++) expect(verifyHeartbeat(signedHeartbeat(key, s, DAY.startMs + s), ctx)).toEqual({ valid: true })
  })
})
