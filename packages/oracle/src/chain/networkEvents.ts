import { type Deployment, creditsAbi, governedPriceAbi, stakingAbi } from '@pinion/contracts'
import type { KindEvent } from '@pinion/kinds'
import { type AbiEvent, type Hex, type PublicClient, getAddress, toHex } from 'viem'
import type { KindContract } from './kindEvents.ts'

/**
 * The scope the network's own contracts' events are indexed under, beside the kinds' (kind_events,
 * KindEvent): no kind can have this name (checkKind reserves it).
 */
export const NETWORK_SCOPE = 'network'

/** The Credits events an epoch's inputs are folded from. */
const CREDITS_EVENTS = ['CreditsDelegated', 'ReceiptsSettled'] as const
/** The Staking events a device's stake is folded from: each carries the device's stake after it. */
const STAKING_EVENTS = ['DeviceBonded', 'DeviceUnbonded', 'SlashProposed', 'SlashExecuted'] as const
/** Staking's SubjectType of a device. */
const DEVICE_SUBJECT = '0'

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
  if (deployment.staking !== undefined) {
    followed.push({ kind: NETWORK_SCOPE, contract: 'Staking', address: getAddress(deployment.staking), events: eventsOf(stakingAbi, STAKING_EVENTS) })
  }
  return followed
}

/** Whether `deployment` runs the Staking contract, so that devices' stake is an epoch input. */
export const runsStaking = (deployment: Deployment): boolean => deployment.staking !== undefined

/**
 * Each device's bonded stake in the Staking contract after the network events given (in chain
 * order): every bond, unbond and executed slash of a device says what it holds after it, so the
 * last one counts. Keyed by lower-case bytes32 device id; devices that never bonded are absent.
 */
export function deviceStake(events: readonly KindEvent[]): Map<Hex, bigint> {
  const stake = new Map<Hex, bigint>()
  for (const event of events) {
    if (event.contract !== 'Staking') continue
    if (event.eventName === 'DeviceBonded' || event.eventName === 'DeviceUnbonded') {
      stake.set(toHex(BigInt(event.args.deviceId!), { size: 32 }), BigInt(event.args.total!))
    } else if (event.eventName === 'SlashExecuted' && event.args.subjectType === DEVICE_SUBJECT) {
      stake.set(event.args.subject!.toLowerCase() as Hex, BigInt(event.args.bonded!))
    }
  }
  return stake
}

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
 * Credits per whole token as the Credits contract's price source said at the end of `block`. Its
 * staleness bound guards buying, not this: an epoch's revenue is valued at the price in force at its
 * end block, stale or not, which every oracle and replay reads the same.
 */
export async function creditPriceAt(client: PublicClient, deployment: Deployment, block: bigint): Promise<bigint> {
  // An epoch that ended while the network was still being deployed (a devnet's first, short epochs)
  // is priced at the deployment's last block, the first at which Credits surely exists: as fixed
  // as the block itself, and such an epoch can have charged nothing anyway.
  const at = block < deployment.blockNumber ? deployment.blockNumber : block
  const source = await client.readContract({ address: deployment.credits, abi: creditsAbi, functionName: 'priceSource', blockNumber: at })
  const [price] = await client.readContract({ address: source, abi: governedPriceAbi, functionName: 'creditsPerToken', blockNumber: at })
  return price
}
