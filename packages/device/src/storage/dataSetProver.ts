import { type PieceProof, type PieceTree, challengedLeaves, pieceAt, pieceProof, pieceTree } from '@pinion/protocol/pdp'
import type { Hex } from 'viem'
import { DeviceError } from '../errors.ts'
import type { PieceStore } from './pieceStore.ts'

/** One challenged leaf's answer: where it is (piece and offset) and its proof, in challenge order. */
export type ChallengeAnswer = { leaf: bigint; pieceId: number; offset: bigint; proof: PieceProof }

/**
 * A storage node's side of PDP for one data set: its pieces (ids in the node's store, in the data
 * set's order) answer a proving period's challenges. Each piece's tree is built once, from the bytes
 * the store holds and checks, and kept: a node that no longer holds a piece's bytes cannot answer for
 * it, which is what the challenge asks. The leaves challenged come from the period's seed exactly as
 * the verifier draws them (challengedLeaves), over the data set's leaves (each piece's data leaves).
 */
export function dataSetProver(store: Pick<PieceStore, 'get'>, dataSetId: bigint, pieces: readonly Hex[]) {
  const trees = new Map<Hex, PieceTree>()
  const treeOf = (id: Hex): PieceTree => {
    let tree = trees.get(id)
    if (tree === undefined) {
      const bytes = store.get(id)
      if (bytes === undefined) throw new DeviceError('PINION_ERR_PIECE_CORRUPT', `piece ${id} of data set ${dataSetId} is not held: its challenges cannot be answered`)
      tree = pieceTree(bytes)
      trees.set(id, tree)
    }
    return tree
  }
  return {
    /** Each piece's commitment (root) and height, as the data set commits them on chain. */
    commitments: () => pieces.map((id) => ({ id, root: treeOf(id).root, height: treeOf(id).height, leafCount: BigInt(treeOf(id).leafCount) })),
    /** The answers to `count` challenges drawn from `seed` over the data set's leaves. */
    answer(seed: bigint, count: number): ChallengeAnswer[] {
      const leafCounts = pieces.map((id) => BigInt(treeOf(id).leafCount))
      const total = leafCounts.reduce((sum, n) => sum + n, 0n)
      return challengedLeaves(seed, dataSetId, count, total).map((leaf) => {
        const { pieceId, offset } = pieceAt(leafCounts, leaf)
        return { leaf, pieceId, offset, proof: pieceProof(treeOf(pieces[pieceId]!), Number(offset)) }
      })
    },
  }
}
