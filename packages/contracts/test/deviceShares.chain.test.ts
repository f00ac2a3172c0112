/**
 * DeviceShares and its factory: one ERC-20 per device, created by the device's owner, whose holders
 * claim the device's rewards pro rata with reward-per-share accounting; shares moved carry no past
 * rewards, and nothing is ever paid that did not arrive.
 */
import { RewardTree } from '@pinion/protocol'
import fc from 'fast-check'
import { type Account, type Address, type TransactionReceipt, encodeDeployData, getAddress, getContract, parseEventLogs, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi, deviceSharesAbi, deviceSharesBytecode, deviceSharesFactoryAbi, deviceSharesFactoryBytecode } from '../generated/artifacts.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { claimableFrom, deviceSharesAddress } from '../sdk/ownership.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { deployFails } from './ownershipFixtures.ts'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
/** What the funder holds from genesis, to pay the shares directly. */
const GENESIS = 500_000n * TOKEN
const ACC_PRECISION = 10n ** 18n
/** The property's pinned seed. */
const SEED = 0x5a4e5
/** An address no anvil key controls. */
const STRANGER = getAddress('0x5ca1ab1e00000000000000000000000000c0ffee')

const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n)

describe('DeviceShares', () => {
  let net: Network
  let funder: Account
  let owner: Account
  let alice: Account
  let bob: Account
  let carol: Account
  let deviceId: bigint
  beforeAll(async () => {
    // The local network's users: genesis allocations name them before the network exists.
    ;[funder, owner, alice, bob, carol] = devnetAccounts(10).slice(5, 10) as unknown as [Account, Account, Account, Account, Account]
    net = await workerNetwork({
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: funder.address, amount: GENESIS }] } },
    })
    deviceId = await net.registerDevice(owner.address, 'shared device')
  })
  revertEachTest(() => net)

  const factory = () => getContract({ address: net.deployment.sharesFactory, abi: deviceSharesFactoryAbi, client: net.publicClient })
  const sharesAt = (address: Address) => getContract({ address, abi: deviceSharesAbi, client: net.publicClient })
  const balanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const fund = (to: Address, amount: bigint) => net.send(funder, { ...net.contracts.token, functionName: 'transfer', args: [to, amount] })
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: [...deviceSharesAbi, ...deviceSharesFactoryAbi], logs: receipt.logs })
      .filter((log) => log.address.toLowerCase() !== net.deployment.token.toLowerCase())
      .map((log) => ({ eventName: log.eventName, args: log.args }))
  const createCall = (id: bigint, holders: readonly Address[], amounts: readonly bigint[]) =>
    ({ address: net.deployment.sharesFactory, abi: deviceSharesFactoryAbi, functionName: 'createShares', args: [id, [...holders], [...amounts]] }) as const
  const create = async (holders: readonly Address[], amounts: readonly bigint[], by: Account = owner, id: bigint = deviceId) => {
    const receipt = await net.send(by, createCall(id, holders, amounts))
    return { receipt, shares: await factory().read.predictShares([id]) }
  }
  const createFails = (holders: readonly Address[], amounts: readonly bigint[], by: Account = owner, id: bigint = deviceId) =>
    revertOf(net.send(by, createCall(id, holders, amounts)))
  const send = (
    account: Account,
    shares: Address,
    functionName: 'transfer' | 'transferFrom' | 'approve' | 'claim' | 'sync' | 'mintShares' | 'claimAndSync',
    args: readonly unknown[] = [],
  ) => net.send(account, { address: shares, abi: deviceSharesAbi, functionName, args })
  const claimable = (shares: Address, holder: Address) => sharesAt(shares).read.claimable([holder])

  describe('the factory', () => {
    it('is deployed by deploy() with the network’s token, registry and distributor, and an implementation that is no device’s', async () => {
      const implementation = sharesAt(await factory().read.implementation())
      expect(await implementation.read.deviceId()).toBe(0n)
      expect(await implementation.read.factory()).toBe(net.deployment.sharesFactory)
      expect(await implementation.read.totalSupply()).toBe(0n)
      expect(await factory().read.token()).toBe(net.deployment.token)
      expect(await factory().read.registry()).toBe(net.deployment.registry)
      expect(await factory().read.distributor()).toBe(net.deployment.distributor)
    })

    it('refuses constructor arguments that are not contracts', async () => {
      const { token, registry, distributor } = net.deployment
      for (const [args, offending] of [
        [[STRANGER, registry, distributor], STRANGER],
        [[token, zeroAddress, distributor], zeroAddress],
        [[token, registry, STRANGER], STRANGER],
      ] as const) {
        expect(await deployFails(net, encodeDeployData({ abi: deviceSharesFactoryAbi, bytecode: deviceSharesFactoryBytecode, args }))).toEqual({
          name: 'NotAContract',
          args: [offending],
        })
      }
    })

    it('creates the device’s shares for its owner at the address it predicts (and the SDK computes offline), minting them to the holders it names', async () => {
      const predicted = await factory().read.predictShares([deviceId])
      expect(deviceSharesAddress(net.deployment.sharesFactory, deviceId)).toBe(predicted)
      expect(deviceSharesAddress(net.deployment.sharesFactory, deviceId, await factory().read.implementation())).toBe(predicted)
      expect(await factory().read.sharesOf([deviceId])).toBe(zeroAddress)

      const { receipt, shares } = await create([alice.address, bob.address, alice.address], [50n * TOKEN, 30n * TOKEN, 20n * TOKEN])
      expect(shares).toBe(predicted)
      expect(await factory().read.sharesOf([deviceId])).toBe(shares)
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'Transfer', args: { from: zeroAddress, to: alice.address, value: 50n * TOKEN } },
        { eventName: 'Transfer', args: { from: zeroAddress, to: bob.address, value: 30n * TOKEN } },
        { eventName: 'Transfer', args: { from: zeroAddress, to: alice.address, value: 20n * TOKEN } },
        { eventName: 'SharesCreated', args: { deviceId, shares, owner: owner.address, supply: 100n * TOKEN } },
      ])
      const contract = sharesAt(shares)
      const hex = deviceId.toString(16).padStart(64, '0')
      expect(await contract.read.name()).toBe(`Device 0x${hex} shares`)
      expect(await contract.read.symbol()).toBe(`DEV-${hex.slice(0, 8)}`)
      expect(await contract.read.decimals()).toBe(18)
      expect(await contract.read.totalSupply()).toBe(100n * TOKEN)
      expect(await contract.read.balanceOf([alice.address])).toBe(70n * TOKEN)
      expect(await contract.read.balanceOf([bob.address])).toBe(30n * TOKEN)
      expect(await contract.read.deviceId()).toBe(deviceId)
      expect(await contract.read.token()).toBe(net.deployment.token)
      expect(await contract.read.distributor()).toBe(net.deployment.distributor)
      expect(await contract.read.factory()).toBe(net.deployment.sharesFactory)
      expect(await contract.read.ACC_PRECISION()).toBe(ACC_PRECISION)
    })

    it('refuses anyone but the device’s current owner, a device that does not exist, and a second set of shares', async () => {
      expect(await createFails([alice.address], [TOKEN], alice)).toEqual({ name: 'NotDeviceOwner', args: [deviceId, alice.address] })
      expect(await createFails([alice.address], [TOKEN], owner, deviceId + 1n)).toEqual({ name: 'NotDeviceOwner', args: [deviceId + 1n, owner.address] })
      const { shares } = await create([alice.address], [TOKEN])
      expect(await createFails([bob.address], [TOKEN])).toEqual({ name: 'SharesExist', args: [deviceId, shares] })
      // A new owner of the device cannot create a second set either: a device has shares once.
      await net.send(owner, { address: net.deployment.registry, abi: deviceRegistryAbi, functionName: 'transferFrom', args: [owner.address, carol.address, deviceId] })
      expect(await createFails([carol.address], [TOKEN], carol)).toEqual({ name: 'SharesExist', args: [deviceId, shares] })
      expect(await createFails([carol.address], [TOKEN], owner)).toEqual({ name: 'NotDeviceOwner', args: [deviceId, owner.address] })
    })

    it('refuses no holders, amounts that do not match them, a zero amount, and the zero address or the shares themselves as holder', async () => {
      const predicted = await factory().read.predictShares([deviceId])
      expect(await createFails([], [])).toEqual({ name: 'NoHolders', args: [] })
      expect(await createFails([alice.address, bob.address], [TOKEN])).toEqual({ name: 'LengthMismatch', args: [2n, 1n] })
      expect(await createFails([alice.address, bob.address], [TOKEN, 0n])).toEqual({ name: 'ZeroAmount', args: [bob.address] })
      expect(await createFails([alice.address, zeroAddress], [TOKEN, TOKEN])).toEqual({ name: 'ERC20InvalidReceiver', args: [zeroAddress] })
      expect(await createFails([alice.address, predicted], [TOKEN, TOKEN])).toEqual({ name: 'ERC20InvalidReceiver', args: [predicted] })
    })
  })

  describe('minting', () => {
    it('happens once, by the factory that created the contract', async () => {
      const { shares } = await create([alice.address], [TOKEN])
      expect(await revertOf(send(alice, shares, 'mintShares', [[alice.address], [TOKEN]]))).toEqual({ name: 'NotFactory', args: [alice.address] })
      // A DeviceShares anyone deploys has that account as its factory: it too mints only once.
      const hash = await net.walletFor(carol).deployContract({ abi: deviceSharesAbi, bytecode: deviceSharesBytecode, args: [net.deployment.token, net.deployment.distributor] })
      const own = (await waitForReceipt(net.publicClient, hash)).contractAddress!
      await send(carol, own, 'mintShares', [[carol.address], [TOKEN]])
      expect(await revertOf(send(carol, own, 'mintShares', [[carol.address], [TOKEN]]))).toEqual({ name: 'AlreadyMinted', args: [] })
      expect(await sharesAt(own).read.totalSupply()).toBe(TOKEN)
    })
  })

  describe('rewards', () => {
    it('are claimed pro rata: sync accrues what arrived, claim pays it once', async () => {
      const { shares } = await create([alice.address, bob.address], [60n * TOKEN, 40n * TOKEN])
      await fund(shares, 1_000n * TOKEN)
      expect(await claimable(shares, alice.address)).toBe(600n * TOKEN)
      expect(await claimable(shares, bob.address)).toBe(400n * TOKEN)
      expect(await claimable(shares, carol.address)).toBe(0n)
      expect(await sharesAt(shares).read.totalReceived()).toBe(1_000n * TOKEN)
      expect(await sharesAt(shares).read.totalAccrued()).toBe(0n)

      const claimed = await send(alice, shares, 'claim')
      const accPerShare = (1_000n * TOKEN * ACC_PRECISION) / (100n * TOKEN)
      expect(eventsOf(claimed)).toEqual([
        { eventName: 'RewardsAccrued', args: { amount: 1_000n * TOKEN, accPerShare } },
        { eventName: 'RewardsClaimed', args: { holder: alice.address, amount: 600n * TOKEN } },
      ])
      expect(await balanceOf(alice.address)).toBe(600n * TOKEN)
      expect(await claimable(shares, alice.address)).toBe(0n)
      expect(await revertOf(send(alice, shares, 'claim'))).toEqual({ name: 'NothingToClaim', args: [alice.address] })
      expect(await revertOf(send(carol, shares, 'claim'))).toEqual({ name: 'NothingToClaim', args: [carol.address] })
      expect(await sharesAt(shares).read.accPerShare()).toBe(accPerShare)
      expect(await sharesAt(shares).read.totalClaimed()).toBe(600n * TOKEN)
      expect(await sharesAt(shares).read.totalReceived()).toBe(1_000n * TOKEN)

      await send(bob, shares, 'claim')
      expect(await balanceOf(bob.address)).toBe(400n * TOKEN)
      expect(await balanceOf(shares)).toBe(0n)
    })

    it('stay with the seller when shares move: the buyer earns only what arrives after', async () => {
      const { shares } = await create([alice.address, bob.address], [60n * TOKEN, 40n * TOKEN])
      await fund(shares, 100n * TOKEN)
      await send(alice, shares, 'transfer', [carol.address, 30n * TOKEN])
      expect(await claimable(shares, carol.address)).toBe(0n)
      await fund(shares, 100n * TOKEN)
      expect(await claimable(shares, alice.address)).toBe(60n * TOKEN + 30n * TOKEN)
      expect(await claimable(shares, bob.address)).toBe(40n * TOKEN + 40n * TOKEN)
      expect(await claimable(shares, carol.address)).toBe(30n * TOKEN)
      // Through an allowance too: bob's 40 shares move to carol by alice's hand.
      await send(bob, shares, 'approve', [alice.address, 40n * TOKEN])
      await send(alice, shares, 'transferFrom', [bob.address, carol.address, 40n * TOKEN])
      await fund(shares, 100n * TOKEN)
      expect(await claimable(shares, bob.address)).toBe(80n * TOKEN)
      expect(await claimable(shares, carol.address)).toBe(30n * TOKEN + 70n * TOKEN)
      for (const holder of [alice, bob, carol]) await send(holder, shares, 'claim')
      expect([await balanceOf(alice.address), await balanceOf(bob.address), await balanceOf(carol.address)]).toEqual([120n * TOKEN, 80n * TOKEN, 100n * TOKEN])
      expect(await balanceOf(shares)).toBe(0n)
    })

    it('are unchanged by a transfer to oneself or of zero shares, and shares cannot be sent to the contract itself', async () => {
      const { shares } = await create([alice.address, bob.address], [50n * TOKEN, 50n * TOKEN])
      await fund(shares, 10n * TOKEN)
      await send(alice, shares, 'transfer', [alice.address, 50n * TOKEN])
      await send(alice, shares, 'transfer', [carol.address, 0n])
      await send(carol, shares, 'transfer', [alice.address, 0n])
      expect(await claimable(shares, alice.address)).toBe(5n * TOKEN)
      expect(await claimable(shares, carol.address)).toBe(0n)
      expect(await revertOf(send(alice, shares, 'transfer', [shares, TOKEN]))).toEqual({ name: 'ERC20InvalidReceiver', args: [shares] })
      await send(alice, shares, 'claim')
      await send(alice, shares, 'transfer', [alice.address, 50n * TOKEN])
      expect(await revertOf(send(alice, shares, 'claim'))).toEqual({ name: 'NothingToClaim', args: [alice.address] })
      expect(await claimable(shares, bob.address)).toBe(5n * TOKEN)
    })

    it('that reached the shares’ address before they were created go to the first holders', async () => {
      const predicted = deviceSharesAddress(net.deployment.sharesFactory, deviceId)
      await fund(predicted, 9n * TOKEN)
      const { shares } = await create([alice.address, bob.address], [2n, 1n])
      expect(shares).toBe(predicted)
      expect(await claimable(shares, alice.address)).toBe(6n * TOKEN)
      await send(bob, shares, 'claim')
      expect(await balanceOf(bob.address)).toBe(3n * TOKEN)
    })

    it('wait for a later sync when an arrival is too small to raise the rewards per share, and are never lost', async () => {
      // 3e36 shares: an arrival below 3e18 units raises accPerShare by less than one, so it waits.
      const supply = 3n * 10n ** 36n
      const { shares } = await create([alice.address, bob.address], [supply / 3n, (2n * supply) / 3n])
      await fund(shares, 2n * TOKEN)
      const idle = await send(carol, shares, 'sync')
      expect(eventsOf(idle)).toEqual([])
      expect(await sharesAt(shares).read.totalAccrued()).toBe(0n)
      await fund(shares, 4n * TOKEN)
      const accrued = await send(carol, shares, 'sync')
      expect(eventsOf(accrued)).toEqual([{ eventName: 'RewardsAccrued', args: { amount: 6n * TOKEN, accPerShare: 2n } }])
      expect(await claimable(shares, alice.address)).toBe(2n * TOKEN)
      expect(await claimable(shares, bob.address)).toBe(4n * TOKEN)
    })

    it('arrive by claimFor, or by claimAndSync, which claims from the distributor and accrues to the holders of now', async () => {
      const { shares } = await create([alice.address, bob.address], [3n * TOKEN, 1n * TOKEN])
      await net.releaseEpochs(1n)
      const tree = RewardTree.build([
        { recipient: shares, cumulativeAmount: 80n * TOKEN },
        { recipient: STRANGER, cumulativeAmount: 1n },
      ])
      await net.publishRoot({ epoch: 0n, root: tree.root, totalCumulative: 80n * TOKEN + 1n, inputsHash: word(1), paramsHash: word(2) })
      const proof = tree.proof(tree.indexOf(shares)!)
      expect(await revertOf(send(carol, shares, 'claimAndSync', [81n * TOKEN, proof]))).toEqual({ name: 'InvalidProof', args: [shares, 81n * TOKEN] })
      const receipt = await send(carol, shares, 'claimAndSync', [80n * TOKEN, proof])
      expect(net.payoutsOf(receipt)).toEqual([{ recipient: shares, amount: 80n * TOKEN }])
      expect(eventsOf(receipt)).toEqual([{ eventName: 'RewardsAccrued', args: { amount: 80n * TOKEN, accPerShare: 20n * ACC_PRECISION } }])
      expect(await claimableFrom(net.publicClient, { kind: 'shares', address: shares }, alice.address)).toBe(60n * TOKEN)
      expect(await claimableFrom(net.publicClient, { kind: 'shares', address: shares }, bob.address)).toBe(20n * TOKEN)
    })
  })

  describe('never pays out more than arrived', () => {
    const HOLDERS = 4
    const amountArbitrary = fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.bigInt({ min: 1n, max: 10n ** 22n }))
    const stepArbitrary = fc.oneof(
      fc.record({ kind: fc.constant('arrive' as const), amount: amountArbitrary }),
      fc.record({
        kind: fc.constant('transfer' as const),
        from: fc.nat({ max: HOLDERS - 1 }),
        to: fc.nat({ max: HOLDERS - 1 }),
        /** Per mille of the sender's balance: 0 is a zero transfer, and from == to a transfer to oneself. */
        permille: fc.oneof(fc.constant(0), fc.constant(1_000), fc.nat({ max: 1_000 })),
      }),
      fc.record({ kind: fc.constant('claim' as const), who: fc.nat({ max: HOLDERS - 1 }) }),
      fc.record({ kind: fc.constant('sync' as const) }),
    )
    const scenarioArbitrary = fc.record({
      /** The initial shares of each holder (0: none), small or 18-decimal sized. */
      initial: fc.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 97n }), fc.bigInt({ min: 1n, max: 10n ** 24n })), { minLength: HOLDERS, maxLength: HOLDERS }),
      steps: fc.array(stepArbitrary, { minLength: 10, maxLength: 30 }),
    })

    it('over seeded sequences of arrivals, transfers (to oneself, of zero) and claims: the sum of claims stays within what arrived, each holder within its exact part', async () => {
      const stats = { arrivals: 0, transfers: 0, claims: 0 }
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary, async ({ initial, steps }) => {
          if (!initial.some((amount) => amount > 0n)) initial[0] = 1n
          const id = await net.testClient.snapshot()
          try {
            const holders = [alice, bob, carol, owner]
            const present = holders.filter((_, i) => initial[i]! > 0n)
            const { shares } = await create(
              present.map((h) => h.address),
              initial.filter((amount) => amount > 0n),
            )
            const supply = sum(initial)
            const balances = [...initial]
            /** Each holder's exact part of what arrived, times the supply (so that it stays whole). */
            const exact = holders.map(() => 0n)
            const claimed = holders.map(() => 0n)
            let arrived = 0n
            for (const step of steps) {
              if (step.kind === 'arrive') {
                await fund(shares, step.amount)
                arrived += step.amount
                balances.forEach((balance, i) => {
                  exact[i]! += step.amount * balance
                })
                stats.arrivals++
              } else if (step.kind === 'transfer') {
                const value = (balances[step.from]! * BigInt(step.permille)) / 1_000n
                await send(holders[step.from]!, shares, 'transfer', [holders[step.to]!.address, value])
                balances[step.from]! -= value
                balances[step.to]! += value
                stats.transfers++
              } else if (step.kind === 'claim') {
                const due = await claimable(shares, holders[step.who]!.address)
                if (due === 0n) {
                  expect(await revertOf(send(holders[step.who]!, shares, 'claim'))).toEqual({ name: 'NothingToClaim', args: [holders[step.who]!.address] })
                } else {
                  const before = await balanceOf(holders[step.who]!.address)
                  await send(holders[step.who]!, shares, 'claim')
                  expect((await balanceOf(holders[step.who]!.address)) - before).toBe(due)
                  claimed[step.who]! += due
                  stats.claims++
                }
              } else {
                await send(funder, shares, 'sync')
              }
              const owed = await Promise.all(holders.map((h) => claimable(shares, h.address)))
              // Conservation: what left is exactly what was claimed; what is owed is still here.
              expect(await balanceOf(shares)).toBe(arrived - sum(claimed))
              expect(sum(owed)).toBeLessThanOrEqual(arrived - sum(claimed))
              // No holder ever gets more than its exact part of what arrived while it held its shares.
              holders.forEach((_, i) => expect((claimed[i]! + owed[i]!) * supply).toBeLessThanOrEqual(exact[i]!))
            }
            // The dust left is a few units per holder per step, plus what waits for a larger arrival.
            const owed = await Promise.all(holders.map((h) => claimable(shares, h.address)))
            const dust = arrived - sum(claimed) - sum(owed)
            expect(dust).toBeLessThanOrEqual(BigInt((steps.length + 1) * HOLDERS) + supply / ACC_PRECISION + 1n)
          } finally {
            await net.testClient.revert({ id })
          }
        }),
        { seed: SEED, numRuns: 8, endOnFailure: true },
      )
      expect(stats.arrivals).toBeGreaterThan(10)
      expect(stats.transfers).toBeGreaterThan(10)
      expect(stats.claims).toBeGreaterThan(5)
    })
  })
})
