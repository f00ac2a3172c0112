import { describe, expect, it } from 'vitest'
import { pieceAt } from './pieceAt.ts'

describe('pieceAt', () => {
  it('finds the piece and offset of every leaf of a data set, passing over removed pieces', () => {
    const counts = [4n, 0n, 1n, 7n, 0n, 0n, 3n]
    const expected: { pieceId: number; offset: bigint }[] = []
    for (const [pieceId, count] of counts.entries()) for (let offset = 0n; offset < count; offset++) expected.push({ pieceId, offset })
    expect(expected.map((_, index) => pieceAt(counts, BigInt(index)))).toEqual(expected)
  })

  it('refuses a leaf outside the data set with PINION_ERR_PDP_INPUT', () => {
    for (const leaf of [-1n, 15n]) expect(() => pieceAt([4n, 0n, 1n, 7n, 3n], leaf)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
  })
})
