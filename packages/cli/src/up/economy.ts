import {
  type DeployParams,
  type Deployment,
  creditsAbi,
  deviceRegistryAbi,
  pinionTokenAbi,
  rewardSplitFactoryAbi,
  stakingAbi,
  waitForReceipt,
  withGasHeadroom,
} from '@pinion/contracts'
import type { EconomyRules } from '@pinion/oracle'
import { type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, keccak256, toBytes, toHex } from 'viem'
import type { NetworkConfig } from '../config/network.ts'

const TOKEN_UNIT = 10n ** 18n

/** The rules the oracles apply (revenue share, slashing), from the config's economy. */
export function economyRules(config: NetworkConfig): EconomyRules {
  const { revenue, slashing } = config.economy
  return {
    ...(revenue.mode === 'revenue-share' ? { revenueShare: { shareBps: revenue.shareBps, maxEmissionBps: revenue.maxEmissionBps } } : {}),
    ...(slashing.stakeBps > 0 ? { slashing: { stakeBps: slashing.stakeBps } } : {}),
  }
}

/**
 * The Credits contract's deploy parameters from the config's economy: its first price, the card
 * payments' cap and operators, and net emissions' cap — zero under a revenue share, so that
 * customers' spending is never paid to operators twice.
 */
export function creditsDeployParams(config: NetworkConfig, paymentOperators: readonly Address[]): NonNullable<DeployParams['credits']> {
  const { revenue, credits } = config.economy
  return {
    creditsPerToken: credits.creditsPerToken,
    paymentCapPerEpoch: credits.paymentCapPerEpoch,
    netEmissionCapPerEpoch: revenue.mode === 'net-emissions' ? revenue.capPerEpoch * TOKEN_UNIT : 0n,
    paymentOperators,
  }
}

/** Credits the devnet's payment operator mints for the customer's simulated card payment: $10 of service at $0.00001 a credit. */
export const DEVNET_CARD_PAYMENT_CREDITS = 1_000_000n
/** The simulated card payment's reference, as a payment processor would give it. */
const DEVNET_CARD_PAYMENT_REF = keccak256(toBytes('pinion/devnet/card-payment/1'))

/**
 * The devnet's traditional payment: the payment operator mints credits for the customer against one
 * card payment (once: a reference is recorded on chain and never minted against twice), within the
 * network's per-epoch cap. The kinds' devnets then delegate what the customer holds.
 */
export async function mintDevnetCardPayment(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  operator: WalletClient<Transport, Chain, Account>,
  customer: Address,
): Promise<boolean> {
  if (deployment.credits === undefined) return false
  const credits = { address: deployment.credits, abi: creditsAbi } as const
  if (await client.readContract({ ...credits, functionName: 'paymentRecorded', args: [DEVNET_CARD_PAYMENT_REF] })) return false
  const cap = await client.readContract({ ...credits, functionName: 'paymentCapPerEpoch' })
  if (cap < DEVNET_CARD_PAYMENT_CREDITS) return false
  const call = { ...credits, functionName: 'mintForPayment', args: [customer, DEVNET_CARD_PAYMENT_CREDITS, DEVNET_CARD_PAYMENT_REF] } as const
  // An epoch's first mint writes a new slot: the estimate gets headroom in case the next block is in another epoch.
  const gas = withGasHeadroom(await client.estimateContractGas({ ...call, account: operator.account }))
  const hash = await operator.writeContract({ ...call, gas })
  await waitForReceipt(client, hash)
  return true
}

/**
 * Whole tokens each simulated device's owner bonds for it in the Staking contract: what a slash
 * order takes from a device proven to cheat (with the network's default stakeBps, all of it). A
 * hundred tokens is several epochs of a devnet device's rewards, so cheating costs more than it earns.
 */
export const DEVNET_DEVICE_STAKE = 100n

/** Genesis tokens for the operators' device stake: DEVNET_DEVICE_STAKE for every device each owns, in base units. */
export function stakeGenesisAllocations(owners: readonly Address[]): { holder: Address; amount: bigint }[] {
  const counts = new Map<Address, bigint>()
  for (const owner of owners) counts.set(owner, (counts.get(owner) ?? 0n) + 1n)
  return [...counts].map(([holder, devices]) => ({ holder, amount: devices * DEVNET_DEVICE_STAKE * TOKEN_UNIT }))
}

/** Each device's owner bonds DEVNET_DEVICE_STAKE for it, unless something is bonded already (a setup cut short and run again). Returns how many it bonded. */
export async function bondDevnetStake(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  devices: readonly { deviceId: bigint; owner: WalletClient<Transport, Chain, Account> }[],
): Promise<number> {
  if (deployment.staking === undefined) return 0
  const staking = { address: deployment.staking, abi: stakingAbi } as const
  const amount = DEVNET_DEVICE_STAKE * TOKEN_UNIT
  let bonded = 0
  for (const { deviceId, owner } of devices) {
    const [held] = await client.readContract({ ...staking, functionName: 'deviceStake', args: [deviceId] })
    if (held > 0n) continue
    await waitForReceipt(client, await owner.writeContract({ address: deployment.token, abi: pinionTokenAbi, functionName: 'approve', args: [deployment.staking, amount] }))
    await waitForReceipt(client, await owner.writeContract({ ...staking, functionName: 'bondDevice', args: [deviceId, amount] }))
    bonded++
  }
  return bonded
}

/**
 * The devnet's operator pool: one operator self-bonds and a token holder delegates to it, and the
 * operator charges a commission. The oracles then pay the delegator its part of the operator's
 * devices' rewards (three quarters of what is left after the commission), in the same tree.
 */
export const DEVNET_POOL = { selfBond: 100n, delegation: 300n, commissionBps: 1_000 } as const

/** The devnet operator that runs the pool: the last one (the others are paid all their devices earn). */
export const poolOperatorOf = <operator>(operators: readonly operator[]): operator => operators.at(-1)!

/** Genesis tokens for the devnet's operator pool: the operator's self-bond and the delegation, in base units. */
export function poolGenesisAllocations(operator: Address, delegator: Address): { holder: Address; amount: bigint }[] {
  return [
    { holder: operator, amount: DEVNET_POOL.selfBond * TOKEN_UNIT },
    { holder: delegator, amount: DEVNET_POOL.delegation * TOKEN_UNIT },
  ]
}

/**
 * Sets up the devnet's operator pool (DEVNET_POOL): the operator announces its commission (a raise
 * from none, so it takes effect one unbonding period later, as delegators are promised) and bonds
 * its self-bond, and the delegator delegates. Once: an operator whose pool holds anything is left
 * as it is. Returns whether it set the pool up.
 */
export async function poolDevnetOperator(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  operator: WalletClient<Transport, Chain, Account>,
  delegator: WalletClient<Transport, Chain, Account>,
): Promise<boolean> {
  if (deployment.staking === undefined) return false
  const staking = { address: deployment.staking, abi: stakingAbi } as const
  const pool = await client.readContract({ ...staking, functionName: 'operatorStake', args: [operator.account.address] })
  if (pool.shares > 0n) return false
  const send = async (wallet: WalletClient<Transport, Chain, Account>, write: (w: WalletClient<Transport, Chain, Account>) => Promise<Hex>) =>
    waitForReceipt(client, await write(wallet))
  const approve = (amount: bigint) => (w: WalletClient<Transport, Chain, Account>) =>
    w.writeContract({ address: deployment.token, abi: pinionTokenAbi, functionName: 'approve', args: [deployment.staking, amount] })
  await send(operator, (w) => w.writeContract({ ...staking, functionName: 'setCommission', args: [BigInt(DEVNET_POOL.commissionBps)] }))
  await send(operator, approve(DEVNET_POOL.selfBond * TOKEN_UNIT))
  await send(operator, (w) => w.writeContract({ ...staking, functionName: 'bondOperator', args: [DEVNET_POOL.selfBond * TOKEN_UNIT] }))
  await send(delegator, approve(DEVNET_POOL.delegation * TOKEN_UNIT))
  await send(delegator, (w) => w.writeContract({ ...staking, functionName: 'delegate', args: [operator.account.address, DEVNET_POOL.delegation * TOKEN_UNIT] }))
  return true
}

/** The devnet's shared device: its owner keeps three quarters of its rewards and a co-owner (the next operator) a quarter. */
const DEVNET_SPLIT_SHARES = [3n, 1n] as const

/**
 * Fractional ownership on the devnet: the fleet's first device is shared. Its owner creates a
 * RewardSplit (through the network's factory) paying itself and `coOwner` DEVNET_SPLIT_SHARES, and
 * points the device's rewards at it (DeviceRegistry.setRecipient); from then on the device's rewards
 * accrue to the split, and its holders claim their part. Once: a device whose rewards already go
 * elsewhere than its owner is left as it is. Returns the split, or null when nothing was done.
 */
export async function shareDevnetDevice(
  client: PublicClient<Transport, Chain>,
  deployment: Deployment,
  device: { deviceId: bigint; owner: WalletClient<Transport, Chain, Account> },
  coOwner: Address,
): Promise<Address | null> {
  if (deployment.splitFactory === undefined) return null
  const owner = device.owner.account.address
  const registry = { address: deployment.registry, abi: deviceRegistryAbi } as const
  if ((await client.readContract({ ...registry, functionName: 'recipientOf', args: [device.deviceId] })).toLowerCase() !== owner.toLowerCase()) return null
  const factory = { address: deployment.splitFactory, abi: rewardSplitFactoryAbi } as const
  const terms = { payees: [owner, coOwner], shares: [...DEVNET_SPLIT_SHARES], salt: toHex(device.deviceId, { size: 32 }) } as const
  const split = await client.readContract({ ...factory, functionName: 'predictSplit', args: [terms.payees, terms.shares, terms.salt] })
  if (((await client.getCode({ address: split })) ?? '0x') === '0x') {
    await waitForReceipt(client, await device.owner.writeContract({ ...factory, functionName: 'createSplit', args: [terms.payees, terms.shares, terms.salt] }))
  }
  await waitForReceipt(client, await device.owner.writeContract({ ...registry, functionName: 'setRecipient', args: [device.deviceId, split] }))
  return split
}
