import { PinionError } from '../errors.ts'
import { keccak256Into } from '../hash/keccak.ts'
import { addressInto } from '../hash/hexInto.ts'
import type { RewardEntry } from './rewardLeaf.ts'

/** abi.encode(address, uint256) is two 32-byte words. */
export const ENCODED_ENTRY_BYTES = 64
const MAX_UINT256 = (1n << 256n) - 1n

/**
 * Writes abi.encode(entry.recipient, entry.cumulativeAmount) for entries [from, to) into `out`,
 * 64 bytes each, entry i at offset i × 64. Throws PINION_ERR_REWARD_RECIPIENT or
 * PINION_ERR_REWARD_AMOUNT for the first entry that cannot be encoded. The amount goes in as 64-bit
 * limbs, about twice as fast as printing it as hex and parsing that.
 */
export function encodeRewardEntries(entries: readonly RewardEntry[], from: number, to: number, out: Uint8Array): void {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength)
  for (let i = from; i < to; i++) {
    const { recipient, cumulativeAmount } = entries[i]!
    const offset = i * ENCODED_ENTRY_BYTES
    out.fill(0, offset, offset + 12)
    if (!addressInto(recipient, out, offset + 12)) {
      throw new PinionError('PINION_ERR_REWARD_RECIPIENT', `recipient ${recipient} is not a 20-byte hex address`)
    }
    if (cumulativeAmount < 0n || cumulativeAmount > MAX_UINT256) {
      throw new PinionError('PINION_ERR_REWARD_AMOUNT', `cumulative amount ${cumulativeAmount} is outside uint256`)
    }
    // Limbs from the low end while any is left, zeros above: token amounts rarely pass 2^128,
    // so this is two bigint operations where four full limbs would be eight allocations.
    let rest = cumulativeAmount
    let limb = 3
    for (; rest > 0n; limb--) {
      view.setBigUint64(offset + 32 + limb * 8, BigInt.asUintN(64, rest))
      rest >>= 64n
    }
    for (; limb >= 0; limb--) view.setBigUint64(offset + 32 + limb * 8, 0n)
  }
}

const inner = new Uint8Array(32)
const word = new Uint8Array(ENCODED_ENTRY_BYTES)

/**
 * The StandardMerkleTree leaf of the encoded entry at `offset` in `encoded`:
 * keccak256(keccak256(abi.encode(address, uint256))), written to `out` at `outOffset`. The double
 * hash keeps a leaf from ever being mistaken for an inner node (second-preimage resistance), and is
 * what `RewardDistributor._leaf` computes on chain.
 */
export function hashEncodedLeafInto(encoded: Uint8Array, offset: number, out: Uint8Array, outOffset: number): void {
  for (let i = 0; i < ENCODED_ENTRY_BYTES; i++) word[i] = encoded[offset + i]! // a copy, not a view per leaf
  keccak256Into(word, inner, 0)
  keccak256Into(inner, out, outOffset)
}
