import { describe, expect, it } from 'vitest'
import { TOKEN } from './credits.ts'
import { emissionOf, scheduledBetween } from './emissions.ts'

const schedule = { initialEpochEmission: 1_000n * TOKEN, halvingInterval: 4n }

describe('emissionOf', () => {
  it('halves exactly at each multiple of the halving interval, not an epoch before', () => {
    expect([0n, 3n, 4n, 7n, 8n, 11n, 12n].map((e) => emissionOf(e, schedule) / TOKEN)).toEqual([1_000n, 1_000n, 500n, 500n, 250n, 250n, 125n])
  })

  it('rounds an odd emission down at each halving, as a right shift does', () => {
    const odd = { initialEpochEmission: 7n, halvingInterval: 1n }
    expect([0n, 1n, 2n, 3n].map((e) => emissionOf(e, odd))).toEqual([7n, 3n, 1n, 0n])
  })

  it('never halves when the interval is 0', () => {
    const flat = { initialEpochEmission: 7n, halvingInterval: 0n }
    expect(emissionOf(0n, flat)).toBe(7n)
    expect(emissionOf(2n ** 64n - 1n, flat)).toBe(7n)
  })

  it('is 0 from the 256th halving on, even for an emission of 2^255 or more', () => {
    const huge = { initialEpochEmission: 2n ** 256n - 1n, halvingInterval: 1n }
    expect(emissionOf(255n, huge)).toBe(1n)
    expect(emissionOf(256n, huge)).toBe(0n)
    expect(emissionOf(300n, huge)).toBe(0n)
  })

  it('refuses a negative epoch', () => {
    expect(() => emissionOf(-1n, schedule)).toThrow(RangeError)
  })
})

describe('scheduledBetween', () => {
  it('adds the epochs of [from, to) across halvings (the contract test fixture: 10 epochs are 6,500 tokens)', () => {
    expect(scheduledBetween(0n, 10n, schedule)).toBe(6_500n * TOKEN)
    expect(scheduledBetween(3n, 6n, schedule)).toBe(2_000n * TOKEN)
    expect(scheduledBetween(6n, 11n, schedule)).toBe(1_750n * TOKEN)
    expect(scheduledBetween(5n, 5n, schedule)).toBe(0n)
    expect(scheduledBetween(6n, 5n, schedule)).toBe(0n)
  })

  it('equals the sum of emissionOf, epoch by epoch', () => {
    const odd = { initialEpochEmission: 1_234_567n, halvingInterval: 3n }
    for (const [from, to] of [
      [0n, 1n],
      [0n, 17n],
      [2n, 9n],
      [5n, 100n],
    ] as const) {
      let sum = 0n
      for (let e = from; e < to; e++) sum += emissionOf(e, odd)
      expect(scheduledBetween(from, to, odd)).toBe(sum)
    }
  })

  it('saturates at 2^256 - 1 instead of growing past it, as the contract does', () => {
    const extreme = { initialEpochEmission: 2n ** 255n, halvingInterval: 0n }
    expect(scheduledBetween(0n, 1n, extreme)).toBe(2n ** 255n)
    expect(scheduledBetween(0n, 2n, extreme)).toBe(2n ** 256n - 1n)
  })
})
