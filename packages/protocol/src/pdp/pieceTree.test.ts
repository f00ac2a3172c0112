import { Piece } from '@web3-storage/data-segment'
import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { dataLeafCount, pieceTree } from './pieceTree.ts'

/** Deterministic bytes: a xorshift stream from `seed`. */
function payloadOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}

describe('pieceTree', () => {
  it("commits to what data-segment's streaming hasher commits to (CommP: root, height), for payloads around every boundary", () => {
    // 65: the smallest payload; 127·2^k: a full piece; one byte more: the next power of two.
    for (const length of [65, 100, 127, 128, 253, 254, 508, 1_000, 4_064, 4_065, 16_256, 30_001]) {
      const payload = payloadOf(length, length)
      const tree = pieceTree(payload)
      const piece = Piece.fromPayload(payload)
      expect([length, tree.root, tree.height]).toEqual([length, bytesToHex(piece.root), piece.height])
    }
  })

  it("counts the leaves holding payload as PDP's Cids.leafCount does, and stores only those", () => {
    // A piece of 4 leaves (127 bytes): 65 bytes pad 62, which is 62·128/127 = 62 bytes, one whole leaf.
    expect(dataLeafCount(65, 2)).toBe(3)
    expect(dataLeafCount(127, 2)).toBe(4)
    expect(dataLeafCount(128, 3)).toBe(5)
    // 900 bytes: a piece of 1,016 (32 leaves), padded by 116 bytes, 3 whole leaves of padding.
    const tree = pieceTree(payloadOf(900, 7))
    expect(tree.height).toBe(5)
    expect(tree.leafCount).toBe(29)
    expect(tree.levels[0]!.length).toBe(tree.leafCount * 32)
    expect(tree.levels).toHaveLength(6)
    for (const [i, level] of tree.levels.entries()) expect([i, level.length / 32]).toEqual([i, Math.ceil(tree.leafCount / 2 ** i)])
  })

  it('changes its root when one payload bit changes', () => {
    const payload = payloadOf(4_065, 3)
    const root = pieceTree(payload).root
    payload[4_064]! ^= 1
    expect(pieceTree(payload).root).not.toBe(root)
  })

  it('refuses a payload too small for a piece with PINION_ERR_PDP_INPUT', () => {
    expect(() => pieceTree(new Uint8Array(64))).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
  })
})
