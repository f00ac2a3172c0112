/**
 * Staking without slashing: device stake (the device's current owner bonds and unbonds), operator
 * pools with delegation and commission, oracle stake, minimums and the governed settings, as deploy()
 * leaves them. Slashing is in slashing.chain.test.ts.
 */
import { BaseError, type Hex, decodeErrorResult, encodeDeployData, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi, stakingAbi, stakingBytecode } from '../generated/artifacts.ts'
import { type DeployParams, PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS, PRODUCTION_UNBONDING_PERIOD_SECONDS, deploy } from '../sdk/deploy.ts'
import { SubjectType, addressSubject, deviceSubject, sharesForAmount } from '../sdk/staking.ts'
import { revertEachTest } from '@pinion/testkit/chain'
import type { Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { DAY, GENESIS, TOKEN, alice, balanceOf, bob, buyer, eventsOf, oracleAccounts, owner, stakingNetwork, stakingOf, stranger, timestampOf } from './stakingFixture.ts'

const WEEK = 7n * DAY
const WIRELESS_MINIMUM = 50n * TOKEN

describe('Staking', () => {
  let net: Network
  let deviceId: bigint
  beforeAll(async () => {
    net = await stakingNetwork({ staking: { minimums: [{ kind: 'wireless', amount: WIRELESS_MINIMUM }] } })
    deviceId = await net.registerDevice(owner.address, 'staked device')
  })
  revertEachTest(() => net)

  const staking = () => stakingOf(net)
  const send = (account: typeof owner, functionName: string, args: readonly unknown[] = []) => net.send(account, { ...staking(), functionName, args })
  const read = <T>(functionName: string, args: readonly unknown[] = []) => net.publicClient.readContract({ ...staking(), functionName, args } as never) as Promise<T>
  const deviceStake = () => read<[bigint, bigint]>('deviceStake', [deviceId])
  const travelTo = async (timestamp: bigint) => {
    await net.testClient.setNextBlockTimestamp({ timestamp })
    await net.testClient.mine({ blocks: 1 })
  }

  describe('deployment', () => {
    it("is deployed by deploy() with the network's token, registry and oracle set; governance holds its role and is the treasury", async () => {
      const { staking: contract } = net.contracts
      expect(await contract.read.token()).toBe(net.deployment.token)
      expect(await contract.read.registry()).toBe(net.deployment.registry)
      expect(await contract.read.oracleSet()).toBe(net.deployment.distributor)
      expect(await contract.read.treasury()).toBe(net.deployment.timelock)
      expect(await contract.read.guardian()).toBe(net.accounts.guardian.address)
      expect(await contract.read.hasRole([`0x${'00'.repeat(32)}`, net.deployment.timelock])).toBe(true)
      expect(await contract.read.hasRole([`0x${'00'.repeat(32)}`, net.accounts.admin.address])).toBe(false)
      // Production settings unless the deployment names others: a week to unbond, two days to dispute.
      expect(await contract.read.unbondingPeriod()).toBe(BigInt(PRODUCTION_UNBONDING_PERIOD_SECONDS))
      expect(await contract.read.unbondingPeriod()).toBe(WEEK)
      expect(await contract.read.slashDisputeWindow()).toBe(BigInt(PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS))
      expect(await contract.read.burnSlashed()).toBe(false)
      expect(await contract.read.minimumStakeOf(['wireless'])).toBe(WIRELESS_MINIMUM)
      expect(await contract.read.minimumStakeOf(['storage'])).toBe(0n)
    })

    /** The custom error a Staking constructor with `args` reverts with. */
    const constructorError = async (args: Parameters<typeof encodeDeployData<typeof stakingAbi>>[0]['args']) => {
      const data = encodeDeployData({ abi: stakingAbi, bytecode: stakingBytecode, args } as never)
      const error = await net.publicClient.call({ account: net.accounts.admin.address, data }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BaseError)
      const reverted = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === 'string') as unknown as { data: Hex }
      const { errorName, args: values } = decodeErrorResult({ abi: stakingAbi, data: reverted.data })
      return { name: errorName, args: values ?? [] }
    }

    it('refuses constructor arguments it cannot work with, each with its own error', async () => {
      const { token, registry, distributor, timelock } = net.deployment
      const config = { treasury: timelock, unbondingPeriod: WEEK, slashDisputeWindow: 2n * DAY, burnSlashed: false }
      const args = (over: { contracts?: readonly [Hex, Hex, Hex]; config?: Partial<typeof config>; kinds?: string[]; amounts?: bigint[] }) =>
        [...(over.contracts ?? [token, registry, distributor]), timelock, zeroAddress, { ...config, ...over.config }, over.kinds ?? [], over.amounts ?? []] as never
      expect(await constructorError(args({ contracts: [stranger.address, registry, distributor] }))).toEqual({ name: 'NotAContract', args: [stranger.address] })
      expect(await constructorError(args({ contracts: [token, zeroAddress, distributor] }))).toEqual({ name: 'NotAContract', args: [zeroAddress] })
      expect(await constructorError(args({ contracts: [token, registry, stranger.address] }))).toEqual({ name: 'NotAContract', args: [stranger.address] })
      expect(await constructorError(args({ config: { treasury: zeroAddress } }))).toEqual({ name: 'InvalidTreasury', args: [zeroAddress] })
      expect(await constructorError(args({ config: { unbondingPeriod: 30n * DAY + 1n } }))).toEqual({ name: 'InvalidUnbondingPeriod', args: [30n * DAY + 1n, 30n * DAY] })
      expect(await constructorError(args({ config: { slashDisputeWindow: 31n * DAY } }))).toEqual({ name: 'InvalidSlashDisputeWindow', args: [31n * DAY, 30n * DAY] })
      expect(await constructorError(args({ kinds: ['wireless'], amounts: [] }))).toEqual({ name: 'MinimumsLengthMismatch', args: [1n, 0n] })
      expect(await constructorError(args({ kinds: [''], amounts: [1n] }))).toEqual({ name: 'InvalidKind', args: [''] })
    })

    it('deploy() refuses staking parameters the constructor would revert on, and says why', async () => {
      const wallet = net.walletFor(stranger)
      const attempt = (staking: NonNullable<DeployParams['staking']>) => deploy(wallet, { ...net.params, staking })
      await expect(attempt({ unbondingPeriodSeconds: 31 * 86_400 })).rejects.toThrow(
        'staking.unbondingPeriodSeconds is 2678400, expected a whole number of seconds from 0 to 2592000 (30 days)',
      )
      await expect(attempt({ slashDisputeWindowSeconds: 1.5 })).rejects.toThrow('staking.slashDisputeWindowSeconds is 1.5')
      await expect(attempt({ minimums: [{ kind: '', amount: 1n }] })).rejects.toThrow('staking minimum kind "" is 0 bytes, expected 1 to 32')
      await expect(attempt({ minimums: [{ kind: 'x'.repeat(33), amount: 1n }] })).rejects.toThrow('is 33 bytes, expected 1 to 32')
      const twice = { kind: 'storage', amount: 1n }
      await expect(attempt({ minimums: [twice, twice] })).rejects.toThrow('staking minimum kind "storage" is given twice')
      await expect(attempt({ minimums: [{ kind: 'storage', amount: -1n }] })).rejects.toThrow('staking minimum of "storage" is negative')
    })

    it('deploy() passes the staking parameters it is given: periods, burning, minimums', async () => {
      const deployment = await deploy(net.walletFor(stranger), {
        ...net.params,
        staking: { unbondingPeriodSeconds: 120, slashDisputeWindowSeconds: 30, burnSlashed: true, minimums: [{ kind: 'storage', amount: 7n }] },
      })
      const other = { address: deployment.staking, abi: stakingAbi } as const
      expect(deployment.staking).not.toBe(net.deployment.staking)
      expect(await net.publicClient.readContract({ ...other, functionName: 'unbondingPeriod' })).toBe(120n)
      expect(await net.publicClient.readContract({ ...other, functionName: 'slashDisputeWindow' })).toBe(30n)
      expect(await net.publicClient.readContract({ ...other, functionName: 'burnSlashed' })).toBe(true)
      expect(await net.publicClient.readContract({ ...other, functionName: 'minimumStakeOf', args: ['storage'] })).toBe(7n)
    })
  })

  describe('device stake', () => {
    it("pulls the tokens from the device's owner into the device's stake", async () => {
      const first = await send(owner, 'bondDevice', [deviceId, 100n * TOKEN])
      const second = await send(owner, 'bondDevice', [deviceId, 50n * TOKEN])
      expect(eventsOf(first)).toEqual([{ eventName: 'DeviceBonded', args: { deviceId, owner: owner.address, amount: 100n * TOKEN, total: 100n * TOKEN } }])
      expect(eventsOf(second)).toEqual([{ eventName: 'DeviceBonded', args: { deviceId, owner: owner.address, amount: 50n * TOKEN, total: 150n * TOKEN } }])
      expect(await deviceStake()).toEqual([150n * TOKEN, 0n])
      expect(await balanceOf(net, net.deployment.staking)).toBe(150n * TOKEN)
      expect(await balanceOf(net, owner.address)).toBe(GENESIS - 150n * TOKEN)
    })

    it("refuses anyone but the device's owner, a device that does not exist, and zero", async () => {
      expect(await revertOf(send(stranger, 'bondDevice', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, stranger.address] })
      expect(await revertOf(send(owner, 'bondDevice', [deviceId + 1n, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId + 1n, owner.address] })
      expect(await revertOf(send(owner, 'bondDevice', [deviceId, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
    })

    it('takes unbonded stake out at once and pays it after the unbonding period, not a second before', async () => {
      await send(owner, 'bondDevice', [deviceId, 100n * TOKEN])
      const unbonded = await send(owner, 'unbondDevice', [deviceId, 40n * TOKEN])
      const availableAt = (await timestampOf(net, unbonded)) + WEEK
      expect(eventsOf(unbonded)).toEqual([{ eventName: 'DeviceUnbonded', args: { deviceId, owner: owner.address, amount: 40n * TOKEN, total: 60n * TOKEN, availableAt } }])
      expect(await deviceStake()).toEqual([60n * TOKEN, 40n * TOKEN])
      expect(await read('unbondingsOf', [SubjectType.Device, deviceSubject(deviceId), owner.address])).toEqual([{ amount: 40n * TOKEN, availableAt }])
      const subject = deviceSubject(deviceId)
      expect(await revertOf(send(owner, 'withdraw', [SubjectType.Device, subject]))).toEqual({
        name: 'UnbondingNotFinished',
        args: [SubjectType.Device, subject, owner.address, availableAt],
      })

      await travelTo(availableAt - 1n)
      expect(await revertOf(send(owner, 'withdraw', [SubjectType.Device, subject]))).toMatchObject({ name: 'UnbondingNotFinished' })
      await net.testClient.setNextBlockTimestamp({ timestamp: availableAt })
      const withdrawn = await send(owner, 'withdraw', [SubjectType.Device, subject])
      expect(eventsOf(withdrawn)).toEqual([{ eventName: 'StakeWithdrawn', args: { subjectType: SubjectType.Device, subject, account: owner.address, amount: 40n * TOKEN } }])
      expect(await balanceOf(net, owner.address)).toBe(GENESIS - 60n * TOKEN)
      expect(await deviceStake()).toEqual([60n * TOKEN, 0n])
      expect(await read('unbondingsOf', [SubjectType.Device, subject, owner.address])).toEqual([])
      expect(await revertOf(send(owner, 'withdraw', [SubjectType.Device, subject]))).toEqual({ name: 'NothingToWithdraw', args: [SubjectType.Device, subject, owner.address] })
    })

    it('pays the matured unbondings oldest first, and keeps the rest', async () => {
      await send(owner, 'bondDevice', [deviceId, 100n * TOKEN])
      await send(owner, 'unbondDevice', [deviceId, 10n * TOKEN])
      await net.travel(3n * DAY)
      await send(owner, 'unbondDevice', [deviceId, 20n * TOKEN])
      await net.travel(4n * DAY)
      const subject = deviceSubject(deviceId)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ amount: 10n * TOKEN })
      expect(await deviceStake()).toEqual([70n * TOKEN, 20n * TOKEN])
      await net.travel(3n * DAY)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ amount: 20n * TOKEN })
      expect(await balanceOf(net, owner.address)).toBe(GENESIS - 70n * TOKEN)
    })

    it('refuses to unbond more than the bonded stake, zero, or for anyone but the owner', async () => {
      await send(owner, 'bondDevice', [deviceId, 5n * TOKEN])
      const subject = deviceSubject(deviceId)
      expect(await revertOf(send(owner, 'unbondDevice', [deviceId, 6n * TOKEN]))).toEqual({
        name: 'InsufficientStake',
        args: [SubjectType.Device, subject, 5n * TOKEN, 6n * TOKEN],
      })
      expect(await revertOf(send(owner, 'unbondDevice', [deviceId, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(send(stranger, 'unbondDevice', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, stranger.address] })
    })

    it('leaves the stake with a sold device: the buyer controls it, the seller keeps what it unbonded before', async () => {
      await send(owner, 'bondDevice', [deviceId, 100n * TOKEN])
      await send(owner, 'unbondDevice', [deviceId, 30n * TOKEN])
      await net.send(owner, { address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'transferFrom', args: [owner.address, buyer.address, deviceId] })
      expect(await revertOf(send(owner, 'unbondDevice', [deviceId, TOKEN]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, owner.address] })
      expect(eventsOf(await send(buyer, 'unbondDevice', [deviceId, 70n * TOKEN]))[0]!.args).toMatchObject({ owner: buyer.address, amount: 70n * TOKEN, total: 0n })

      await net.travel(WEEK)
      const subject = deviceSubject(deviceId)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ account: owner.address, amount: 30n * TOKEN })
      expect(eventsOf(await send(buyer, 'withdraw', [SubjectType.Device, subject]))[0]!.args).toMatchObject({ account: buyer.address, amount: 70n * TOKEN })
      expect(await balanceOf(net, buyer.address)).toBe(GENESIS + 70n * TOKEN)
      expect(await balanceOf(net, net.deployment.staking)).toBe(0n)
    })

    it('never lets a later unbonding mature before an earlier one, even when governance shortens the period', async () => {
      await send(owner, 'bondDevice', [deviceId, 100n * TOKEN])
      const first = eventsOf(await send(owner, 'unbondDevice', [deviceId, 10n * TOKEN]))[0]!.args.availableAt as bigint
      await net.governance({ ...staking(), functionName: 'setUnbondingPeriod', args: [DAY] })
      const second = eventsOf(await send(owner, 'unbondDevice', [deviceId, 10n * TOKEN]))[0]!.args.availableAt as bigint
      expect(second).toBe(first)
      // Another account's unbondings have a queue of their own: the shorter period applies at once.
      await net.send(owner, { address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'transferFrom', args: [owner.address, buyer.address, deviceId] })
      const buyers = eventsOf(await send(buyer, 'unbondDevice', [deviceId, 10n * TOKEN]))[0]!.args.availableAt as bigint
      expect(buyers).toBeLessThan(first)
    })
  })

  describe('operators and delegation', () => {
    const operator = bob
    const subject = addressSubject(operator.address)

    it("bonds the operator's own stake as shares of its pool, one for one at first", async () => {
      const receipt = await send(operator, 'bondOperator', [100n * TOKEN])
      expect(eventsOf(receipt)).toEqual([
        {
          eventName: 'Delegated',
          args: {
            operator: operator.address,
            delegator: operator.address,
            amount: 100n * TOKEN,
            shares: 100n * TOKEN,
            delegatorShares: 100n * TOKEN,
            totalTokens: 100n * TOKEN,
            totalShares: 100n * TOKEN,
          },
        },
      ])
      expect(await read('operatorStake', [operator.address])).toEqual({
        tokens: 100n * TOKEN,
        shares: 100n * TOKEN,
        selfShares: 100n * TOKEN,
        selfTokens: 100n * TOKEN,
        unbonding: 0n,
      })
    })

    it('takes delegations only for an operator with a self-bond, and never zero', async () => {
      expect(await revertOf(send(alice, 'delegate', [operator.address, TOKEN]))).toEqual({ name: 'NotAnOperator', args: [operator.address] })
      await send(operator, 'bondOperator', [100n * TOKEN])
      expect(await revertOf(send(alice, 'delegate', [operator.address, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(send(operator, 'bondOperator', [0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      const receipt = await send(alice, 'delegate', [operator.address, 300n * TOKEN])
      expect(eventsOf(receipt)[0]!.args).toEqual({
        operator: operator.address,
        delegator: alice.address,
        amount: 300n * TOKEN,
        shares: 300n * TOKEN,
        delegatorShares: 300n * TOKEN,
        totalTokens: 400n * TOKEN,
        totalShares: 400n * TOKEN,
      })
      expect(await read('delegationOf', [operator.address, alice.address])).toEqual([300n * TOKEN, 300n * TOKEN])
      expect(await balanceOf(net, net.deployment.staking)).toBe(400n * TOKEN)
      // An operator delegating to itself is bonding: delegate(self) needs no self-bond first.
      await send(buyer, 'delegate', [buyer.address, TOKEN])
      expect(await read('delegationOf', [buyer.address, buyer.address])).toEqual([TOKEN, TOKEN])
    })

    it('unbonds shares: their worth leaves the pool at once and is paid after the unbonding period', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await send(alice, 'delegate', [operator.address, 300n * TOKEN])
      const receipt = await send(alice, 'undelegate', [operator.address, 120n * TOKEN])
      const availableAt = (await timestampOf(net, receipt)) + WEEK
      expect(eventsOf(receipt)).toEqual([
        {
          eventName: 'Undelegated',
          args: {
            operator: operator.address,
            delegator: alice.address,
            shares: 120n * TOKEN,
            amount: 120n * TOKEN,
            delegatorShares: 180n * TOKEN,
            totalTokens: 280n * TOKEN,
            totalShares: 280n * TOKEN,
            availableAt,
          },
        },
      ])
      expect(await read('operatorStake', [operator.address])).toMatchObject({ tokens: 280n * TOKEN, unbonding: 120n * TOKEN })
      expect(await read('unbondingsOf', [SubjectType.Operator, subject, alice.address])).toEqual([{ amount: 120n * TOKEN, availableAt }])
      expect(await revertOf(send(alice, 'withdraw', [SubjectType.Operator, subject]))).toEqual({
        name: 'UnbondingNotFinished',
        args: [SubjectType.Operator, subject, alice.address, availableAt],
      })
      await net.travel(WEEK)
      expect(eventsOf(await send(alice, 'withdraw', [SubjectType.Operator, subject]))[0]!.args).toEqual({
        subjectType: SubjectType.Operator,
        subject,
        account: alice.address,
        amount: 120n * TOKEN,
      })
      expect(await balanceOf(net, alice.address)).toBe(GENESIS - 180n * TOKEN)
    })

    it("unbonds the operator's own stake with unbondOperator", async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      expect(eventsOf(await send(operator, 'unbondOperator', [100n * TOKEN]))[0]!.args).toMatchObject({ delegator: operator.address, amount: 100n * TOKEN, totalTokens: 0n })
      // Without a self-bond, nobody may delegate any more.
      expect(await revertOf(send(alice, 'delegate', [operator.address, TOKEN]))).toEqual({ name: 'NotAnOperator', args: [operator.address] })
      await net.travel(WEEK)
      expect(eventsOf(await send(operator, 'withdraw', [SubjectType.Operator, subject]))[0]!.args).toMatchObject({ amount: 100n * TOKEN })
    })

    it('refuses to unbond more shares than held, or zero', async () => {
      await send(operator, 'bondOperator', [100n * TOKEN])
      await send(alice, 'delegate', [operator.address, 10n * TOKEN])
      expect(await revertOf(send(alice, 'undelegate', [operator.address, 10n * TOKEN + 1n]))).toEqual({
        name: 'InsufficientShares',
        args: [operator.address, alice.address, 10n * TOKEN, 10n * TOKEN + 1n],
      })
      expect(await revertOf(send(stranger, 'undelegate', [operator.address, 1n]))).toEqual({ name: 'InsufficientShares', args: [operator.address, stranger.address, 0n, 1n] })
      expect(await revertOf(send(alice, 'undelegate', [operator.address, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
    })

    it('sharesForAmount (sdk) names the fewest shares worth an amount, capped at what is held', () => {
      const pool = { tokens: 90n, shares: 100n }
      expect(sharesForAmount(45n, pool, 100n)).toBe(50n)
      expect(sharesForAmount(46n, pool, 100n)).toBe(52n) // 51 shares are worth 45.9, rounded down to 45
      expect(sharesForAmount(1_000n, pool, 100n)).toBe(100n)
      expect(sharesForAmount(1n, { tokens: 0n, shares: 0n }, 0n)).toBe(0n)
    })
  })

  describe('commission', () => {
    const operator = bob

    it('applies a raise one unbonding period after it is announced, so that delegators can leave first', async () => {
      const receipt = await send(operator, 'setCommission', [500n])
      const effectiveAt = (await timestampOf(net, receipt)) + WEEK
      expect(eventsOf(receipt)).toEqual([{ eventName: 'CommissionChanged', args: { operator: operator.address, commissionBps: 500, effectiveAt } }])
      expect(await read('commissionOf', [operator.address])).toEqual({ current: 0, pending: 500, pendingAt: effectiveAt })
      await travelTo(effectiveAt - 1n)
      expect(await read('commissionOf', [operator.address])).toEqual({ current: 0, pending: 500, pendingAt: effectiveAt })
      await travelTo(effectiveAt)
      expect(await read('commissionOf', [operator.address])).toEqual({ current: 500, pending: 0, pendingAt: 0n })
    })

    it('applies a cut at once, replacing a raise not yet in effect', async () => {
      await send(operator, 'setCommission', [800n])
      await net.travel(WEEK)
      await send(operator, 'setCommission', [1_000n])
      const cut = await send(operator, 'setCommission', [300n])
      expect(eventsOf(cut)[0]!.args).toEqual({ operator: operator.address, commissionBps: 300, effectiveAt: await timestampOf(net, cut) })
      expect(await read('commissionOf', [operator.address])).toEqual({ current: 300, pending: 0, pendingAt: 0n })
    })

    it('refuses more than 100%', async () => {
      expect(await revertOf(send(operator, 'setCommission', [10_001n]))).toEqual({ name: 'InvalidCommission', args: [10_001n, 10_000n] })
      await send(operator, 'setCommission', [10_000n])
    })
  })

  describe('oracle stake', () => {
    const [oracle] = oracleAccounts
    const subject = addressSubject(oracle.address)

    it('bonds, unbonds and pays back after the unbonding period', async () => {
      expect(eventsOf(await send(oracle, 'bondOracle', [500n * TOKEN]))).toEqual([
        { eventName: 'OracleBonded', args: { oracle: oracle.address, amount: 500n * TOKEN, total: 500n * TOKEN } },
      ])
      const unbonded = await send(oracle, 'unbondOracle', [200n * TOKEN])
      const availableAt = (await timestampOf(net, unbonded)) + WEEK
      expect(eventsOf(unbonded)).toEqual([{ eventName: 'OracleUnbonded', args: { oracle: oracle.address, amount: 200n * TOKEN, total: 300n * TOKEN, availableAt } }])
      expect(await read('oracleStake', [oracle.address])).toEqual([300n * TOKEN, 200n * TOKEN])
      await net.travel(WEEK)
      expect(eventsOf(await send(oracle, 'withdraw', [SubjectType.Oracle, subject]))[0]!.args).toMatchObject({ account: oracle.address, amount: 200n * TOKEN })
      expect(await read('oracleStake', [oracle.address])).toEqual([300n * TOKEN, 0n])
    })

    it('refuses zero and more than the bonded stake', async () => {
      await send(oracle, 'bondOracle', [5n * TOKEN])
      expect(await revertOf(send(oracle, 'bondOracle', [0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(send(oracle, 'unbondOracle', [0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(send(oracle, 'unbondOracle', [6n * TOKEN]))).toEqual({ name: 'InsufficientStake', args: [SubjectType.Oracle, subject, 5n * TOKEN, 6n * TOKEN] })
    })
  })

  describe('governance and the guardian', () => {
    it('lets governance alone set minimum stakes, each with an event', async () => {
      const receipt = await net.governance({ ...staking(), functionName: 'setMinimumStake', args: ['storage', 25n * TOKEN] })
      expect(eventsOf(receipt)).toEqual([{ eventName: 'MinimumStakeSet', args: { kind: 'storage', amount: 25n * TOKEN } }])
      expect(await read('minimumStakeOf', ['storage'])).toBe(25n * TOKEN)
      expect(await revertOf(net.governance({ ...staking(), functionName: 'setMinimumStake', args: ['', 1n] }))).toEqual({ name: 'InvalidKind', args: [''] })
      expect(await revertOf(net.governance({ ...staking(), functionName: 'setMinimumStake', args: ['k'.repeat(33), 1n] }))).toEqual({ name: 'InvalidKind', args: ['k'.repeat(33)] })
      expect(await revertOf(send(owner, 'setMinimumStake', ['storage', 0n]))).toEqual({ name: 'AccessControlUnauthorizedAccount', args: [owner.address, `0x${'00'.repeat(32)}`] })
    })

    it('keeps the periods within their bounds, and the treasury an address', async () => {
      const max = 30n * DAY
      expect(await revertOf(net.governance({ ...staking(), functionName: 'setUnbondingPeriod', args: [max + 1n] }))).toEqual({
        name: 'InvalidUnbondingPeriod',
        args: [max + 1n, max],
      })
      expect(await revertOf(net.governance({ ...staking(), functionName: 'setSlashDisputeWindow', args: [max + 1n] }))).toEqual({
        name: 'InvalidSlashDisputeWindow',
        args: [max + 1n, max],
      })
      expect(await revertOf(net.governance({ ...staking(), functionName: 'setTreasury', args: [zeroAddress] }))).toEqual({ name: 'InvalidTreasury', args: [zeroAddress] })
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'setUnbondingPeriod', args: [max] }))).toEqual([
        { eventName: 'UnbondingPeriodChanged', args: { unbondingPeriod: max } },
      ])
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'setSlashDisputeWindow', args: [DAY] }))).toEqual([
        { eventName: 'SlashDisputeWindowChanged', args: { slashDisputeWindow: DAY } },
      ])
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'setTreasury', args: [alice.address] }))).toEqual([
        { eventName: 'TreasuryChanged', args: { treasury: alice.address } },
      ])
      expect(eventsOf(await net.governance({ ...staking(), functionName: 'setBurnSlashed', args: [true] }))).toEqual([
        { eventName: 'BurnSlashedChanged', args: { burnSlashed: true } },
      ])
      expect(await read('slashDisputeWindow')).toBe(DAY)
      expect(await read('treasury')).toBe(alice.address)
      for (const [functionName, args] of [
        ['setUnbondingPeriod', [DAY]],
        ['setSlashDisputeWindow', [DAY]],
        ['setTreasury', [stranger.address]],
        ['setBurnSlashed', [false]],
      ] as const) {
        expect(await revertOf(send(net.accounts.guardian, functionName, args))).toMatchObject({ name: 'AccessControlUnauthorizedAccount' })
      }
    })

    it('lets the guardian pause bonding, never unbonding or withdrawals', async () => {
      await send(owner, 'bondDevice', [deviceId, 10n * TOKEN])
      await send(owner, 'unbondDevice', [deviceId, 5n * TOKEN])
      expect(await revertOf(send(stranger, 'pause'))).toEqual({ name: 'NotGuardianOrGovernance', args: [stranger.address] })
      await send(net.accounts.guardian, 'pause')
      for (const [account, functionName, args] of [
        [owner, 'bondDevice', [deviceId, TOKEN]],
        [bob, 'bondOperator', [TOKEN]],
        [alice, 'delegate', [bob.address, TOKEN]],
        [oracleAccounts[0], 'bondOracle', [TOKEN]],
      ] as const) {
        expect(await revertOf(send(account, functionName, args))).toEqual({ name: 'EnforcedPause', args: [] })
      }
      await send(owner, 'unbondDevice', [deviceId, 5n * TOKEN])
      await net.travel(WEEK)
      expect(eventsOf(await send(owner, 'withdraw', [SubjectType.Device, deviceSubject(deviceId)]))[0]!.args).toMatchObject({ amount: 10n * TOKEN })
    })
  })
})
