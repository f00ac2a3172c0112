import { creditsAbi, deviceRegistryAbi, deviceSharesFactoryAbi, pinionDeployerAbi, rewardSplitFactoryAbi, stakingAbi } from '@pinion/contracts/generated'
import type { EmissionsResponse, StatsResponse } from '@pinion/oracle/api'
import { type AbiEvent, type Hex, type PublicClient, parseEventLogs } from 'viem'
import { apiGet } from '../lib/api.ts'
import type { EconomyEvent } from './economyView.ts'

/**
 * Where the economy contracts are found. The oracle's /v1/status names the core contracts but not
 * Credits, Staking and the factories; every contract of a deployment is deployed through its
 * PinionDeployer by one account (CREATE3), so the deployer's `Deployed` events from that account
 * list them all, and only their events are read: a contract outside the deployment that emits
 * look-alike events is never counted.
 */
export type EconomyAddresses = { deployer: Hex; deployedBy: Hex; registry: Hex; fromBlock: bigint }

/** Everything the Economy page shows: the economy's events in chain order, and the oracle's emissions and revenue per epoch. */
export type Economy = {
  events: EconomyEvent[]
  emissions: EmissionsResponse['epochs']
  /** Epoch → revenue shares paid out of its emission (the network pool `revenue`). */
  revenue: Map<string, string>
}

/** The epochs the oracle's emissions and revenue are read for: as many as the overview charts. */
const CHART_EPOCHS = 60

const eventsOf = (abi: readonly unknown[], names: readonly string[]): AbiEvent[] => (abi as AbiEvent[]).filter((item) => item.type === 'event' && names.includes(item.name))

const ECONOMY_ABI = [
  ...eventsOf(creditsAbi, ['CreditsBought', 'CreditsMintedForPayment', 'ReceiptsSettled']),
  ...eventsOf(stakingAbi, [
    'DeviceBonded',
    'DeviceUnbonded',
    'Delegated',
    'Undelegated',
    'CommissionChanged',
    'SlashProposed',
    'SlashExecuted',
    'SlashVetoed',
    'SlashAppealed',
    'SlashAppealResolved',
  ]),
  ...eventsOf(rewardSplitFactoryAbi, ['SplitCreated']),
  ...eventsOf(deviceSharesFactoryAbi, ['SharesCreated']),
]
const RECIPIENT_ABI = eventsOf(deviceRegistryAbi, ['RecipientChanged'])
const DEPLOYED_ABI = eventsOf(pinionDeployerAbi, ['Deployed'])

/** The addresses the deployment's account deployed through its PinionDeployer, up to the deployment's last block. */
async function deployedContracts(client: PublicClient, addresses: EconomyAddresses): Promise<Hex[]> {
  const logs = await client.getLogs({ address: addresses.deployer, events: DEPLOYED_ABI, fromBlock: 0n, toBlock: addresses.fromBlock })
  return parseEventLogs({ abi: pinionDeployerAbi, logs: logs as never, eventName: 'Deployed' })
    .filter((log) => log.args.deployer.toLowerCase() === addresses.deployedBy.toLowerCase())
    .map((log) => log.args.deployed)
}

export async function readEconomy(client: PublicClient, addresses: EconomyAddresses, signal?: AbortSignal): Promise<Economy> {
  const [deployed, recipientLogs, emissions, stats] = await Promise.all([
    deployedContracts(client, addresses),
    client.getLogs({ address: addresses.registry, events: RECIPIENT_ABI, fromBlock: addresses.fromBlock, toBlock: 'latest' }),
    apiGet<EmissionsResponse>(`/v1/emissions?limit=${CHART_EPOCHS}`, signal),
    apiGet<StatsResponse>(`/v1/stats?limit=${CHART_EPOCHS}`, signal),
  ])
  const economyLogs = deployed.length === 0 ? [] : await client.getLogs({ address: deployed, events: ECONOMY_ABI, fromBlock: addresses.fromBlock, toBlock: 'latest' })
  // One list in chain order: a device's latest RecipientChanged must come after the split it names.
  const logs = [...economyLogs, ...recipientLogs].sort((a, b) =>
    a.blockNumber === b.blockNumber ? (a.logIndex ?? 0) - (b.logIndex ?? 0) : (a.blockNumber ?? 0n) < (b.blockNumber ?? 0n) ? -1 : 1,
  )
  const events = parseEventLogs({ abi: [...ECONOMY_ABI, ...RECIPIENT_ABI], logs: logs as never }) as unknown as EconomyEvent[]
  return {
    events,
    emissions: emissions.epochs,
    revenue: new Map(stats.epochs.flatMap((s) => (s.pools.revenue === undefined ? [] : [[s.epoch, s.pools.revenue] as const]))),
  }
}
