import { pinionTokenAbi, rewardDistributorAbi } from '@pinion/contracts/generated'
import { type Chain, type Hex, type PublicClient, createPublicClient, defineChain, http } from 'viem'
import type { Status } from './network.tsx'

/** The chain as the page reaches it: through the explorer server's /rpc, on the page's own origin. */
export function chainOf(status: Status, name: string): Chain {
  return defineChain({
    id: status.chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [new URL('/rpc', location.origin).href] } },
  })
}

export function publicClientFor(chain: Chain): PublicClient {
  return createPublicClient({ chain, transport: http(), pollingInterval: 500 })
}

export type TokenInfo = { symbol: string; decimals: number; totalSupply: bigint }

export async function readToken(client: PublicClient, token: Hex): Promise<TokenInfo> {
  const [symbol, decimals, totalSupply] = await Promise.all([
    client.readContract({ address: token, abi: pinionTokenAbi, functionName: 'symbol' }),
    client.readContract({ address: token, abi: pinionTokenAbi, functionName: 'decimals' }),
    client.readContract({ address: token, abi: pinionTokenAbi, functionName: 'totalSupply' }),
  ])
  return { symbol, decimals, totalSupply }
}

/** A recipient's position on chain: token balance and what it already claimed. */
export async function readClaimState(client: PublicClient, status: Status, recipient: Hex): Promise<{ balance: bigint; claimed: bigint }> {
  const [balance, claimed] = await Promise.all([
    client.readContract({ address: status.contracts.token, abi: pinionTokenAbi, functionName: 'balanceOf', args: [recipient] }),
    client.readContract({ address: status.contracts.distributor, abi: rewardDistributorAbi, functionName: 'claimed', args: [recipient] }),
  ])
  return { balance, claimed }
}

/** The epoch of the newest claimable root on chain (a newer root may still be in its dispute window), or null. */
export async function latestRootEpoch(client: PublicClient, distributor: Hex): Promise<bigint | null> {
  const [newest] = await client.readContract({ address: distributor, abi: rewardDistributorAbi, functionName: 'claimableRoots' })
  return newest === undefined ? null : newest.epoch
}
