import { describe, expect, it } from 'vitest'
import { decodeSegment, encodeSegment, pieceBytes } from './erasure.ts'

const segment = Uint8Array.from({ length: 1_001 }, (_, i) => (i * 37 + 11) & 0xff)

describe('encodeSegment and decodeSegment', () => {
  it('cut a segment into 8 equal pieces, the first 4 its own bytes, and rebuild it from every set of at least 4, one call after another', () => {
    const pieces = encodeSegment(segment, 4, 8)
    expect(pieces).toHaveLength(8)
    expect(pieces.every((p) => p.length === pieceBytes(segment.length, 4))).toBe(true)
    expect(Buffer.concat(pieces.slice(0, 4)).subarray(0, segment.length).equals(Buffer.from(segment))).toBe(true)
    let sets = 0
    for (let mask = 0; mask < 256; mask++) {
      const chosen = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => mask & (1 << i))
      if (chosen.length < 4) continue
      sets++
      const rebuilt = decodeSegment(new Map(chosen.map((i) => [i, pieces[i]!])), segment.length, 4, 8)
      expect([chosen, Buffer.from(rebuilt).equals(Buffer.from(segment))]).toEqual([chosen, true])
    }
    expect(sets).toBe(163)
  })

  it("rebuilds with Storj's 29-of-80 from the last 29 pieces, all parity", () => {
    const pieces = encodeSegment(segment, 29, 80)
    const rebuilt = decodeSegment(new Map(pieces.map((p, i) => [i, p] as const).slice(51)), segment.length, 29, 80)
    expect(Buffer.from(rebuilt).equals(Buffer.from(segment))).toBe(true)
  })

  it('refuses with PINION_ERR_STORAGE_TOO_FEW_PIECES when fewer than k pieces of the right size are there', () => {
    const pieces = encodeSegment(segment, 4, 8)
    const tooFew = expect.objectContaining({ code: 'PINION_ERR_STORAGE_TOO_FEW_PIECES' })
    expect(() => decodeSegment(new Map([0, 3, 7].map((i) => [i, pieces[i]!])), segment.length, 4, 8)).toThrow(tooFew)
    // A truncated piece does not count.
    expect(() => decodeSegment(new Map([0, 3, 7].map((i) => [i, pieces[i]!] as const).concat([[5, pieces[5]!.subarray(1)]])), segment.length, 4, 8)).toThrow(tooFew)
  })
})
