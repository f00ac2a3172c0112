// Filecoin's PDP (proof of data possession), off chain: piece trees and proofs, challenges, pieces.
export { challengedLeaves } from './challenges.ts'
export { detectionProbability } from './detection.ts'
export { pieceAt } from './pieceAt.ts'
export { type PieceProof, pieceProof, verifyPieceProof } from './pieceProof.ts'
export { type PieceTree, dataLeafCount, pieceTree } from './pieceTree.ts'
export { NODE_BYTES, sha254Node } from './sha254.ts'
export { MAX_TREE_HEIGHT, zeroRoot } from './zeroRoot.ts'
