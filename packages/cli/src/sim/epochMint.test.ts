import { describe, expect, it } from 'vitest'
import { epochMint, netEmission } from './epochMint.ts'

describe('netEmission', () => {
  it('re-mints the burn up to the cap per epoch', () => {
    expect(netEmission(0n, 100n)).toBe(0n)
    expect(netEmission(99n, 100n)).toBe(99n)
    expect(netEmission(100n, 100n)).toBe(100n)
    expect(netEmission(101n, 100n)).toBe(100n)
  })

  it('is off with a cap of 0', () => {
    expect(netEmission(5_000n, 0n)).toBe(0n)
  })

  it('refuses negative amounts', () => {
    expect(() => netEmission(-1n, 100n)).toThrow(RangeError)
    expect(() => netEmission(1n, -100n)).toThrow(RangeError)
  })
})

describe('epochMint', () => {
  it('mints the emission plus the net emission when the cap leaves room', () => {
    expect(epochMint(1_000n, 80n, 5_000n, 10_000n)).toEqual({ scheduled: 1_000n, netEmission: 80n, minted: 1_080n, clipped: 0n })
  })

  it('mints exactly up to the cap, and the rest is clipped', () => {
    expect(epochMint(1_000n, 80n, 9_000n, 10_000n)).toEqual({ scheduled: 1_000n, netEmission: 80n, minted: 1_000n, clipped: 80n })
    expect(epochMint(1_000n, 0n, 9_999n, 10_000n)).toEqual({ scheduled: 1_000n, netEmission: 0n, minted: 1n, clipped: 999n })
    expect(epochMint(1_000n, 80n, 10_000n, 10_000n)).toEqual({ scheduled: 1_000n, netEmission: 80n, minted: 0n, clipped: 1_080n })
  })

  it('fits exactly when the room equals the mint', () => {
    expect(epochMint(1_000n, 80n, 8_920n, 10_000n)).toMatchObject({ minted: 1_080n, clipped: 0n })
  })

  it('refuses a supply above the cap and negative amounts', () => {
    expect(() => epochMint(1n, 0n, 10_001n, 10_000n)).toThrow(/above the cap/)
    expect(() => epochMint(-1n, 0n, 0n, 10n)).toThrow(RangeError)
    expect(() => epochMint(1n, -1n, 0n, 10n)).toThrow(RangeError)
  })
})
