import { type Hex, bytesToHex, hexToBytes } from 'viem'
import { hashPairInto } from './hashPair.ts'

/** Whether `proof` leads from `leaf` to `root` (OpenZeppelin `MerkleProof.verify`). */
export function verifyProof(root: Hex, leaf: Hex, proof: readonly Hex[]): boolean {
  const buffer = new Uint8Array(64)
  buffer.set(hexToBytes(leaf), 0)
  for (const sibling of proof) {
    buffer.set(hexToBytes(sibling), 32)
    hashPairInto(buffer, 0, 32, buffer, 0)
  }
  return bytesToHex(buffer.subarray(0, 32)) === root.toLowerCase()
}
