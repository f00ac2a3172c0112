/** Staking's gas scenarios, snapshotted in gas-snapshots/Staking.json. */
import { type Account, keccak256, parseEther, parseSignature, serializeCompactSignature, signatureToCompactSignature, toHex } from 'viem'
import { stakingAbi } from '../generated/artifacts.ts'
import { SubjectType, deviceSubject, reasonCode, slashOrderTypedData } from '../sdk/staking.ts'
import { type RewardRoot, packOracleSignatures, rewardRootTypedData } from '../sdk/typedData.ts'
import { funded, gasOf } from './scenarios.ts'

type Network = Parameters<typeof funded>[0]

/**
 * Each of Staking's operations once, on a network with its production settings: a device's owner
 * bonds, adds, unbonds and withdraws after the period; an operator self-bonds, a delegator delegates
 * and unbonds; a 2-of-3 quorum's slash order against the device is proposed and executed after its
 * window; and an oracle's stake, bonded and unbonding, is taken on proof of equivocation.
 */
export async function measureStaking(net: Network): Promise<Record<string, number>> {
  const staking = { address: net.deployment.staking, abi: stakingAbi } as const
  const { token } = net.contracts
  const owner = net.accounts.admin // holds the genesis allocation
  const [oracleA, oracleB] = net.accounts.oracles as [Account, Account]
  const operator = await funded(net, 'staking-operator')
  const delegator = await funded(net, 'staking-delegator')
  const caller = await funded(net, 'staking-caller')
  for (const account of [operator, delegator, oracleA]) {
    await net.send(owner, { ...token, functionName: 'transfer', args: [account.address, parseEther('1000')] })
  }
  for (const account of [owner, operator, delegator, oracleA]) {
    await net.send(account, { ...token, functionName: 'approve', args: [staking.address, parseEther('1000')] })
  }
  const gas: Record<string, number> = {}
  const period = await net.publicClient.readContract({ ...staking, functionName: 'unbondingPeriod' })

  const deviceId = await net.registerDevice(owner.address, 'staking')
  gas['bondDevice: first stake of a device'] = gasOf(await net.send(owner, { ...staking, functionName: 'bondDevice', args: [deviceId, parseEther('100')] }))
  gas['bondDevice: adding to a stake'] = gasOf(await net.send(owner, { ...staking, functionName: 'bondDevice', args: [deviceId, parseEther('50')] }))
  gas['unbondDevice: first unbonding of the owner'] = gasOf(await net.send(owner, { ...staking, functionName: 'unbondDevice', args: [deviceId, parseEther('30')] }))
  await net.travel(period)
  gas['withdraw: one finished device unbonding'] = gasOf(await net.send(owner, { ...staking, functionName: 'withdraw', args: [SubjectType.Device, deviceSubject(deviceId)] }))

  gas['bondOperator: first self-bond'] = gasOf(await net.send(operator, { ...staking, functionName: 'bondOperator', args: [parseEther('100')] }))
  gas['delegate: first delegation to an operator'] = gasOf(await net.send(delegator, { ...staking, functionName: 'delegate', args: [operator.address, parseEther('300')] }))
  gas['undelegate: first unbonding of the delegator'] = gasOf(await net.send(delegator, { ...staking, functionName: 'undelegate', args: [operator.address, parseEther('100')] }))

  const order = {
    epoch: 1n,
    version: await net.contracts.distributor.read.oracleSetVersion(),
    subjectType: SubjectType.Device,
    subject: deviceSubject(deviceId),
    amount: parseEther('10'),
    reason: reasonCode('uptime.HEARTBEAT_REPLAY'),
    evidenceHash: keccak256(toHex('pinion-gas:evidence')),
  }
  const typedData = slashOrderTypedData(net.chain.id, staking.address, order)
  const signatures = packOracleSignatures(
    await Promise.all([oracleA, oracleB].map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) }))),
  )
  gas['proposeSlash: 2-of-3 oracle signatures'] = gasOf(await net.send(caller, { ...staking, functionName: 'proposeSlash', args: [order, signatures] }))
  const id = await net.publicClient.readContract({ ...staking, functionName: 'slashOrderId', args: [order.epoch, order.subjectType, order.subject] })
  await net.travel(await net.publicClient.readContract({ ...staking, functionName: 'slashDisputeWindow' }))
  gas['executeSlash: bonded device stake, to the treasury'] = gasOf(await net.send(caller, { ...staking, functionName: 'executeSlash', args: [id] }))

  await net.send(oracleA, { ...staking, functionName: 'bondOracle', args: [parseEther('100')] })
  await net.send(oracleA, { ...staking, functionName: 'unbondOracle', args: [parseEther('40')] })
  const root = (label: string): RewardRoot => ({
    epoch: 0n,
    version: order.version,
    root: keccak256(toHex(`pinion-gas:root:${label}`)),
    totalCumulative: 0n,
    inputsHash: keccak256(toHex('pinion-gas:inputs')),
    paramsHash: keccak256(toHex('pinion-gas:params')),
  })
  const compact = async (value: RewardRoot) =>
    serializeCompactSignature(signatureToCompactSignature(parseSignature(await oracleA.signTypedData!(rewardRootTypedData(net.chain.id, net.deployment.distributor, value)))))
  const [a, b] = [root('a'), root('b')]
  gas['slashOracleForEquivocation: bonded and unbonding stake'] = gasOf(
    await net.send(caller, { ...staking, functionName: 'slashOracleForEquivocation', args: [a, await compact(a), b, await compact(b)] }),
  )
  return gas
}
