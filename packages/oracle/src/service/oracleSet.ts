import { rewardDistributorAbi } from '@pinion/contracts'
import type { Address, PublicClient } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'

/**
 * The oracle set whose signatures count, as the distributor holds it: the configured oracles the
 * distributor lists, its quorum, and the version every signature must carry.
 */
export async function readOracleSet(client: PublicClient, distributor: Address, configured: readonly { address: Address }[]): Promise<OracleSet> {
  const contract = { address: distributor, abi: rewardDistributorAbi } as const
  const [quorum, members] = await Promise.all([
    client.readContract({ ...contract, functionName: 'quorum' }),
    Promise.all(configured.map(async ({ address }) => ((await client.readContract({ ...contract, functionName: 'isOracle', args: [address] })) ? address : undefined))),
  ])
  const oracles = members.filter((a): a is Address => a !== undefined).map((a) => a.toLowerCase() as Address).sort()
  return { version: 0, oracles, quorum: Number(quorum) }
}
