import { type Address, type Hex, concat, encodeAbiParameters, keccak256 } from 'viem'

/**
 * OpenZeppelin StandardMerkleTree, as the reward distributor checks claims: the leaf is
 * keccak256(bytes.concat(keccak256(abi.encode(address, uint256)))), and each proof step hashes the
 * sorted pair (OpenZeppelin's MerkleProof, Solady's MerkleProofLib).
 */
export function rewardLeaf(recipient: Address, cumulativeAmount: bigint): Hex {
  return keccak256(keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [recipient, cumulativeAmount])))
}

function hashPair(a: Hex, b: Hex): Hex {
  return a.toLowerCase() < b.toLowerCase() ? keccak256(concat([a, b])) : keccak256(concat([b, a]))
}

/** The root a proof leads to from a leaf. */
export function rootFromProof(leaf: Hex, proof: readonly Hex[]): Hex {
  return proof.reduce<Hex>((node, sibling) => hashPair(node, sibling), leaf)
}
