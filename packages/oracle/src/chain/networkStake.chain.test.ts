/**
 * The network's stake as the oracles fold it from Staking's events (chainFacts → networkStake),
 * against what the contract itself answers, on anvil: an operator's pool after a self-bond and a
 * delegation, the commission before and after a raise is due, a device's stake, and the minimum
 * stakes from the constructor and from governance.
 */
import { DEVNET_STAKING, devnetAccounts, pinionTokenAbi } from '@pinion/contracts'
import { kinds } from '@pinion/kinds'
import { type Address, toHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { chainFacts } from './chainFacts.ts'

const TOKEN = 10n ** 18n

describe('networkStake from the chain', () => {
  let net: Network
  beforeAll(async () => {
    // The network's first two users (anvil's accounts 5 and 6) get tokens at genesis.
    const users = devnetAccounts(7).slice(5)
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: users.map((u) => ({ holder: u.address, amount: 1_000n * TOKEN })) },
        staking: { ...DEVNET_STAKING, minimums: [{ kind: 'uptime', amount: 25n * TOKEN }] },
      },
    })
  })

  it('matches what Staking answers: the pool, each holder’s shares, the commission in force, device stake and minimums', async () => {
    const [operator, delegator] = net.accounts.users as [typeof net.accounts.admin, typeof net.accounts.admin]
    const staking = net.contracts.staking
    const approve = (account: typeof operator, amount: bigint) =>
      net.send(account, { address: net.deployment.token, abi: pinionTokenAbi, functionName: 'approve', args: [net.deployment.staking, amount] })
    await approve(operator, 200n * TOKEN)
    await net.send(operator, { ...staking, functionName: 'bondOperator', args: [100n * TOKEN] })
    await net.send(operator, { ...staking, functionName: 'setCommission', args: [1_000n] })
    const device = await net.registerDevice(operator.address, 'stake fold')
    await net.send(operator, { ...staking, functionName: 'bondDevice', args: [device, 60n * TOKEN] })
    await approve(delegator, 300n * TOKEN)
    await net.send(delegator, { ...staking, functionName: 'delegate', args: [operator.address, 300n * TOKEN] })
    await net.governance({ ...staking, functionName: 'setMinimumStake', args: ['wireless', 7n * TOKEN] })

    const schedule = { genesisTime: net.params.emissions.genesisTime, epochDuration: net.params.emissions.epochDuration }
    const facts = chainFacts(net.publicClient, net.deployment, schedule, new Map(['uptime', 'wireless'].map((name) => [name, kinds.get(name)!])))
    const at = async () => {
      const head = await net.publicClient.getBlock()
      return { block: head.number, ms: head.timestamp * 1000n, folded: await facts.stakeAt!(head.number, head.timestamp * 1000n) }
    }
    const now = await at()
    const pool = await staking.read.operatorStake([operator.address])
    const [delegatorShares] = await staking.read.delegationOf([operator.address, delegator.address])
    const key = operator.address.toLowerCase() as Address
    expect(now.folded.operators).toEqual(
      new Map([
        [
          key,
          {
            bonded: pool.tokens,
            totalShares: pool.shares,
            shares: new Map([
              [key, pool.selfShares],
              [delegator.address.toLowerCase() as Address, delegatorShares],
            ]),
            commissionBps: (await staking.read.commissionOf([operator.address])).current,
          },
        ],
      ]),
    )
    expect(now.folded.operators.get(key)!.commissionBps).toBe(0)
    expect(now.folded.devices).toEqual(new Map([[toHex(device, { size: 32 }), (await staking.read.deviceStake([device]))[0]]]))
    expect(now.folded.minimums).toEqual(
      new Map([
        ['uptime', 25n * TOKEN],
        ['wireless', 7n * TOKEN],
      ]),
    )
    // Once the raise is due, the fold reads it as the contract does.
    await net.travel(BigInt(DEVNET_STAKING.unbondingPeriodSeconds))
    const later = await at()
    expect(later.folded.operators.get(key)!.commissionBps).toBe((await staking.read.commissionOf([operator.address])).current)
    expect(later.folded.operators.get(key)!.commissionBps).toBe(1_000)
  })
})
