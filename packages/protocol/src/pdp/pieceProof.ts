import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { PinionError } from '../errors.ts'
import type { PieceTree } from './pieceTree.ts'
import { NODE_BYTES, sha254Node } from './sha254.ts'
import { zeroRoot } from './zeroRoot.ts'

/** A challenged leaf and its path to the piece's root: PDP's `IPDPTypes.Proof { leaf, proof }`. */
export type PieceProof = { leaf: Hex; proof: Hex[] }

/**
 * The proof of leaf `offset` of `tree`: the leaf, then its sibling at each level from the bottom,
 * a missing sibling being the zero root of its height (`MerkleProve.buildProof`). It has `height`
 * siblings, as PDPVerifier requires.
 */
export function pieceProof(tree: PieceTree, offset: number): PieceProof {
  if (!Number.isInteger(offset) || offset < 0 || offset >= tree.leafCount) {
    throw new PinionError('PINION_ERR_PDP_INPUT', `leaf ${offset} is not one of the piece's ${tree.leafCount} data leaves`)
  }
  const proof: Hex[] = []
  let index = offset
  for (let level = 0; level < tree.height; level++) {
    const nodes = tree.levels[level]!
    const sibling = index ^ 1
    proof.push(bytesToHex(sibling * NODE_BYTES < nodes.length ? nodes.subarray(sibling * NODE_BYTES, (sibling + 1) * NODE_BYTES) : zeroRoot(level)))
    index >>= 1
  }
  return { leaf: bytesToHex(tree.levels[0]!.subarray(offset * NODE_BYTES, (offset + 1) * NODE_BYTES)), proof }
}

/**
 * Whether `proof` shows `leaf` at `position` under `root` in a tree of `height` levels above its
 * leaves (PDP's `MerkleVerify.verify` with treeHeight = height + 1): exactly `height` siblings, each
 * hashed on the side `position`'s bit at that level says. A position past the tree's last leaf fails
 * (PDP's verifier reads only its low bits; its positions are always inside the piece). Malformed hex
 * is a failed proof, not an error.
 */
export function verifyPieceProof(root: Hex, height: number, position: bigint, { leaf, proof }: PieceProof): boolean {
  if (proof.length !== height || position < 0n || position >> BigInt(height) !== 0n) return false
  let node: Uint8Array
  try {
    node = nodeOf(leaf)
    let at = position
    for (const sibling of proof) {
      node = at % 2n === 0n ? sha254Node(node, nodeOf(sibling)) : sha254Node(nodeOf(sibling), node)
      at >>= 1n
    }
  } catch {
    return false
  }
  return bytesToHex(node) === root.toLowerCase()
}

function nodeOf(hex: Hex): Uint8Array {
  const bytes = hexToBytes(hex)
  if (bytes.length !== NODE_BYTES) throw new Error(`a node is ${NODE_BYTES} bytes`)
  return bytes
}
