import { encodePacked, hexToBigInt, keccak256 } from 'viem'
import { PinionError } from '../errors.ts'

/**
 * The leaves a data set must prove this period, as PDPVerifier draws them in `provePossession`:
 * challenge i is `uint256(keccak256(abi.encodePacked(uint256 seed, uint256 setId, uint64 i))) mod
 * challengeRange`, where the seed is the chain's randomness at the challenge epoch and the range is
 * the set's leaf count when the period was scheduled. The modulo's bias is at most range / 2^256,
 * accepted as PDP accepts it. Global leaf indices: pieceAt.ts finds each one's piece and offset.
 */
export function challengedLeaves(seed: bigint, dataSetId: bigint, count: number, challengeRange: bigint): bigint[] {
  if (challengeRange <= 0n) throw new PinionError('PINION_ERR_PDP_INPUT', `a data set with ${challengeRange} leaves has nothing to challenge`)
  if (!Number.isInteger(count) || count < 1) throw new PinionError('PINION_ERR_PDP_INPUT', `${count} challenges; expected a whole number from 1`)
  const challenges: bigint[] = []
  for (let i = 0; i < count; i++) {
    challenges.push(hexToBigInt(keccak256(encodePacked(['uint256', 'uint256', 'uint64'], [seed, dataSetId, BigInt(i)]))) % challengeRange)
  }
  return challenges
}
