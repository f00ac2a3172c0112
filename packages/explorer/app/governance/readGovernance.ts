import { type Proposal, paramsGovernanceAbi, readProposals, timelockGovernanceAbi } from '@pinion/contracts/governance'
// Every page already loads the distributor's ABI; the Governance page's other reads use the small ABIs of @pinion/contracts/governance.
import { rewardDistributorAbi } from '@pinion/contracts/generated'
import { type Hex, type PublicClient, parseEventLogs } from 'viem'
import { type ParamsEntry, latestUrls } from './governanceView.ts'

export type GovernanceAddresses = { distributor: Hex; registry: Hex; params: Hex; timelock: Hex; governor: Hex }

/** Everything the Governance page shows, read from the chain through the explorer's /rpc. */
export type Governance = {
  /** Chain time of the latest block: what proposals are timed against. */
  now: bigint
  oracles: { address: Hex; url: string | null }[]
  quorum: number
  version: number
  disputeWindow: bigint
  /** Each Guarded contract's guardian (zero: none), its named successor, and whether it is paused. */
  guarded: { contract: 'distributor' | 'registry'; guardian: Hex; pendingGuardian: Hex; paused: boolean }[]
  timelockDelay: bigint
  proposals: Proposal[]
  params: { currentEpoch: bigint; history: Map<string, ParamsEntry[]> }
}

const URL_EVENT = rewardDistributorAbi.filter((item) => item.type === 'event' && item.name === 'OracleUrlAnnounced')

export async function readGovernance(client: PublicClient, contracts: GovernanceAddresses, fromBlock: bigint): Promise<Governance> {
  const distributor = { address: contracts.distributor, abi: rewardDistributorAbi } as const
  const params = { address: contracts.params, abi: paramsGovernanceAbi } as const
  const [oracles, quorum, version, disputeWindow, announced, timelockDelay, names, currentEpoch, guarded, { now, proposals }] = await Promise.all([
    client.readContract({ ...distributor, functionName: 'oracles' }),
    client.readContract({ ...distributor, functionName: 'quorum' }),
    client.readContract({ ...distributor, functionName: 'oracleSetVersion' }),
    client.readContract({ ...distributor, functionName: 'disputeWindow' }),
    client.getLogs({ address: contracts.distributor, events: URL_EVENT, fromBlock, toBlock: 'latest' }),
    client.readContract({ address: contracts.timelock, abi: timelockGovernanceAbi, functionName: 'getMinDelay' }),
    client.readContract({ ...params, functionName: 'names' }),
    client.readContract({ ...params, functionName: 'currentEpoch' }),
    Promise.all(
      // Both are Guarded: the distributor's ABI reads either's guardian and pause.
      (
        [
          ['distributor', contracts.distributor],
          ['registry', contracts.registry],
        ] as const
      ).map(async ([contract, address]) => {
        const [guardian, pendingGuardian, paused] = await Promise.all([
          client.readContract({ address, abi: rewardDistributorAbi, functionName: 'guardian' }),
          client.readContract({ address, abi: rewardDistributorAbi, functionName: 'pendingGuardian' }),
          client.readContract({ address, abi: rewardDistributorAbi, functionName: 'paused' }),
        ])
        return { contract, guardian, pendingGuardian, paused }
      }),
    ),
    readProposals(client, contracts, fromBlock),
  ])
  const histories = await Promise.all(names.map((name) => client.readContract({ ...params, functionName: 'historyOf', args: [name] })))
  const urls = latestUrls(parseEventLogs({ abi: rewardDistributorAbi, logs: announced as never, eventName: 'OracleUrlAnnounced' }).map((log) => log.args))
  return {
    now,
    oracles: oracles.map((address) => ({ address, url: urls.get(address.toLowerCase()) ?? null })),
    quorum: Number(quorum),
    version,
    disputeWindow,
    guarded,
    timelockDelay,
    proposals,
    params: {
      currentEpoch,
      history: new Map(names.map((name, i) => [name, histories[i]!.map((e) => ({ hash: e.hash, fromEpoch: e.fromEpoch }))])),
    },
  }
}
