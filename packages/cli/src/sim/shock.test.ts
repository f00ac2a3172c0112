import { describe, expect, it } from 'vitest'
import { type Shock, applyShock, shockMultiplierPpm } from './shock.ts'

const shock: Shock = { startEpoch: 10, fallEpochs: 2, holdEpochs: 3, recoverEpochs: 4, troughPpm: 200_000n }

describe('shockMultiplierPpm', () => {
  it('falls, holds and recovers in straight lines (worked by hand)', () => {
    const multipliers = Array.from({ length: 12 }, (_, i) => shockMultiplierPpm(8 + i, shock))
    expect(multipliers).toEqual([
      1_000_000n, // 8
      1_000_000n, // 9: before the start
      600_000n, // 10: half of the 800,000 drop
      200_000n, // 11: the trough, at the fall's last epoch
      200_000n, // 12
      200_000n, // 13
      200_000n, // 14: the hold's last epoch
      400_000n, // 15: a quarter of the way back
      600_000n, // 16
      800_000n, // 17
      1_000_000n, // 18: recovered at the recovery's last epoch
      1_000_000n, // 19
    ])
  })

  it('refuses a fall or a recovery of no epochs, a negative hold or start, and a trough outside 0..10^6', () => {
    expect(() => shockMultiplierPpm(0, { ...shock, fallEpochs: 0 })).toThrow(RangeError)
    expect(() => shockMultiplierPpm(0, { ...shock, recoverEpochs: 0 })).toThrow(RangeError)
    expect(() => shockMultiplierPpm(0, { ...shock, holdEpochs: -1 })).toThrow(RangeError)
    expect(() => shockMultiplierPpm(0, { ...shock, startEpoch: -1 })).toThrow(RangeError)
    expect(() => shockMultiplierPpm(0, { ...shock, troughPpm: 1_000_001n })).toThrow(/troughPpm/)
  })
})

describe('applyShock', () => {
  it('multiplies each epoch by its multiplier, toward zero', () => {
    const values = new Array<bigint>(19).fill(7n)
    // 7 × 0.6 = 4.2 → 4; 7 × 0.2 = 1.4 → 1; 7 × 0.4 = 2.8 → 2; 7 × 0.8 = 5.6 → 5.
    expect(applyShock(values, shock).slice(9)).toEqual([7n, 4n, 1n, 1n, 1n, 1n, 2n, 4n, 5n, 7n])
  })
})
