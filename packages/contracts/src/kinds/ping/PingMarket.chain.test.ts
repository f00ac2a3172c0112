import { type Account, type Address, BaseError, type Hex, type TransactionReceipt, decodeErrorResult, encodeDeployData, parseEventLogs, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi } from '../../../generated/artifacts.ts'
import { kindArtifacts } from '../../../generated/kinds/index.ts'
import { devnetAccounts } from '../../../sdk/devnet.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'

const { abi: pingMarketAbi, bytecode: pingMarketBytecode } = kindArtifacts.ping.PingMarket
const TOKEN = 10n ** 18n
/** What the operator and the customer each hold from genesis. */
const GENESIS = 1_000n * TOKEN
const DAY = 86_400n

describe('PingMarket (the ping kind’s contract)', () => {
  let net: Network
  let operator: Account
  let buyer: Account
  let customer: Account
  let stranger: Account
  let market: { address: Address; abi: typeof pingMarketAbi }
  let deviceId: bigint

  beforeAll(async () => {
    // The network's users (localNetwork): genesis allocations name them before the network exists.
    const [first, second, third, fourth] = devnetAccounts(9).slice(5, 9)
    ;[operator, buyer, customer, stranger] = [first!, second!, third!, fourth!]
    net = await workerNetwork({
      deploy: {
        token: {
          name: 'Pinion',
          symbol: 'PIN',
          cap: TOKEN_CAP,
          genesisAllocations: [
            { holder: operator.address, amount: GENESIS },
            { holder: customer.address, amount: GENESIS },
          ],
        },
        kinds: ['ping'],
      },
    })
    market = { address: net.deployment.kinds.ping!.PingMarket!, abi: pingMarketAbi }
    deviceId = await net.registerDevice(operator.address, 'ping market device')
    for (const account of [operator, customer]) {
      await net.send(account, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
    }
  })
  revertEachTest(() => net)

  const read = <name extends 'stakeOf' | 'unbondingOf' | 'UNBONDING_DELAY' | 'token' | 'registry'>(functionName: name, args: readonly unknown[] = []) =>
    net.publicClient.readContract({ ...market, functionName, args } as never) as Promise<never>
  const call = (account: Account, functionName: 'bond' | 'unbond' | 'withdraw' | 'pay', args: readonly unknown[]) => net.send(account, { ...market, functionName, args })
  const eventsOf = (receipt: TransactionReceipt) => parseEventLogs({ abi: pingMarketAbi, logs: receipt.logs }).map((log) => ({ eventName: log.eventName, args: log.args }))
  const balanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const timestampOf = async (receipt: TransactionReceipt) => (await net.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp

  it('is deployed by deploy() for the kind, with the network’s token and registry', async () => {
    expect(await read('token')).toBe(net.deployment.token)
    expect(await read('registry')).toBe(net.deployment.registry)
    expect(await read('UNBONDING_DELAY')).toBe(7n * DAY)
  })

  it('refuses constructor arguments that are not contracts', async () => {
    for (const [args, offending] of [
      [[stranger.address, net.deployment.registry], stranger.address],
      [[net.deployment.token, zeroAddress], zeroAddress],
    ] as const) {
      const data = encodeDeployData({ abi: pingMarketAbi, bytecode: pingMarketBytecode, args })
      const error = await net.publicClient.call({ account: net.accounts.admin.address, data }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BaseError)
      const reverted = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === 'string') as unknown as { data: Hex }
      expect(decodeErrorResult({ abi: pingMarketAbi, data: reverted.data })).toMatchObject({ errorName: 'NotAContract', args: [offending] })
    }
  })

  describe('bond', () => {
    it('pulls the tokens from the device’s owner into its stake', async () => {
      const first = await call(operator, 'bond', [deviceId, 100n * TOKEN])
      const second = await call(operator, 'bond', [deviceId, 50n * TOKEN])
      expect(eventsOf(first)).toEqual([{ eventName: 'StakeBonded', args: { deviceId, operator: operator.address, amount: 100n * TOKEN, total: 100n * TOKEN } }])
      expect(eventsOf(second)).toEqual([{ eventName: 'StakeBonded', args: { deviceId, operator: operator.address, amount: 50n * TOKEN, total: 150n * TOKEN } }])
      expect(await read('stakeOf', [deviceId])).toBe(150n * TOKEN)
      expect(await balanceOf(market.address)).toBe(150n * TOKEN)
      expect(await balanceOf(operator.address)).toBe(GENESIS - 150n * TOKEN)
    })

    it('refuses anyone but the device’s owner, a device that does not exist, and zero', async () => {
      await net.send(stranger, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
      expect(await revertOf(call(stranger, 'bond', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, stranger.address] })
      expect(await revertOf(call(operator, 'bond', [deviceId + 1n, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId + 1n, operator.address] })
      expect(await revertOf(call(operator, 'bond', [deviceId, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
    })

    it('fails with the token’s error when the owner has not approved enough', async () => {
      await net.send(operator, { ...net.contracts.token, functionName: 'approve', args: [market.address, TOKEN] })
      expect(await revertOf(call(operator, 'bond', [deviceId, 2n * TOKEN]))).toEqual({ name: 'ERC20InsufficientAllowance', args: [market.address, TOKEN, 2n * TOKEN] })
    })
  })

  describe('unbond and withdraw', () => {
    it('takes the stake down at once and pays it to the operator after UNBONDING_DELAY', async () => {
      await call(operator, 'bond', [deviceId, 100n * TOKEN])
      const unbonded = await call(operator, 'unbond', [deviceId, 40n * TOKEN])
      const availableAt = (await timestampOf(unbonded)) + 7n * DAY
      expect(eventsOf(unbonded)).toEqual([{ eventName: 'StakeUnbonded', args: { deviceId, operator: operator.address, amount: 40n * TOKEN, total: 60n * TOKEN, availableAt } }])
      expect(await read('stakeOf', [deviceId])).toBe(60n * TOKEN)
      expect(await read('unbondingOf', [deviceId, operator.address])).toEqual([40n * TOKEN, 0n])
      expect(await revertOf(call(operator, 'withdraw', [deviceId]))).toEqual({ name: 'NothingToWithdraw', args: [deviceId, operator.address] })

      // One second early, still locked; at availableAt, withdrawable.
      await net.testClient.setNextBlockTimestamp({ timestamp: availableAt - 1n })
      await net.testClient.mine({ blocks: 1 })
      expect(await revertOf(call(operator, 'withdraw', [deviceId]))).toEqual({ name: 'NothingToWithdraw', args: [deviceId, operator.address] })
      await net.testClient.setNextBlockTimestamp({ timestamp: availableAt })
      const withdrawn = await call(operator, 'withdraw', [deviceId])
      expect(eventsOf(withdrawn)).toEqual([{ eventName: 'StakeWithdrawn', args: { deviceId, operator: operator.address, amount: 40n * TOKEN } }])
      expect(await balanceOf(operator.address)).toBe(GENESIS - 60n * TOKEN)
      expect(await balanceOf(market.address)).toBe(60n * TOKEN)
      expect(await read('unbondingOf', [deviceId, operator.address])).toEqual([0n, 0n])
      expect(await revertOf(call(operator, 'withdraw', [deviceId]))).toEqual({ name: 'NothingToWithdraw', args: [deviceId, operator.address] })
    })

    it('pays only the unbondings whose delay has passed, oldest first', async () => {
      await call(operator, 'bond', [deviceId, 100n * TOKEN])
      await call(operator, 'unbond', [deviceId, 10n * TOKEN])
      await net.travel(3n * DAY)
      await call(operator, 'unbond', [deviceId, 20n * TOKEN])
      await net.travel(4n * DAY)
      expect(await read('unbondingOf', [deviceId, operator.address])).toEqual([30n * TOKEN, 10n * TOKEN])
      expect(eventsOf(await call(operator, 'withdraw', [deviceId]))[0]!.args).toMatchObject({ amount: 10n * TOKEN })
      await net.travel(3n * DAY)
      expect(eventsOf(await call(operator, 'withdraw', [deviceId]))[0]!.args).toMatchObject({ amount: 20n * TOKEN })
      expect(await balanceOf(operator.address)).toBe(GENESIS - 70n * TOKEN)
    })

    it('refuses more than the stake, zero, and anyone but the owner', async () => {
      await call(operator, 'bond', [deviceId, 5n * TOKEN])
      expect(await revertOf(call(operator, 'unbond', [deviceId, 6n * TOKEN]))).toEqual({ name: 'InsufficientStake', args: [deviceId, 5n * TOKEN, 6n * TOKEN] })
      expect(await revertOf(call(operator, 'unbond', [deviceId, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(stranger, 'unbond', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, stranger.address] })
    })

    it('leaves the stake with a sold device: the buyer controls it, the seller keeps what it unbonded before', async () => {
      await call(operator, 'bond', [deviceId, 100n * TOKEN])
      await call(operator, 'unbond', [deviceId, 30n * TOKEN])
      await net.send(operator, { address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'transferFrom', args: [operator.address, buyer.address, deviceId] })

      expect(await revertOf(call(operator, 'unbond', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, operator.address] })
      const unbonded = await call(buyer, 'unbond', [deviceId, 70n * TOKEN])
      expect(eventsOf(unbonded)[0]!.args).toMatchObject({ operator: buyer.address, amount: 70n * TOKEN, total: 0n })

      await net.travel(7n * DAY)
      expect(eventsOf(await call(operator, 'withdraw', [deviceId]))[0]!.args).toEqual({ deviceId, operator: operator.address, amount: 30n * TOKEN })
      expect(eventsOf(await call(buyer, 'withdraw', [deviceId]))[0]!.args).toEqual({ deviceId, operator: buyer.address, amount: 70n * TOKEN })
      expect(await balanceOf(buyer.address)).toBe(70n * TOKEN)
      expect(await balanceOf(market.address)).toBe(0n)
    })
  })

  describe('pay', () => {
    it('burns what the customer pays: revenue never sits in the contract', async () => {
      const supply = await net.contracts.token.read.totalSupply()
      const paid = await call(customer, 'pay', [deviceId, 25n * TOKEN])
      expect(eventsOf(paid)).toEqual([{ eventName: 'ServicePaid', args: { deviceId, customer: customer.address, amount: 25n * TOKEN } }])
      expect(await balanceOf(customer.address)).toBe(GENESIS - 25n * TOKEN)
      expect(await balanceOf(market.address)).toBe(0n)
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 25n * TOKEN)
    })

    it('refuses zero, a device that does not exist or is suspended, and a customer who has not approved it', async () => {
      expect(await revertOf(call(customer, 'pay', [deviceId, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(customer, 'pay', [deviceId + 1n, TOKEN]))).toEqual({ name: 'DeviceNotActive', args: [deviceId + 1n] })
      await net.governance({ address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'setSuspended', args: [deviceId, true] })
      expect(await revertOf(call(customer, 'pay', [deviceId, TOKEN]))).toEqual({ name: 'DeviceNotActive', args: [deviceId] })
      await net.governance({ address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'setSuspended', args: [deviceId, false] })
      await net.send(customer, { ...net.contracts.token, functionName: 'approve', args: [market.address, 0n] })
      expect(await revertOf(call(customer, 'pay', [deviceId, TOKEN]))).toEqual({ name: 'ERC20InsufficientAllowance', args: [market.address, 0n, TOKEN] })
    })
  })
})
