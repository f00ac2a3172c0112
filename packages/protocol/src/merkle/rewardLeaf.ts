import { type Address, type Hex, bytesToHex } from 'viem'
import { encodeRewardEntries, hashEncodedLeafInto } from './leafEncoding.ts'

/** One row of a reward tree: a recipient and everything it has earned since genesis. */
export type RewardEntry = { recipient: Address; cumulativeAmount: bigint }

const encoded = new Uint8Array(64)

/**
 * Writes the StandardMerkleTree leaf of `entry` — keccak256(keccak256(abi.encode(address, uint256)))
 * — into `out` at `outOffset`. Throws PINION_ERR_REWARD_RECIPIENT / PINION_ERR_REWARD_AMOUNT.
 */
function rewardLeafInto(entry: RewardEntry, out: Uint8Array, outOffset: number): void {
  encodeRewardEntries([entry], 0, 1, encoded)
  hashEncodedLeafInto(encoded, 0, out, outOffset)
}

/** The leaf of `entry` as hex. */
export function rewardLeaf(entry: RewardEntry): Hex {
  const out = new Uint8Array(32)
  rewardLeafInto(entry, out, 0)
  return bytesToHex(out)
}
