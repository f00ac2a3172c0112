import { type Chain, defineChain } from 'viem'

/** A viem chain for any EVM network known only by id, name and RPC URL (ETH-denominated gas). */
export function chainFor(id: number, name: string, rpcUrl: string): Chain {
  return defineChain({ id, name, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } })
}
