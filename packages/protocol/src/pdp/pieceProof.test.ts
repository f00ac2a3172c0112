import { type Hex, bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { pieceProof, verifyPieceProof } from './pieceProof.ts'
import { pieceTree } from './pieceTree.ts'

const payload = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff)
/** `hex` with its last byte's low bit flipped. */
const flipped = (hex: Hex): Hex => `${hex.slice(0, -2)}${(Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}` as Hex

describe('pieceProof and verifyPieceProof', () => {
  it('prove every data leaf of a piece with padding leaves, one sibling a level, under its root', () => {
    // 3,000 bytes: a piece of 128 leaves, 95 of them data; the last ones pair with zero roots.
    const tree = pieceTree(payload(3_000))
    expect(tree.leafCount).toBeLessThan(2 ** tree.height)
    for (let offset = 0; offset < tree.leafCount; offset++) {
      const proof = pieceProof(tree, offset)
      expect(proof.proof).toHaveLength(tree.height)
      expect(proof.leaf).toBe(bytesToHex(tree.levels[0]!.subarray(offset * 32, offset * 32 + 32)))
      expect([offset, verifyPieceProof(tree.root, tree.height, BigInt(offset), proof)]).toEqual([offset, true])
    }
  })

  it('fails a proof for another position, a changed leaf or sibling, a wrong height or another root', () => {
    const tree = pieceTree(payload(3_000))
    const proof = pieceProof(tree, 41)
    const verify = (changed: Partial<{ root: Hex; height: number; position: bigint; leaf: Hex; proof: Hex[] }>) =>
      verifyPieceProof(changed.root ?? tree.root, changed.height ?? tree.height, changed.position ?? 41n, { leaf: changed.leaf ?? proof.leaf, proof: changed.proof ?? proof.proof })
    expect(verify({})).toBe(true)
    expect(verify({ position: 40n })).toBe(false)
    expect(verify({ position: 41n + 2n ** BigInt(tree.height) })).toBe(false)
    expect(verify({ leaf: flipped(proof.leaf) })).toBe(false)
    for (let level = 0; level < proof.proof.length; level++) {
      expect(verify({ proof: proof.proof.map((s, i) => (i === level ? flipped(s) : s)) })).toBe(false)
    }
    expect(verify({ proof: proof.proof.slice(1), height: tree.height - 1 })).toBe(false)
    expect(verify({ height: tree.height + 1 })).toBe(false)
    expect(verify({ root: pieceTree(payload(3_001)).root })).toBe(false)
    expect(verify({ leaf: '0x1234' })).toBe(false)
  })

  it('refuses to prove a leaf that holds no data with PINION_ERR_PDP_INPUT', () => {
    const tree = pieceTree(payload(3_000))
    expect(() => pieceProof(tree, tree.leafCount)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
    expect(() => pieceProof(tree, -1)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
  })
})
