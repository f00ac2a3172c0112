import { type Address, type Hex, encodeAbiParameters, keccak256 } from 'viem'

/** keccak256(abi.encode(chainId, registry)): the network a report is signed for. */
export function networkIdOf(chainId: number, registry: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }], [BigInt(chainId), registry]))
}
