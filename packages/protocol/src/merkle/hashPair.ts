import { keccak_256 } from '@noble/hashes/sha3'

/** Lexicographic comparison of two 32-byte nodes (`a` at `aOffset` in `aBytes`, likewise `b`). */
export function compareNodes(aBytes: Uint8Array, aOffset: number, bBytes: Uint8Array, bOffset: number): number {
  for (let i = 0; i < 32; i++) {
    const d = aBytes[aOffset + i]! - bBytes[bOffset + i]!
    if (d !== 0) return d
  }
  return 0
}

const pair = new Uint8Array(64)

/**
 * OpenZeppelin's node hash: keccak256 of the two children, smaller first (`MerkleProof` sorts pairs
 * so that proofs need no left/right flags). Writes the 32-byte result to `out` at `outOffset`.
 */
export function hashPairInto(
  nodes: Uint8Array,
  aOffset: number,
  bOffset: number,
  out: Uint8Array,
  outOffset: number,
): void {
  if (compareNodes(nodes, aOffset, nodes, bOffset) <= 0) {
    pair.set(nodes.subarray(aOffset, aOffset + 32), 0)
    pair.set(nodes.subarray(bOffset, bOffset + 32), 32)
  } else {
    pair.set(nodes.subarray(bOffset, bOffset + 32), 0)
    pair.set(nodes.subarray(aOffset, aOffset + 32), 32)
  }
  out.set(keccak_256(pair), outOffset)
}
