/**
 * RewardSplit and its factory: minimal clones with fixed payees, paid pro rata to their shares of
 * everything the split ever received, rounding toward zero with the dust left for later releases.
 */
import { RewardTree } from '@pinion/protocol'
import {
  type Account,
  type Address,
  type Hex,
  type TransactionReceipt,
  concatHex,
  encodeDeployData,
  getAddress,
  getContract,
  getContractAddress,
  parseEventLogs,
  zeroAddress,
  zeroHash,
} from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { rewardSplitAbi, rewardSplitFactoryAbi, rewardSplitFactoryBytecode } from '../generated/artifacts.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { MAX_SPLIT_TOTAL_SHARES, predictSplit, readSplit, splitAddress } from '../sdk/ownership.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { deployFails } from './ownershipFixtures.ts'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
/** What the funder holds from genesis, to pay splits directly. */
const GENESIS = 100_000n * TOKEN
/** An address no anvil key controls. */
const payeeAt = (n: number) => getAddress(`0x${(0x5b11700000n + BigInt(n)).toString(16).padStart(40, '0')}`)

describe('RewardSplit', () => {
  let net: Network
  let funder: Account
  let caller: Account
  beforeAll(async () => {
    // users[0] of the local network: genesis allocations name it before the network exists.
    funder = devnetAccounts(6)[5]!
    net = await workerNetwork({
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: funder.address, amount: GENESIS }] } },
    })
    caller = net.accounts.users[1]!
  })
  revertEachTest(() => net)

  const factory = () => getContract({ address: net.deployment.splitFactory, abi: rewardSplitFactoryAbi, client: net.publicClient })
  const splitAt = (address: Address) => getContract({ address, abi: rewardSplitAbi, client: net.publicClient })
  const balanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const fund = (to: Address, amount: bigint) => net.send(funder, { ...net.contracts.token, functionName: 'transfer', args: [to, amount] })
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: [...rewardSplitAbi, ...rewardSplitFactoryAbi], logs: receipt.logs }).map((log) => ({ eventName: log.eventName, args: log.args }))

  const createCall = (payees: readonly Address[], shares: readonly bigint[], salt: Hex = zeroHash) =>
    ({ address: net.deployment.splitFactory, abi: rewardSplitFactoryAbi, functionName: 'createSplit', args: [[...payees], [...shares], salt] }) as const
  const create = async (payees: readonly Address[], shares: readonly bigint[], salt: Hex = zeroHash) => {
    const receipt = await net.send(caller, createCall(payees, shares, salt))
    return { receipt, split: await predictSplit(net.publicClient, net.deployment.splitFactory, { payees, shares, salt }) }
  }
  const createFails = (payees: readonly Address[], shares: readonly bigint[], salt: Hex = zeroHash) => revertOf(net.send(caller, createCall(payees, shares, salt)))
  const call = (split: Address, functionName: 'initialize' | 'release' | 'releaseAll' | 'claimAndRelease', args: readonly unknown[] = []) =>
    net.send(caller, { address: split, abi: rewardSplitAbi, functionName, args })

  describe('the factory', () => {
    it('is deployed by deploy() with an implementation that shares the network’s token and distributor, and that nobody can initialise', async () => {
      const implementation = await factory().read.implementation()
      expect(await splitAt(implementation).read.token()).toBe(net.deployment.token)
      expect(await splitAt(implementation).read.distributor()).toBe(net.deployment.distributor)
      expect(await splitAt(implementation).read.MAX_PAYEES()).toBe(100n)
      expect(await revertOf(net.send(caller, { address: implementation, abi: rewardSplitAbi, functionName: 'initialize', args: [[caller.address], [1n]] }))).toEqual({
        name: 'InvalidInitialization',
        args: [],
      })
    })

    it('creates a split at the address it predicts (and the SDK computes offline), which commits to the payees and shares', async () => {
      const payees = [payeeAt(1), payeeAt(2)]
      const predicted = await factory().read.predictSplit([payees, [1n, 3n], zeroHash])
      expect(splitAddress(net.deployment.splitFactory, { payees, shares: [1n, 3n] })).toBe(predicted)
      expect(splitAddress(net.deployment.splitFactory, { payees, shares: [1n, 3n] }, await factory().read.implementation())).toBe(predicted)
      expect(await net.publicClient.getCode({ address: predicted })).toBeUndefined()

      const { receipt, split } = await create(payees, [1n, 3n])
      expect(split).toBe(predicted)
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'SplitInitialized', args: { payees, shares: [1n, 3n] } },
        { eventName: 'Initialized', args: { version: 1n } },
        { eventName: 'SplitCreated', args: { split, creator: caller.address, payees, shares: [1n, 3n], salt: zeroHash } },
      ])
      expect(await splitAt(split).read.payees()).toEqual(payees)
      expect(await splitAt(split).read.sharesOf([payees[1]!])).toBe(3n)
      expect(await splitAt(split).read.sharesOf([caller.address])).toBe(0n)
      expect(await splitAt(split).read.totalShares()).toBe(4n)
      expect(await splitAt(split).read.token()).toBe(net.deployment.token)

      // Other shares, another order or another salt: another address.
      const others = [
        await factory().read.predictSplit([payees, [3n, 1n], zeroHash]),
        await factory().read.predictSplit([[payees[1]!, payees[0]!], [3n, 1n], zeroHash]),
        await factory().read.predictSplit([payees, [1n, 3n], word(1)]),
      ]
      expect(new Set([split, ...others]).size).toBe(4)
    })

    it('refuses to create the same split twice, whoever asks (SplitExists), and a clone cannot be initialised again', async () => {
      const { split } = await create([payeeAt(1), payeeAt(2)], [1n, 1n])
      expect(await createFails([payeeAt(1), payeeAt(2)], [1n, 1n])).toEqual({ name: 'SplitExists', args: [split] })
      expect(await revertOf(net.send(net.accounts.users[2]!, createCall([payeeAt(1), payeeAt(2)], [1n, 1n])))).toEqual({ name: 'SplitExists', args: [split] })
      expect(await revertOf(call(split, 'initialize', [[caller.address], [1n]]))).toEqual({ name: 'InvalidInitialization', args: [] })
    })

    it('refuses constructor arguments that are not contracts', async () => {
      for (const [args, offending] of [
        [[caller.address, net.deployment.distributor], caller.address],
        [[net.deployment.token, zeroAddress], zeroAddress],
      ] as const) {
        const data = encodeDeployData({ abi: rewardSplitFactoryAbi, bytecode: rewardSplitFactoryBytecode, args })
        expect(await deployFails(net, data)).toEqual({ name: 'NotAContract', args: [offending] })
      }
    })
  })

  describe('initialisation', () => {
    it('refuses no payees, more than MAX_PAYEES, and shares that do not match the payees', async () => {
      expect(await createFails([], [])).toEqual({ name: 'NoPayees', args: [] })
      const many = Array.from({ length: 101 }, (_, i) => payeeAt(i + 1))
      expect(
        await createFails(
          many,
          many.map(() => 1n),
        ),
      ).toEqual({ name: 'TooManyPayees', args: [101n, 100n] })
      expect(await createFails([payeeAt(1), payeeAt(2)], [1n])).toEqual({ name: 'LengthMismatch', args: [2n, 1n] })
      // Exactly MAX_PAYEES is fine.
      const { split } = await create(
        many.slice(0, 100),
        many.slice(0, 100).map(() => 1n),
      )
      expect(await splitAt(split).read.totalShares()).toBe(100n)
    })

    it('refuses the zero address, zero shares, a payee given twice, and more than MAX_TOTAL_SHARES', async () => {
      expect(await createFails([payeeAt(1), zeroAddress], [1n, 1n])).toEqual({ name: 'InvalidPayee', args: [zeroAddress] })
      expect(await createFails([payeeAt(1), payeeAt(2)], [1n, 0n])).toEqual({ name: 'ZeroShares', args: [payeeAt(2)] })
      expect(await createFails([payeeAt(1), payeeAt(2), payeeAt(1)], [1n, 2n, 3n])).toEqual({ name: 'DuplicatePayee', args: [payeeAt(1)] })
      expect(await createFails([payeeAt(1)], [MAX_SPLIT_TOTAL_SHARES + 1n])).toEqual({ name: 'TooManyShares', args: [MAX_SPLIT_TOTAL_SHARES + 1n, MAX_SPLIT_TOTAL_SHARES] })
      expect(await createFails([payeeAt(1)], [2n ** 255n])).toEqual({ name: 'TooManyShares', args: [2n ** 255n, MAX_SPLIT_TOTAL_SHARES] })
      expect(await createFails([payeeAt(1), payeeAt(2)], [MAX_SPLIT_TOTAL_SHARES, 1n])).toEqual({
        name: 'TooManyShares',
        args: [MAX_SPLIT_TOTAL_SHARES + 1n, MAX_SPLIT_TOTAL_SHARES],
      })
      const { split } = await create([payeeAt(1), payeeAt(2)], [MAX_SPLIT_TOTAL_SHARES - 1n, 1n])
      expect(await splitAt(split).read.totalShares()).toBe(MAX_SPLIT_TOTAL_SHARES)
    })

    it('refuses the split itself as a payee (it would count its own payments as received), in a clone made outside the factory', async () => {
      // The factory's address commits to the payees, so no split it makes can name itself; a clone
      // anyone creates with CREATE has an address known beforehand.
      const implementation = await factory().read.implementation()
      const clone = getContractAddress({ from: caller.address, nonce: BigInt(await net.publicClient.getTransactionCount({ address: caller.address })) })
      const hash = await net.walletFor(caller).sendTransaction({
        data: concatHex(['0x3d602d80600a3d3981f3363d3d373d3d3d363d73', implementation, '0x5af43d82803e903d91602b57fd5bf3']),
      })
      expect((await waitForReceipt(net.publicClient, hash)).contractAddress).toBe(clone.toLowerCase())
      expect(
        await revertOf(
          call(clone, 'initialize', [
            [payeeAt(1), clone],
            [1n, 1n],
          ]),
        ),
      ).toEqual({ name: 'InvalidPayee', args: [clone] })
    })
  })

  describe('release', () => {
    it('pays each payee its shares of everything received, rounding toward zero; the dust is paid by later releases', async () => {
      const [a, b, c] = [payeeAt(1), payeeAt(2), payeeAt(3)]
      const { split } = await create([a, b, c], [1n, 2n, 3n])
      await fund(split, 600n)
      expect(await splitAt(split).read.releasable([b])).toBe(200n)
      const released = await call(split, 'release', [b])
      expect(eventsOf(released)).toEqual([{ eventName: 'PaymentReleased', args: { payee: b, amount: 200n } }])
      expect(await balanceOf(b)).toBe(200n)
      expect(await splitAt(split).read.releasable([b])).toBe(0n)
      expect(await revertOf(call(split, 'release', [b]))).toEqual({ name: 'NothingDue', args: [b] })

      // 5 more: received 605. a: floor(605/6) = 100, c: floor(605*3/6) = 302, b: floor(605*2/6) - 200 = 1.
      await fund(split, 5n)
      await call(split, 'release', [a])
      await call(split, 'release', [c])
      await call(split, 'release', [b])
      expect([await balanceOf(a), await balanceOf(b), await balanceOf(c)]).toEqual([100n, 201n, 302n])
      // Two units of dust stay, paid once more arrives: received 606 gives everyone its exact part.
      expect(await balanceOf(split)).toBe(2n)
      await fund(split, 1n)
      for (const payee of [a, b, c]) await call(split, 'release', [payee])
      expect([await balanceOf(a), await balanceOf(b), await balanceOf(c), await balanceOf(split)]).toEqual([101n, 202n, 303n, 0n])
      expect(await splitAt(split).read.totalReleased()).toBe(606n)
      expect(await splitAt(split).read.totalReceived()).toBe(606n)
      expect(await splitAt(split).read.released([c])).toBe(303n)
    })

    it('refuses an address that is not a payee, and a payee due nothing', async () => {
      const { split } = await create([payeeAt(1), payeeAt(2)], [1n, 1n])
      expect(await revertOf(call(split, 'release', [caller.address]))).toEqual({ name: 'NotPayee', args: [caller.address] })
      expect(await revertOf(call(split, 'release', [payeeAt(1)]))).toEqual({ name: 'NothingDue', args: [payeeAt(1)] })
      await fund(split, 1n)
      // One unit between two equal payees: each is due floor(1/2) = 0.
      expect(await revertOf(call(split, 'release', [payeeAt(1)]))).toEqual({ name: 'NothingDue', args: [payeeAt(1)] })
    })

    it('releaseAll pays every payee due something in one transaction, and refuses when nobody is due anything', async () => {
      const payees = Array.from({ length: 10 }, (_, i) => payeeAt(i + 1))
      const { split } = await create(
        payees,
        payees.map((_, i) => BigInt(i + 1)),
      )
      expect(await revertOf(call(split, 'releaseAll'))).toEqual({ name: 'NothingToRelease', args: [] })
      await fund(split, 55n * TOKEN)
      await call(split, 'release', [payees[9]!])
      const receipt = await call(split, 'releaseAll')
      expect(eventsOf(receipt)).toEqual(payees.slice(0, 9).map((payee, i) => ({ eventName: 'PaymentReleased', args: { payee, amount: BigInt(i + 1) * TOKEN } })))
      for (const [i, payee] of payees.entries()) expect(await balanceOf(payee)).toBe(BigInt(i + 1) * TOKEN)
      expect(await revertOf(call(split, 'releaseAll'))).toEqual({ name: 'NothingToRelease', args: [] })
    })

    it('pays tokens that reached its address before it was created', async () => {
      const payees = [payeeAt(1), payeeAt(2)]
      const predicted = splitAddress(net.deployment.splitFactory, { payees, shares: [1n, 1n] })
      await fund(predicted, 10n * TOKEN)
      const { split } = await create(payees, [1n, 1n])
      expect(split).toBe(predicted)
      await call(split, 'releaseAll')
      expect([await balanceOf(payees[0]!), await balanceOf(payees[1]!)]).toEqual([5n * TOKEN, 5n * TOKEN])
    })

    it('never pays out more than it received, over a seeded run of arrivals and releases', async () => {
      const payees = Array.from({ length: 7 }, (_, i) => payeeAt(i + 1))
      const shares = [3n, 7n, 11n, 13n, 17n, 19n, 23n]
      const { split } = await create(payees, shares)
      let state = 0x5b117
      const next = (n: number) => {
        state = (state * 1_103_515_245 + 12_345) % 2 ** 31
        return state % n
      }
      const anyDue = async () => (await Promise.all(payees.map((payee) => splitAt(split).read.releasable([payee])))).some((due) => due > 0n)
      let arrived = 0n
      for (let step = 0; step < 40; step++) {
        if (next(3) === 0) {
          const amount = BigInt(next(1_000_000) + 1)
          await fund(split, amount)
          arrived += amount
        } else if (next(2) === 0) {
          const payee = payees[next(payees.length)]!
          if ((await splitAt(split).read.releasable([payee])) > 0n) await call(split, 'release', [payee])
        } else if (await anyDue()) {
          await call(split, 'releaseAll')
        }
        const paid = (await Promise.all(payees.map(balanceOf))).reduce((x, y) => x + y, 0n)
        expect(paid + (await balanceOf(split))).toBe(arrived)
        // Every payee got at most its exact part, and less than one unit below it once released.
        for (const [i, payee] of payees.entries()) expect((await balanceOf(payee)) * 93n).toBeLessThanOrEqual(arrived * shares[i]!)
      }
      if (await anyDue()) await call(split, 'releaseAll')
      for (const [i, payee] of payees.entries()) expect(arrived * shares[i]! - (await balanceOf(payee)) * 93n).toBeLessThan(93n)
    })
  })

  describe('claimAndRelease', () => {
    it('claims the split’s rewards from the distributor and pays every payee in one transaction', async () => {
      const payees = [payeeAt(1), payeeAt(2), payeeAt(3)]
      const { split } = await create(payees, [2n, 1n, 1n])
      await net.releaseEpochs(1n)
      const tree = RewardTree.build([
        { recipient: split, cumulativeAmount: 400n * TOKEN },
        { recipient: caller.address, cumulativeAmount: 1n * TOKEN },
      ])
      await net.publishRoot({ epoch: 0n, root: tree.root, totalCumulative: 401n * TOKEN, inputsHash: word(1), paramsHash: word(2) })
      const proof = tree.proof(tree.indexOf(split)!)
      const receipt = await call(split, 'claimAndRelease', [400n * TOKEN, proof])
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: split, amount: 400n * TOKEN }])
      expect(eventsOf(receipt).filter((e) => e.eventName === 'PaymentReleased')).toHaveLength(3)
      expect([await balanceOf(payees[0]!), await balanceOf(payees[1]!), await balanceOf(payees[2]!)]).toEqual([200n * TOKEN, 100n * TOKEN, 100n * TOKEN])
      // Claimed already: nothing new to release.
      expect(await revertOf(call(split, 'claimAndRelease', [400n * TOKEN, proof]))).toEqual({ name: 'NothingToRelease', args: [] })
      expect(await revertOf(call(split, 'claimAndRelease', [500n * TOKEN, proof]))).toEqual({ name: 'InvalidProof', args: [split, 500n * TOKEN] })
      expect(await readSplit(net.publicClient, split)).toEqual({
        address: split,
        token: net.deployment.token,
        totalShares: 4n,
        totalReceived: 400n * TOKEN,
        totalReleased: 400n * TOKEN,
        payees: [
          { payee: payees[0], shares: 2n, released: 200n * TOKEN, releasable: 0n },
          { payee: payees[1], shares: 1n, released: 100n * TOKEN, releasable: 0n },
          { payee: payees[2], shares: 1n, released: 100n * TOKEN, releasable: 0n },
        ],
      })
    })
  })
})
