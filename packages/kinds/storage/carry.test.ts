import { describe, expect, it } from 'vitest'
import { STORJ_AUDIT_REPUTATION, isDisqualified, recordOutcomes } from '../src/betaReputation.ts'
import { carryStorage, parseStorageCarried, reputationOf } from './carry.ts'
import { EPOCH, dealEvents, device, inputs, payloads, periods, registry, scoreContext } from './fixtures.ts'

const devices = registry([device(1)])
const challenges = periods(devices, dealEvents([{ dealId: 1n, device: 1, pieces: payloads(21, 1, 1024), acceptedAtMs: EPOCH.startMs - 1n }]))
const ctx = (carried: ReturnType<typeof carryStorage> | null) => scoreContext(devices, inputs({ challenges }), carried)

describe('carryStorage', () => {
  it('counts a missed period as a failed audit, from the initial α/β', () => {
    const next = carryStorage(null, [], ctx(null))
    expect(next.reputations[device(1).deviceId]).toEqual(recordOutcomes(STORJ_AUDIT_REPUTATION.initial, STORJ_AUDIT_REPUTATION, false, 1))
  })

  it('disqualifies on the 41st missed period in a row (0.999^41 < 0.96), not the 40th', () => {
    let carried: ReturnType<typeof carryStorage> | null = null
    for (let i = 0; i < 40; i++) carried = carryStorage(carried, [], ctx(carried))
    expect(isDisqualified(reputationOf(carried, device(1).deviceId), STORJ_AUDIT_REPUTATION)).toBe(false)
    carried = carryStorage(carried, [], ctx(carried))
    expect(isDisqualified(reputationOf(carried, device(1).deviceId), STORJ_AUDIT_REPUTATION)).toBe(true)
  })

  it('round-trips through JSON with bigints as decimal strings, and refuses anything else', () => {
    const carried = carryStorage(null, [], ctx(null))
    const json = JSON.parse(JSON.stringify(carried, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
    expect(parseStorageCarried(json)).toEqual(carried)
    expect(() => parseStorageCarried({ reputations: {}, extra: 1 })).toThrow(/key "extra"/)
    expect(() => parseStorageCarried({ reputations: { '0x01': { alpha: '1', beta: '0' } } })).toThrow(/device id/)
    expect(() => parseStorageCarried({ reputations: { [device(1).deviceId]: { alpha: '-1', beta: '0' } } })).toThrow(/alpha/)
  })
})
