import { type Address, type Hex, bytesToHex } from 'viem'
import { PinionError } from '../errors.ts'
import { keccak256Into } from '../hash/keccak.ts'
import { hexInto } from '../hash/hexInto.ts'

/** One row of a reward tree: a recipient and everything it has earned since genesis. */
export type RewardEntry = { recipient: Address; cumulativeAmount: bigint }

const encoded = new Uint8Array(64)
const inner = new Uint8Array(32)

/**
 * Writes the StandardMerkleTree leaf of `entry` — keccak256(keccak256(abi.encode(address, uint256)))
 * — into `out` at `outOffset`. The double hash keeps a leaf from ever being mistaken for an inner
 * node (second-preimage resistance), and is what `RewardDistributor._leaf` computes on chain.
 */
export function rewardLeafInto(entry: RewardEntry, out: Uint8Array, outOffset: number): void {
  const { recipient, cumulativeAmount } = entry
  if (recipient.length !== 42 || !hexInto(recipient, encoded, 0, 32)) {
    throw new PinionError('PINION_ERR_REWARD_RECIPIENT', `recipient ${recipient} is not a 20-byte hex address`)
  }
  if (cumulativeAmount < 0n || !hexInto(cumulativeAmount.toString(16), encoded, 32, 32)) {
    throw new PinionError('PINION_ERR_REWARD_AMOUNT', `cumulative amount ${cumulativeAmount} is outside uint256`)
  }
  keccak256Into(encoded, inner, 0)
  keccak256Into(inner, out, outOffset)
}

/** The leaf of `entry` as hex. */
export function rewardLeaf(entry: RewardEntry): Hex {
  const out = new Uint8Array(32)
  rewardLeafInto(entry, out, 0)
  return bytesToHex(out)
}
