import { keccak256Into } from '../hash/keccak.ts'

/** Lexicographic comparison of two 32-byte nodes (`a` at `aOffset` in `aBytes`, likewise `b`). */
function compareNodes(aBytes: Uint8Array, aOffset: number, bBytes: Uint8Array, bOffset: number): number {
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
export function hashPairInto(nodes: Uint8Array, aOffset: number, bOffset: number, out: Uint8Array, outOffset: number): void {
  const aFirst = compareNodes(nodes, aOffset, nodes, bOffset) <= 0
  const first = aFirst ? aOffset : bOffset
  const second = aFirst ? bOffset : aOffset
  // Byte copies, not pair.set(nodes.subarray(…)): a million inner nodes made two million views of garbage.
  for (let i = 0; i < 32; i++) {
    pair[i] = nodes[first + i]!
    pair[32 + i] = nodes[second + i]!
  }
  keccak256Into(pair, out, outOffset)
}
