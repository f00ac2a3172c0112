import { seededRandom } from '@pinion/kinds'
import fc from 'fast-check'
import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY, STORJ_REDUNDANCY } from '../redundancy.ts'
import { type Provider, placePieces } from './placePieces.ts'

const hex = (n: number, bytes: number) => `0x${n.toString(16).padStart(bytes * 2, '0')}`
/** `count` providers, provider i run by operator `operatorOf(i)`. */
const providers = (count: number, operatorOf: (i: number) => number, freeBytes?: (i: number) => number): Provider[] =>
  Array.from({ length: count }, (_, i) => ({
    deviceId: hex(i + 1, 32) as Hex,
    operator: hex(operatorOf(i) + 1, 20) as Address,
    url: `http://127.0.0.1:${9_000 + i}`,
    ...(freeBytes === undefined ? {} : { freeBytes: freeBytes(i) }),
  }))

const operatorsOf = (segment: { provider: Provider }[]) => segment.map(({ provider }) => provider.operator.toLowerCase())

describe('placePieces', () => {
  it('never puts two pieces of a segment on one operator, whatever the seed and however operators share providers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 8, max: 40 }), fc.integer({ min: 1, max: 4 }), (seed, operators, perOperator) => {
        const list = providers(operators * perOperator, (i) => i % operators)
        const placement = placePieces(list, DEVNET_REDUNDANCY, [1_000, 1_000, 1_000, 400], seededRandom(seed))
        for (const segment of placement) {
          expect(new Set(operatorsOf(segment)).size).toBe(segment.length)
          expect(new Set(segment.map(({ provider }) => provider.deviceId)).size).toBe(segment.length)
          expect(segment.length).toBe(Math.min(DEVNET_REDUNDANCY.uploads, operators))
          expect(segment.map(({ index }) => index)).toEqual(segment.map((_, i) => i))
        }
      }),
      { seed: 0x706c_6163, numRuns: 200 },
    )
  })

  it('starts fewer uploads with fewer operators than uploads, and refuses with PINION_ERR_STORAGE_PLACEMENT below the success threshold', () => {
    // 9 operators: 9 uploads for the devnet's 10, still at least its 8 pieces.
    expect(
      placePieces(
        providers(18, (i) => i % 9),
        DEVNET_REDUNDANCY,
        [500],
        seededRandom(1),
      )[0],
    ).toHaveLength(9)
    // 7 operators, however many providers they run: 8 pieces cannot be on distinct operators.
    const refused = expect.objectContaining({
      code: 'PINION_ERR_STORAGE_PLACEMENT',
      message: expect.stringMatching(/needs its 8 pieces on 8 different operators.*belong to 7 operators/),
    })
    expect(() =>
      placePieces(
        providers(21, (i) => i % 7),
        DEVNET_REDUNDANCY,
        [500],
        seededRandom(1),
      ),
    ).toThrow(refused)
    // Storj's 80 pieces need 80 operators.
    expect(() =>
      placePieces(
        providers(100, (i) => i % 79),
        STORJ_REDUNDANCY,
        [500],
        seededRandom(1),
      ),
    ).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_PLACEMENT' }))
    // Operators compare by address, not by how it is written.
    const mixedCase = providers(10, (i) => i % 5).map((p, i) => ({ ...p, operator: (i < 5 ? p.operator : p.operator.toUpperCase().replace('0X', '0x')) as Address }))
    expect(() => placePieces(mixedCase, DEVNET_REDUNDANCY, [500], seededRandom(1))).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_PLACEMENT' }))
  })

  it('leaves out providers without room for a piece, counting what earlier segments already put there', () => {
    // 10 providers; two have room for exactly one piece of 1,000 bytes.
    const list = providers(
      10,
      (i) => i,
      (i) => (i < 2 ? 1_000 : 1_000_000),
    )
    const [first, second] = placePieces(list, { ...DEVNET_REDUNDANCY, uploads: 8 }, [1_000, 1_000], seededRandom(3))
    const small = new Set(list.slice(0, 2).map((p) => p.deviceId))
    const onSmall = [...first!, ...second!].filter(({ provider }) => small.has(provider.deviceId)).map(({ provider }) => provider.deviceId)
    expect(new Set(onSmall).size).toBe(onSmall.length)
    // Too little room anywhere: refused, naming the piece size.
    expect(() =>
      placePieces(
        providers(
          10,
          (i) => i,
          () => 999,
        ),
        DEVNET_REDUNDANCY,
        [1_000],
        seededRandom(3),
      ),
    ).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_PLACEMENT', message: expect.stringContaining('room for a piece of 1000 bytes') }))
  })

  it('places the same way for a seed whatever the list order, differently for another seed, and spreads the file across providers', () => {
    const list = providers(30, (i) => i)
    const sizes = Array.from({ length: 12 }, () => 1_000)
    const ids = (placement: ReturnType<typeof placePieces>) => placement.map((segment) => segment.map(({ provider }) => provider.deviceId))
    const once = ids(placePieces(list, DEVNET_REDUNDANCY, sizes, seededRandom(42)))
    expect(ids(placePieces([...list].reverse(), DEVNET_REDUNDANCY, sizes, seededRandom(42)))).toEqual(once)
    expect(ids(placePieces(list, DEVNET_REDUNDANCY, sizes, seededRandom(43)))).not.toEqual(once)
    // 12 segments × 10 pieces over 30 providers: 4 each, exactly, since each segment prefers the least loaded.
    const load = new Map<string, number>()
    for (const id of once.flat()) load.set(id, (load.get(id) ?? 0) + 1)
    expect([...load.values()].every((n) => n === 4)).toBe(true)
    expect(load.size).toBe(30)
  })

  it('refuses a device listed twice with PINION_ERR_STORAGE_PROVIDERS', () => {
    const list = providers(10, (i) => i)
    expect(() => placePieces([...list, { ...list[3]!, deviceId: list[3]!.deviceId.toUpperCase().replace('0X', '0x') as Hex }], DEVNET_REDUNDANCY, [1], seededRandom(0))).toThrow(
      expect.objectContaining({ code: 'PINION_ERR_STORAGE_PROVIDERS' }),
    )
  })
})
