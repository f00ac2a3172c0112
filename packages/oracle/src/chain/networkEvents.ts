import { type Deployment, creditsAbi, governedPriceAbi, stakingAbi } from '@pinion/contracts'
import type { KindEvent } from '@pinion/kinds'
import { type AbiEvent, type Hex, type PublicClient, getAddress } from 'viem'
import type { Db } from '../store/db.ts'
import type { KindContract } from './kindEvents.ts'

/**
 * The scope the network's own contracts' events are indexed under, beside the kinds' (kind_events,
 * KindEvent): no kind can have this name (checkKind reserves it).
 */
export const NETWORK_SCOPE = 'network'

/** The Credits events an epoch's inputs are folded from. */
const CREDITS_EVENTS = ['CreditsDelegated', 'ReceiptsSettled', 'PriceSourceChanged'] as const
/** The Staking events the network's stake is folded from (networkStake.ts), and the slash orders it follows. */
const STAKING_EVENTS = ['DeviceBonded', 'DeviceUnbonded', 'Delegated', 'Undelegated', 'CommissionChanged', 'MinimumStakeSet', 'SlashProposed', 'SlashExecuted'] as const

const eventsOf = (abi: readonly unknown[], names: readonly string[]): AbiEvent[] =>
  names.map((name) => (abi as AbiEvent[]).find((item) => item.type === 'event' && item.name === name)!)

/**
 * The network's own contracts the follower indexes, as KindContracts of scope NETWORK_SCOPE: Credits
 * (its escrow delegations and settlements) and Staking (device stake, slash orders). A deployment
 * from before they existed has none.
 */
export function networkContractsToFollow(deployment: Deployment): KindContract[] {
  const followed: KindContract[] = []
  if (deployment.credits !== undefined) {
    followed.push({ kind: NETWORK_SCOPE, contract: 'Credits', address: getAddress(deployment.credits), events: eventsOf(creditsAbi, CREDITS_EVENTS) })
  }
  if (deployment.creditPrice !== undefined) {
    followed.push({ kind: NETWORK_SCOPE, contract: 'GovernedPrice', address: getAddress(deployment.creditPrice), events: eventsOf(governedPriceAbi, ['CreditPriceChanged']) })
  }
  if (deployment.staking !== undefined) {
    followed.push({ kind: NETWORK_SCOPE, contract: 'Staking', address: getAddress(deployment.staking), events: eventsOf(stakingAbi, STAKING_EVENTS) })
  }
  return followed
}

/** Whether `deployment` runs the Staking contract, so that devices' stake is an epoch input. */
export const runsStaking = (deployment: Deployment): boolean => deployment.staking !== undefined

/** Whether `deployment` runs the Credits contract, so that its epochs charge usage receipts. */
export const runsCredits = (deployment: Deployment): boolean => deployment.credits !== undefined

/** Credits delegated to each service key's escrow, in all, by the network events given (in chain order). */
export function delegatedCredits(events: readonly KindEvent[]): Map<Hex, bigint> {
  const delegated = new Map<Hex, bigint>()
  for (const event of events) {
    if (event.contract !== 'Credits' || event.eventName !== 'CreditsDelegated') continue
    const key = event.args.serviceKey!.toLowerCase() as Hex
    delegated.set(key, (delegated.get(key) ?? 0n) + BigInt(event.args.credits!))
  }
  return delegated
}

/**
 * Credits per whole token as the Credits contract's price source said at the end of `block`: while
 * the source is the network's GovernedPrice, the last price it set by then (its events, indexed with
 * the rest: no historical state needed, which a restarted devnet no longer has); for another source
 * governance switched to (a QuorumPrice, a Chainlink feed), its answer at that block, which needs an
 * archive node. Its staleness bound guards buying, not this: an epoch's revenue is valued at the price
 * in force at its end block, stale or not, which every oracle and replay reads the same.
 */
export async function creditPriceAt(
  client: PublicClient,
  deployment: Deployment,
  events: readonly KindEvent[],
  block: bigint,
  initialPrice: () => Promise<bigint> = () => initialCreditPrice(client, deployment),
): Promise<bigint> {
  let source = deployment.creditPrice.toLowerCase()
  let governed: bigint | undefined
  for (const event of events) {
    if (event.blockNumber > block) break
    if (event.contract === 'Credits' && event.eventName === 'PriceSourceChanged') source = event.args.next!.toLowerCase()
    else if (event.contract === 'GovernedPrice' && event.eventName === 'CreditPriceChanged') governed = BigInt(event.args.creditsPerToken!)
  }
  if (source === deployment.creditPrice.toLowerCase()) return governed ?? (await initialPrice())
  // An epoch that ended while the network was still being deployed is priced at the deployment's last block.
  const at = block < deployment.blockNumber ? deployment.blockNumber : block
  const [price] = await client.readContract({ address: source as Hex, abi: governedPriceAbi, functionName: 'creditsPerToken', blockNumber: at })
  return price
}

/**
 * The GovernedPrice's price at the deployment's last block: the price it was deployed with, set in
 * its constructor, before the blocks the follower indexes. A fixed fact of the deployment.
 */
async function initialCreditPrice(client: PublicClient, deployment: Deployment): Promise<bigint> {
  const [price] = await client.readContract({ address: deployment.creditPrice, abi: governedPriceAbi, functionName: 'creditsPerToken', blockNumber: deployment.blockNumber })
  return price
}

/**
 * A fact of the deployment read from the chain once and kept in the store under `key`: a devnet
 * restarted from its saved state keeps no historical state to read it from again (anvil answers
 * BlockOutOfRange), and such a fact never changes.
 */
async function storedDeploymentFact(db: Db, key: string, read: () => Promise<string>): Promise<string> {
  const { rows } = await db.query<{ value: string }>('select value from pinion_meta where key = $1', [key])
  if (rows[0] !== undefined) return rows[0].value
  const value = await read()
  await db.query('insert into pinion_meta (key, value) values ($1, $2) on conflict (key) do nothing', [key, value])
  return value
}

/** initialCreditPrice, kept in the store (storedDeploymentFact). */
export async function storedInitialCreditPrice(db: Db, client: PublicClient, deployment: Deployment): Promise<bigint> {
  return BigInt(await storedDeploymentFact(db, 'credits.initialCreditsPerToken', async () => (await initialCreditPrice(client, deployment)).toString()))
}

/**
 * The minimum stake of each of `kinds` Staking was deployed with (its constructor set them, before
 * the blocks the follower indexes; later changes are MinimumStakeSet events), none zero.
 */
export async function initialMinimumStakes(client: PublicClient, deployment: Deployment, kinds: readonly string[]): Promise<Map<string, bigint>> {
  const minimums = new Map<string, bigint>()
  for (const kind of [...kinds].sort()) {
    const amount = await client.readContract({ address: deployment.staking, abi: stakingAbi, functionName: 'minimumStakeOf', args: [kind], blockNumber: deployment.blockNumber })
    if (amount !== 0n) minimums.set(kind, amount)
  }
  return minimums
}

/** initialMinimumStakes, kept in the store (storedDeploymentFact). */
export async function storedInitialMinimumStakes(db: Db, client: PublicClient, deployment: Deployment, kinds: readonly string[]): Promise<Map<string, bigint>> {
  const read = async () => JSON.stringify(Object.fromEntries([...(await initialMinimumStakes(client, deployment, kinds))].map(([kind, amount]) => [kind, amount.toString()])))
  const stored = JSON.parse(await storedDeploymentFact(db, `staking.initialMinimums.${[...kinds].sort().join(',')}`, read)) as Record<string, string>
  return new Map(Object.entries(stored).map(([kind, amount]) => [kind, BigInt(amount)]))
}
