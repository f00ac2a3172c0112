import { rewardDistributorAbi } from '@pinion/contracts'
import type { Address, PublicClient } from 'viem'
import type { OracleSet } from '../consensus/proposal.ts'

/**
 * The oracle set whose signatures count, as the distributor holds it now: its oracles (in address
 * order), its quorum, and the version every signature must carry. Governance changes it; the chain
 * is the only source of it.
 */
export async function readOracleSet(client: PublicClient, distributor: Address): Promise<OracleSet> {
  const contract = { address: distributor, abi: rewardDistributorAbi } as const
  const [oracles, quorum, version] = await Promise.all([
    client.readContract({ ...contract, functionName: 'oracles' }),
    client.readContract({ ...contract, functionName: 'quorum' }),
    client.readContract({ ...contract, functionName: 'oracleSetVersion' }),
  ])
  return { version: Number(version), oracles: oracles.map((a) => a.toLowerCase() as Address).sort(), quorum: Number(quorum) }
}
