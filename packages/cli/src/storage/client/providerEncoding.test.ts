import { pieceProof, pieceTree, verifyPieceProof } from '@pinion/protocol/pdp'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { encodeForProvider } from './providerEncoding.ts'

const fileKey = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1)
const piece = Uint8Array.from({ length: 5_000 }, (_, i) => (i * 131 + (i >> 7)) & 0xff)
const alice: Hex = `0x${'a1'.repeat(32)}`
const bob: Hex = `0x${'b2'.repeat(32)}`

describe('encodeForProvider', () => {
  it('undoes itself, keeps the length, and hides the piece', () => {
    const encoded = encodeForProvider(piece, fileKey, { deviceId: alice, segment: 3, piece: 5 })
    expect(encoded).toHaveLength(piece.length)
    expect(Buffer.from(encoded).equals(Buffer.from(piece))).toBe(false)
    expect(Buffer.from(encodeForProvider(encoded, fileKey, { deviceId: alice, segment: 3, piece: 5 })).equals(Buffer.from(piece))).toBe(true)
    // Another key, or the same provider at another place, does not decode it.
    expect(
      Buffer.from(
        encodeForProvider(
          encoded,
          fileKey.map((b) => b ^ 1),
          { deviceId: alice, segment: 3, piece: 5 },
        ),
      ).equals(Buffer.from(piece)),
    ).toBe(false)
  })

  it('gives every provider, segment and piece index bytes of their own, even for one piece', () => {
    const places = [
      { deviceId: alice, segment: 0, piece: 0 },
      { deviceId: bob, segment: 0, piece: 0 },
      { deviceId: alice, segment: 1, piece: 0 },
      { deviceId: alice, segment: 0, piece: 1 },
      // Indexes are fixed-width: (segment 1, piece 0) and (segment 0, piece 256) cannot collide byte-wise.
      { deviceId: alice, segment: 0, piece: 256 },
    ]
    const encodings = places.map((place) => Buffer.from(encodeForProvider(piece, fileKey, place)).toString('hex'))
    expect(new Set(encodings).size).toBe(places.length)
    // XOR of two encodings is not zero anywhere in long runs: the keystreams differ, not just a prefix.
    const [a, b] = places.slice(0, 2).map((place) => encodeForProvider(piece, fileKey, place))
    expect(a!.filter((byte, i) => byte === b![i]).length).toBeLessThan(piece.length / 64)
  })

  it("makes a proof built from one provider's bytes fail against another's PDP root (a sybil's copy proves nothing)", () => {
    const ofAlice = pieceTree(encodeForProvider(piece, fileKey, { deviceId: alice, segment: 0, piece: 2 }))
    const ofBob = pieceTree(encodeForProvider(piece, fileKey, { deviceId: bob, segment: 0, piece: 2 }))
    expect(ofAlice.root).not.toBe(ofBob.root)
    expect([ofAlice.height, ofAlice.leafCount]).toEqual([ofBob.height, ofBob.leafCount])
    for (const leaf of [0, 17, ofAlice.leafCount - 1]) {
      const proof = pieceProof(ofAlice, leaf)
      expect(verifyPieceProof(ofAlice.root, ofAlice.height, BigInt(leaf), proof)).toBe(true)
      expect(verifyPieceProof(ofBob.root, ofBob.height, BigInt(leaf), proof)).toBe(false)
    }
  })

  it('refuses a device id that is not 32 bytes and indexes that are not uint32', () => {
    expect(() => encodeForProvider(piece, fileKey, { deviceId: '0xabcd', segment: 0, piece: 0 })).toThrow(RangeError)
    expect(() => encodeForProvider(piece, fileKey, { deviceId: alice, segment: -1, piece: 0 })).toThrow(RangeError)
    expect(() => encodeForProvider(piece, fileKey, { deviceId: alice, segment: 0, piece: 2 ** 32 })).toThrow(RangeError)
  })
})
