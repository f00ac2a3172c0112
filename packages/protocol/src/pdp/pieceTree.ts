import { Fr32, MIN_PAYLOAD_SIZE } from '@web3-storage/data-segment'
import { type Hex, bytesToHex } from 'viem'
import { PinionError } from '../errors.ts'
import { NODE_BYTES, sha254Node } from './sha254.ts'
import { MAX_TREE_HEIGHT, zeroRoot } from './zeroRoot.ts'

/**
 * A piece's Merkle tree, as a storage provider keeps it to answer challenges: its leaves are the
 * fr32-padded payload's 32-byte chunks that hold any of the payload (`leafCount`, what PDP's
 * `Cids.leafCount` counts and challenges), and each level above them is packed in one buffer.
 * Leaves past the payload are zeros, never stored: a last, unpaired node is paired with the zero
 * root of its height (zeroRoot.ts), as PDP's `MerkleProve.buildTree` does, which gives the root of
 * the whole power-of-two piece.
 */
export type PieceTree = {
  /** Leaves holding payload: the piece's challengeable leaves. */
  readonly leafCount: number
  /** Levels above the leaves, log2 of the padded piece's leaves: the height PieceCIDv2 carries. */
  readonly height: number
  /** levels[0] the leaves, levels[height] the root; each `ceil(count / 2)` nodes of the one below. */
  readonly levels: readonly Uint8Array[]
  /** The piece's commitment (CommP): the 32-byte root. */
  readonly root: Hex
}

/**
 * The tree of `payload` (a piece's bytes, before padding), by Filecoin's rules (FRC-0069): fr32
 * padding (two zero bits after every 254), zeros to the next power-of-two piece of at least 128
 * bytes, then SHA254 pairs. Memory: the padded data-bearing leaves and about as much again for the
 * levels above them.
 */
export function pieceTree(payload: Uint8Array): PieceTree {
  if (payload.length < MIN_PAYLOAD_SIZE) {
    throw new PinionError('PINION_ERR_PDP_INPUT', `a piece's payload is ${payload.length} bytes; PieceCIDv2 needs at least ${MIN_PAYLOAD_SIZE}`)
  }
  const padded = Fr32.pad(payload)
  const height = Math.log2(padded.length / NODE_BYTES)
  if (height > MAX_TREE_HEIGHT) throw new PinionError('PINION_ERR_PDP_INPUT', `a piece of ${payload.length} bytes is taller than PDP's ${MAX_TREE_HEIGHT} levels`)
  const leafCount = dataLeafCount(payload.length, height)
  const levels: Uint8Array[] = [padded.subarray(0, leafCount * NODE_BYTES)]
  for (let level = 1; level <= height; level++) {
    const below = levels[level - 1]!
    const nodesBelow = below.length / NODE_BYTES
    const nodes = new Uint8Array(Math.ceil(nodesBelow / 2) * NODE_BYTES)
    for (let i = 0; i < nodesBelow; i += 2) {
      const left = below.subarray(i * NODE_BYTES, (i + 1) * NODE_BYTES)
      const right = i + 1 < nodesBelow ? below.subarray((i + 1) * NODE_BYTES, (i + 2) * NODE_BYTES) : zeroRoot(level - 1)
      nodes.set(sha254Node(left, right), (i / 2) * NODE_BYTES)
    }
    levels.push(nodes)
  }
  return { leafCount, height, levels, root: bytesToHex(levels[height]!) }
}

/**
 * Leaves of a piece of `payloadBytes` that hold payload (PDP's `Cids.leafCount`): the tree's 2^height
 * leaves less those that are padding alone, the padding (bytes before fr32 expansion) counted at
 * 128/127 and rounded down to whole leaves.
 */
export function dataLeafCount(payloadBytes: number, height: number): number {
  const padding = 2 ** (height - 2) * 127 - payloadBytes
  return 2 ** height - Math.floor(Math.floor((128 * padding) / 127) / NODE_BYTES)
}
