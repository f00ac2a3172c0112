import type { Share } from '@pinion/kinds'
import { ONE, splitProRata } from '@pinion/protocol'
import fc from 'fast-check'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { allocate } from './allocate.ts'

const share = (n: number, pool: string, weight: bigint): Share => ({
  deviceId: `0x${n.toString(16).padStart(64, '0')}` as Hex,
  pool,
  base: weight,
  multipliers: [],
  weight,
  inputs: {},
})
const residual = { name: 'treasury', recipient: '0x7000000000000000000000000000000000000007' as const }

describe('allocate', () => {
  it('splits by basis points, then by weight, each toward zero, the dust to the residual pool', () => {
    const shares = [share(1, 'a', 1n), share(2, 'a', 2n), share(3, 'b', 5n)]
    const result = allocate(
      100n,
      [
        { name: 'a', basisPoints: 3_333 },
        { name: 'b', basisPoints: 3_333 },
        { name: 'treasury', basisPoints: 3_334 },
      ],
      residual,
      shares,
    )
    // a: 33 → 11 and 22; b: 33 → 33; treasury: 33 own + 1 dust of the basis-point split.
    expect(result.amounts).toEqual([11n, 22n, 33n])
    expect(result.pools).toEqual([
      { pool: 'a', basisPoints: 3_333, allocation: 33n, paid: 33n, remainder: 0n, totalWeight: 3n },
      { pool: 'b', basisPoints: 3_333, allocation: 33n, paid: 33n, remainder: 0n, totalWeight: 5n },
      { pool: 'treasury', basisPoints: 3_334, allocation: 34n, paid: 34n, remainder: 0n, totalWeight: 0n },
    ])
    const uneven = allocate(10n, [{ name: 'a', basisPoints: 10_000 }], residual, [share(1, 'a', 1n), share(2, 'a', 1n), share(3, 'a', 1n)])
    expect(uneven.amounts).toEqual([3n, 3n, 3n])
    expect(uneven.pools).toEqual([
      { pool: 'a', basisPoints: 10_000, allocation: 10n, paid: 9n, remainder: 1n, totalWeight: 3n },
      { pool: 'treasury', basisPoints: 0, allocation: 0n, paid: 1n, remainder: 0n, totalWeight: 0n },
    ])
    expect(uneven.residualAmount).toBe(1n)
  })

  it('pays nothing from a pool whose shares weigh nothing, or that has none: it all goes to the residual pool', () => {
    const result = allocate(
      ONE,
      [
        { name: 'a', basisPoints: 6_000 },
        { name: 'b', basisPoints: 4_000 },
      ],
      residual,
      [share(1, 'a', 0n)],
    )
    expect(result.amounts).toEqual([0n])
    expect(result.residualAmount).toBe(ONE)
  })

  it('refuses shares in a pool without basis points or in the residual pool', () => {
    const pools = [
      { name: 'a', basisPoints: 5_000 },
      { name: 'treasury', basisPoints: 5_000 },
    ]
    expect(() => allocate(ONE, pools, residual, [share(1, 'b', 1n)])).toThrow(/pool "b", which takes no shares/)
    expect(() => allocate(ONE, pools, residual, [share(1, 'treasury', 1n)])).toThrow(/pool "treasury", which takes no shares/)
  })

  it("always pays exactly the emission, each share exactly protocol's splitProRata of its pool", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ pool: fc.nat({ max: 4 }), weight: fc.bigInt({ min: 0n, max: 10n ** 24n }) }), { maxLength: 30 }),
        (emission, rawPoints, rawShares) => {
          // Normalise the basis points to sum to 10,000; pool 4 is the residual pool.
          const total = rawPoints.reduce((a, b) => a + b, 0) || 1
          const points = rawPoints.map((p) => Math.floor((p * 10_000) / total))
          points[0]! += 10_000 - points.reduce((a, b) => a + b, 0)
          const pools = points.map((basisPoints, i) => ({ name: i === 3 ? 'treasury' : `p${i}`, basisPoints }))
          const shares = rawShares.filter((s) => s.pool < Math.min(3, pools.length)).map((s, i) => share(i, `p${s.pool}`, s.weight))
          const result = allocate(emission, pools, residual, shares)
          expect(result.amounts.reduce((a, b) => a + b, 0n) + result.residualAmount).toBe(emission)
          expect(result.pools.reduce((a, p) => a + p.allocation, 0n)).toBe(emission)
          expect(result.pools.reduce((a, p) => a + p.paid, 0n)).toBe(emission)
          for (const row of result.pools) expect(row.remainder >= 0n && row.paid >= 0n).toBe(true)
          for (const row of result.pools.filter((p) => p.pool !== 'treasury')) {
            const members = new Map(shares.flatMap((s, i) => (s.pool === row.pool ? [[i, s.weight] as const] : [])))
            const expected = splitProRata(row.allocation, members)
            for (const [i] of members) expect(result.amounts[i]).toBe(expected.shares.get(i) ?? 0n)
            expect(row.remainder).toBe(expected.remainder)
          }
        },
      ),
      { seed: 0x414c_4c4f, numRuns: 300 },
    )
  })
})
