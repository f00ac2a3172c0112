/**
 * Fractional ownership's gas scenarios, snapshotted in gas-snapshots/RewardSplit.json and
 * DeviceShares.json. Payees, holders and amounts are fixed, so the numbers are too.
 */
import { type Address, getAddress, keccak256, parseEther, toHex, zeroHash } from 'viem'
import { deviceSharesAbi, deviceSharesFactoryAbi, rewardSplitAbi, rewardSplitFactoryAbi } from '../generated/artifacts.ts'
import { predictSplit } from '../sdk/ownership.ts'
import type { startNetwork } from '@pinion/testkit/localNetwork'
import { funded, gasOf } from './scenarios.ts'

type Network = Awaited<ReturnType<typeof startNetwork>>

/** `count` fixed payees, none of which holds tokens yet (each first payment fills a new balance slot). */
const payeesOf = (label: string, count: number): Address[] =>
  Array.from({ length: count }, (_, i) => getAddress(`0x${keccak256(toHex(`pinion-gas:payee:${label}:${i}`)).slice(-40)}`))

/**
 * Splits of 2 and 10 payees created through the factory (a clone and its initialisation); then one
 * payee paid alone, and the other nine paid by one releaseAll, each a first payment to its payee.
 */
export async function measureRewardSplit(net: Network): Promise<Record<string, number>> {
  const creator = await funded(net, 'split-creator')
  const funder = net.accounts.admin
  const factory = { address: net.deployment.splitFactory, abi: rewardSplitFactoryAbi } as const
  const gas: Record<string, number> = {}
  const create = (payees: Address[]) => {
    const shares = payees.map((_, i) => BigInt(i + 1))
    return net.send(creator, { ...factory, functionName: 'createSplit', args: [payees, shares, zeroHash] })
  }
  gas['createSplit: 2 payees'] = gasOf(await create(payeesOf('two', 2)))

  const ten = payeesOf('ten', 10)
  gas['createSplit: 10 payees'] = gasOf(await create(ten))
  const split = await predictSplit(net.publicClient, net.deployment.splitFactory, { payees: ten, shares: ten.map((_, i) => BigInt(i + 1)) })
  await net.send(funder, { ...net.contracts.token, functionName: 'transfer', args: [split, parseEther('5500')] })
  gas['release: one payee, its first payment'] = gasOf(await net.send(creator, { address: split, abi: rewardSplitAbi, functionName: 'release', args: [ten[0]!] }))
  gas['releaseAll: 10 payees, one already paid (9 first payments)'] = gasOf(await net.send(creator, { address: split, abi: rewardSplitAbi, functionName: 'releaseAll' }))
  await net.send(funder, { ...net.contracts.token, functionName: 'transfer', args: [split, parseEther('55')] })
  gas['releaseAll: 10 payees, each paid before'] = gasOf(await net.send(creator, { address: split, abi: rewardSplitAbi, functionName: 'releaseAll' }))
  return gas
}

/**
 * A device's shares created by its owner for two holders; after rewards arrive, a holder transfers
 * shares to a new holder (the sync and both checkpoints included), and claims.
 */
export async function measureDeviceShares(net: Network): Promise<Record<string, number>> {
  const owner = await funded(net, 'shares-owner')
  const holder = await funded(net, 'shares-holder')
  const newcomer = await funded(net, 'shares-newcomer')
  const deviceId = await net.registerDevice(owner.address, 'shared')
  const factory = { address: net.deployment.sharesFactory, abi: deviceSharesFactoryAbi } as const
  const gas: Record<string, number> = {}
  gas['createShares: 2 holders'] = gasOf(
    await net.send(owner, { ...factory, functionName: 'createShares', args: [deviceId, [owner.address, holder.address], [parseEther('60'), parseEther('40')]] }),
  )
  const shares = { address: await net.publicClient.readContract({ ...factory, functionName: 'sharesOf', args: [deviceId] }), abi: deviceSharesAbi } as const
  await net.send(net.accounts.admin, { ...net.contracts.token, functionName: 'transfer', args: [shares.address, parseEther('1000')] })
  gas['transfer: shares to a new holder, after rewards arrived (sync and two checkpoints)'] = gasOf(
    await net.send(holder, { ...shares, functionName: 'transfer', args: [newcomer.address, parseEther('10')] }),
  )
  await net.send(net.accounts.admin, { ...net.contracts.token, functionName: 'transfer', args: [shares.address, parseEther('1000')] })
  gas['transfer: shares between holders, after rewards arrived'] = gasOf(
    await net.send(holder, { ...shares, functionName: 'transfer', args: [newcomer.address, parseEther('10')] }),
  )
  await net.send(net.accounts.admin, { ...net.contracts.token, functionName: 'transfer', args: [shares.address, parseEther('1000')] })
  gas['claim: first claim of a holder, after rewards arrived (sync included)'] = gasOf(await net.send(owner, { ...shares, functionName: 'claim' }))
  return gas
}
