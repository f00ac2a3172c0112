import { hashPairInto } from './hashPair.ts'
import { ENCODED_ENTRY_BYTES, hashEncodedLeafInto } from './leafEncoding.ts'
import { sortRecords } from './sortRecords.ts'

// The layout OpenZeppelin's StandardMerkleTree uses: 2n - 1 nodes of 32 bytes in one array, root
// at 0, children of i at 2i + 1 and 2i + 2, the n leaves at the end in reverse sorted order.

/** The leaves of entries [from, to), from their abi encodings, into `leaves` (32 bytes each). */
export function hashLeaves(encoded: Uint8Array, leaves: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) hashEncodedLeafInto(encoded, i * ENCODED_ENTRY_BYTES, leaves, i * 32)
}

/** Sorts the leaves by hash into the last n slots of `nodes` (in reverse order, as OpenZeppelin does). */
export function placeLeaves(leaves: Uint8Array, count: number, nodes: Uint8Array): Uint32Array {
  const order = sortRecords(leaves, count, 32, 0, 32)
  const size = 2 * count - 1
  const positions = new Uint32Array(count)
  // Copied as 32-bit words (both arrays start at offset 0 of their buffers): no view per leaf.
  const from32 = new Uint32Array(leaves.buffer, leaves.byteOffset, count * 8)
  const to32 = new Uint32Array(nodes.buffer, nodes.byteOffset, size * 8)
  for (let rank = 0; rank < count; rank++) {
    const entry = order[rank]!
    const position = size - 1 - rank
    positions[entry] = position
    for (let w = 0; w < 8; w++) to32[position * 8 + w] = from32[entry * 8 + w]!
  }
  return positions
}

/**
 * The inner nodes [0, count - 1) in bands [from, to), bottom band first, such that every child of a
 * band lies in a later band (2·from + 1 ≥ to): a band's nodes can be hashed in any order, or in
 * parallel, once the bands before it are done.
 */
export function innerBands(count: number): Array<[number, number]> {
  const bands: Array<[number, number]> = []
  for (let to = count - 1; to > 0; ) {
    const from = Math.ceil((to - 1) / 2)
    bands.push([from, to])
    to = from
  }
  return bands
}

/** Inner nodes [from, to) from their children. */
export function hashPairs(nodes: Uint8Array, from: number, to: number): void {
  for (let i = to - 1; i >= from; i--) hashPairInto(nodes, (2 * i + 1) * 32, (2 * i + 2) * 32, nodes, i * 32)
}
