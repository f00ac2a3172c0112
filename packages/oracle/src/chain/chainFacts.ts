import type { Deployment } from '@pinion/contracts'
import { emissionsAbi } from '@pinion/contracts'
import type { Kind, KindEvent } from '@pinion/kinds'
import type { PublicClient } from 'viem'
import type { EpochFacts } from '../service/assembleEpochInput.ts'
import { epochOnChain } from './epochOnChain.ts'
import { decodeKindLogs, kindContractsToFollow } from './kindEvents.ts'
import { NETWORK_SCOPE, creditPriceAt, delegatedCredits, initialMinimumStakes, networkContractsToFollow, runsCredits, runsStaking } from './networkEvents.ts'
import { networkStake } from './networkStake.ts'
import { registryAt } from './registryAt.ts'
import type { EpochSchedule } from './schedule.ts'

/** Blocks per getLogs request, inside what public RPC providers allow. */
const MAX_BLOCK_RANGE = 2_000n

/**
 * EpochFacts read from the chain alone (no oracle, no database): what `pinion epoch replay` checks an
 * oracle's root with. The registry comes from its events (registryAt), each kind's events from the
 * contracts deploy() deployed for it, decoded as the follower decodes them (decodeKindLogs).
 */
export function chainFacts(client: PublicClient, deployment: Deployment, schedule: EpochSchedule, kinds: ReadonlyMap<string, Kind>): EpochFacts {
  const contracts = [...networkContractsToFollow(deployment), ...kindContractsToFollow(kinds, deployment.kinds)]
  const facts: EpochFacts = {
    epochOnChain: (epoch) => epochOnChain(client, schedule, epoch),
    devicesAt: (block) => registryAt(client, deployment.registry, deployment.blockNumber, block),
    async kindEventsUpTo(kind, block) {
      const events: KindEvent[] = []
      for (const contract of contracts.filter((c) => c.kind === kind)) {
        for (let start = deployment.blockNumber; start <= block; start += MAX_BLOCK_RANGE) {
          const end = start + MAX_BLOCK_RANGE - 1n < block ? start + MAX_BLOCK_RANGE - 1n : block
          const logs = await client.getLogs({ address: contract.address, fromBlock: start, toBlock: end })
          const times = new Map<bigint, bigint>()
          for (const blockNumber of new Set(logs.map((l) => l.blockNumber!))) times.set(blockNumber, (await client.getBlock({ blockNumber })).timestamp * 1000n)
          for (const { kind: _kind, address: _address, ...event } of decodeKindLogs(contract, logs, times)) events.push(event)
        }
      }
      return events.sort((a, b) => (a.blockNumber !== b.blockNumber ? (a.blockNumber < b.blockNumber ? -1 : 1) : a.logIndex - b.logIndex))
    },
    emissionOf: (epoch) => client.readContract({ address: deployment.emissions, abi: emissionsAbi, functionName: 'emissionReleasedFor', args: [epoch] }),
  }
  if (runsCredits(deployment)) {
    facts.creditsAt = async (block) => {
      const events = await facts.kindEventsUpTo(NETWORK_SCOPE, block)
      return { creditsPerToken: await creditPriceAt(client, deployment, events, block), delegated: delegatedCredits(events) }
    }
  }
  if (runsStaking(deployment)) {
    let minimums: Promise<Map<string, bigint>> | undefined
    facts.stakeAt = async (block, atMs) => {
      minimums ??= initialMinimumStakes(client, deployment, [...kinds.keys()])
      return networkStake(await facts.kindEventsUpTo(NETWORK_SCOPE, block), atMs, await minimums)
    }
  }
  return facts
}
