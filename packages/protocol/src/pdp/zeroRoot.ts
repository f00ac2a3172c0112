import { PinionError } from '../errors.ts'
import { NODE_BYTES, sha254Node } from './sha254.ts'

/** The tallest tree PDP takes: 2^50 leaves, a 32 EiB piece (PDPVerifier's MAX_PIECE_SIZE_LOG2). */
export const MAX_TREE_HEIGHT = 50

const zeroRoots: Uint8Array[] = [new Uint8Array(NODE_BYTES)]

/**
 * The root of a tree of `height` levels above all-zero leaves: 32 zero bytes at height 0, then the
 * parent of two of the height below. A piece's tree pairs a last, unpaired node with the zero root
 * of its height, which gives the root of the piece padded with zeros to a power of two without
 * hashing the zeros (PDP's `MerkleVerify.zeroRoot` holds the same 51 values as constants).
 */
export function zeroRoot(height: number): Uint8Array {
  if (!Number.isInteger(height) || height < 0 || height > MAX_TREE_HEIGHT) {
    throw new PinionError('PINION_ERR_PDP_INPUT', `a zero root's height is ${height}; expected a whole number from 0 to ${MAX_TREE_HEIGHT}`)
  }
  while (zeroRoots.length <= height) {
    const below = zeroRoots[zeroRoots.length - 1]!
    zeroRoots.push(sha254Node(below, below))
  }
  return zeroRoots[height]!
}
