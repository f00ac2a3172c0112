import { keccak_256 } from '@noble/hashes/sha3'
import { type Address, type Hex, bytesToHex, hexToBytes } from 'viem'
import { PinionError } from '../errors.ts'

/** One row of a reward tree: a recipient and everything it has earned since genesis. */
export type RewardEntry = { recipient: Address; cumulativeAmount: bigint }

const MAX_UINT256 = (1n << 256n) - 1n
const encoded = new Uint8Array(64)

/**
 * Writes the StandardMerkleTree leaf of `entry` — keccak256(keccak256(abi.encode(address, uint256)))
 * — into `out` at `outOffset`. The double hash keeps a leaf from ever being mistaken for an inner
 * node (second-preimage resistance), and is what `RewardDistributor._leaf` computes on chain.
 */
export function rewardLeafInto(entry: RewardEntry, out: Uint8Array, outOffset: number): void {
  const amount = entry.cumulativeAmount
  if (amount < 0n || amount > MAX_UINT256) {
    throw new PinionError('PINION_ERR_REWARD_AMOUNT', `cumulative amount ${amount} is outside uint256`)
  }
  encoded.fill(0, 0, 12)
  encoded.set(hexToBytes(entry.recipient), 12)
  let rest = amount
  for (let i = 63; i >= 32; i--) {
    encoded[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  out.set(keccak_256(keccak_256(encoded)), outOffset)
}

/** The leaf of `entry` as hex. */
export function rewardLeaf(entry: RewardEntry): Hex {
  const out = new Uint8Array(32)
  rewardLeafInto(entry, out, 0)
  return bytesToHex(out)
}
