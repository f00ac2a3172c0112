import { type Hex, type BaseError, decodeErrorResult, isHex, keccak256, parseEventLogs, toHex, zeroHash } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { networkParamsAbi, networkParamsBytecode } from '../generated/artifacts.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { EPOCH_DURATION, type Network } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const hashOf = (text: string) => keccak256(toHex(text))
const DEFAULT_ADMIN_ROLE = zeroHash
const UPTIME = hashOf('uptime v1')
const POOLS = hashOf('pools v1')

describe('NetworkParams', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({
      registryAdmin: false,
      deploy: {
        params: [
          { name: 'kind/uptime', hash: UPTIME },
          { name: 'pools', hash: POOLS },
        ],
      },
    })
  })
  revertEachTest(() => net)

  const params = () => net.contracts.params
  const schedule = (name: string, hash: Hex, fromEpoch: bigint) => net.governance({ ...params(), functionName: 'schedule', args: [name, hash, fromEpoch] })
  const scheduleFails = (name: string, hash: Hex, fromEpoch: bigint) =>
    revertOf(net.sendAs(net.deployment.timelock, { ...params(), functionName: 'schedule', args: [name, hash, fromEpoch] }))

  it('holds the deploy-time parameters from epoch 0, under the names they were given', async () => {
    expect(await params().read.names()).toEqual(['kind/uptime', 'pools'])
    expect(await params().read.paramsAt(['kind/uptime', 0n])).toEqual([UPTIME, 0n])
    expect(await params().read.paramsAt(['pools', 10n ** 9n])).toEqual([POOLS, 0n])
    expect(await params().read.epochSchedule()).toEqual([net.params.emissions.genesisTime, EPOCH_DURATION])
  })

  it('reverts with NoParams(name) for a name without parameters', async () => {
    expect(await revertOf(params().read.paramsAt(['kind/storage', 0n]))).toEqual({ name: 'NoParams', args: ['kind/storage'] })
  })

  it('schedules a change for a later epoch: earlier epochs keep the parameters they were computed with', async () => {
    await net.travel(3n * EPOCH_DURATION)
    expect(await params().read.currentEpoch()).toBe(3n)
    const v2 = hashOf('uptime v2')
    const receipt = await schedule('kind/uptime', v2, 5n)
    expect(parseEventLogs({ abi: networkParamsAbi, logs: receipt.logs, eventName: 'ParamsScheduled' }).map((l) => l.args)).toEqual([
      { name: 'kind/uptime', hash: v2, fromEpoch: 5n },
    ])
    expect(await params().read.paramsAt(['kind/uptime', 4n])).toEqual([UPTIME, 0n])
    expect(await params().read.paramsAt(['kind/uptime', 5n])).toEqual([v2, 5n])
    expect(await params().read.paramsAt(['kind/uptime', 99n])).toEqual([v2, 5n])
    expect(await params().read.historyOf(['kind/uptime'])).toEqual([
      { hash: UPTIME, fromEpoch: 0n },
      { hash: v2, fromEpoch: 5n },
    ])
  })

  it('refuses an epoch that has begun (EpochNotInFuture) or one before the latest change (EpochBeforeLatest)', async () => {
    await net.travel(3n * EPOCH_DURATION)
    for (const epoch of [0n, 2n, 3n]) {
      expect(await scheduleFails('kind/uptime', hashOf('x'), epoch)).toEqual({ name: 'EpochNotInFuture', args: [epoch, 3n] })
    }
    // A new name cannot reach into the past either.
    expect(await scheduleFails('kind/storage', hashOf('x'), 0n)).toEqual({ name: 'EpochNotInFuture', args: [0n, 3n] })
    await schedule('kind/uptime', hashOf('v3'), 10n)
    expect(await scheduleFails('kind/uptime', hashOf('v2'), 6n)).toEqual({ name: 'EpochBeforeLatest', args: ['kind/uptime', 6n, 10n] })
  })

  it('replaces a change scheduled for the same epoch, which has not taken effect yet', async () => {
    await schedule('pools', hashOf('pools v2'), 4n)
    await schedule('pools', hashOf('pools v2, fixed'), 4n)
    expect(await params().read.historyOf(['pools'])).toEqual([
      { hash: POOLS, fromEpoch: 0n },
      { hash: hashOf('pools v2, fixed'), fromEpoch: 4n },
    ])
  })

  it('adds a new name from a later epoch', async () => {
    await schedule('kind/wireless', hashOf('wireless v1'), 2n)
    expect(await params().read.names()).toEqual(['kind/uptime', 'pools', 'kind/wireless'])
    expect(await revertOf(params().read.paramsAt(['kind/wireless', 1n]))).toEqual({ name: 'NoParams', args: ['kind/wireless'] })
    expect(await params().read.paramsAt(['kind/wireless', 2n])).toEqual([hashOf('wireless v1'), 2n])
    expect(await scheduleFails('', hashOf('x'), 9n)).toEqual({ name: 'InvalidName', args: [''] })
  })

  it('takes changes from governance alone: not the deploying account, not the guardian', async () => {
    for (const caller of [net.accounts.admin.address, net.accounts.guardian.address]) {
      expect(await revertOf(params().simulate.schedule(['pools', hashOf('x'), 9n], { account: caller }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [caller, DEFAULT_ADMIN_ROLE],
      })
    }
  })

  describe('constructor', () => {
    async function deployFails(epochDuration: bigint, initial: readonly { name: string; hash: Hex }[]) {
      try {
        const hash = await net.walletFor(net.accounts.admin).deployContract({
          abi: networkParamsAbi,
          bytecode: networkParamsBytecode,
          args: [net.accounts.admin.address, 0n, epochDuration, initial],
        })
        await waitForReceipt(net.publicClient, hash)
      } catch (error) {
        const carrier = (error as BaseError).walk((e) => isHex((e as { data?: unknown }).data)) as { data?: Hex } | null
        const decoded = decodeErrorResult({ abi: networkParamsAbi, data: carrier!.data! })
        return { name: decoded.errorName, args: decoded.args ?? [] }
      }
      throw new Error('expected the deployment to revert')
    }

    it('rejects a zero epoch duration, an empty name and a name given twice', async () => {
      expect(await deployFails(0n, [])).toEqual({ name: 'InvalidEpochDuration', args: [] })
      expect(await deployFails(60n, [{ name: '', hash: UPTIME }])).toEqual({ name: 'InvalidName', args: [''] })
      expect(
        await deployFails(60n, [
          { name: 'pools', hash: UPTIME },
          { name: 'pools', hash: POOLS },
        ]),
      ).toEqual({ name: 'InvalidName', args: ['pools'] })
    })
  })
})
