import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ONE, applyMultiplier, mulDiv, splitProRata } from './fixedPoint.ts'

describe('splitProRata', () => {
  it('never pays more than the total, and leaves a remainder below the number of payees', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 24n }), { minLength: 1, maxLength: 50 }), (total, weights) => {
        const { shares, remainder } = splitProRata(total, new Map(weights.map((w, i) => [i, w])))
        const paid = [...shares.values()].reduce((a, b) => a + b, 0n)
        expect(paid + remainder).toBe(total)
        const sum = weights.reduce((a, b) => a + b, 0n)
        if (sum === 0n) expect(remainder).toBe(total)
        else expect(remainder < BigInt(weights.filter((w) => w > 0n).length)).toBe(true)
        weights.forEach((w, i) => {
          if (sum > 0n) expect(shares.get(i)).toBe((total * w) / sum) // toward zero, exactly
        })
      }),
      { seed: 0x5350_4c54, numRuns: 300 },
    )
  })

  it('rejects negative weights and totals', () => {
    expect(() => splitProRata(-1n, new Map([[0, 1n]]))).toThrow(/negative total/)
    expect(() => splitProRata(1n, new Map([[0, -1n]]))).toThrow(/negative/)
  })
})

describe('mulDiv and applyMultiplier', () => {
  it('round toward zero', () => {
    expect(mulDiv(10n, 1n, 3n)).toBe(3n)
    expect(applyMultiplier(1_000n, ONE / 3n)).toBe(333n)
    expect(applyMultiplier(7n, ONE)).toBe(7n)
    expect(() => mulDiv(1n, 1n, 0n)).toThrow(/denominator/)
  })
})
