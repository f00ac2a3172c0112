import { Proof } from '@web3-storage/data-segment'

/** A node of a piece's tree, and a leaf: 32 bytes whose two top bits (of the last byte) are clear. */
export const NODE_BYTES = 32

/**
 * The parent of two nodes: SHA-256 of `left ‖ right` with the two top bits of its last byte cleared
 * ("SHA254"), so that every node is a BLS12-381 field element, as Filecoin's piece commitments and
 * FilOzone's PDPVerifier (`Hashes.orderedHash`, SHA-256 precompile then `& …3F`) compute it.
 */
export function sha254Node(left: Uint8Array, right: Uint8Array): Uint8Array {
  return Proof.computeNode(left, right)
}
