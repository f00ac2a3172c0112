import { PinionError } from '../errors.ts'

/**
 * The piece holding leaf `leafIndex` of a data set whose pieces, in id order, hold `leafCounts`
 * leaves (a removed piece 0), and the leaf's offset in it: the first piece whose running total
 * passes the index, as PDPVerifier's sum-tree search (`findOnePieceId`) finds it.
 */
export function pieceAt(leafCounts: readonly bigint[], leafIndex: bigint): { pieceId: number; offset: bigint } {
  let before = 0n
  for (const [pieceId, count] of leafCounts.entries()) {
    if (leafIndex >= 0n && leafIndex < before + count) return { pieceId, offset: leafIndex - before }
    before += count
  }
  throw new PinionError('PINION_ERR_PDP_INPUT', `leaf ${leafIndex} is outside the data set's ${before} leaves`)
}
