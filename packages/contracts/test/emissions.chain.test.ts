import { RewardTree } from '@pinion/protocol'
import {
  type Account,
  type Hex,
  type TransactionReceipt,
  createWalletClient,
  getContract,
  hashTypedData,
  http,
  parseEventLogs,
  parseSignature,
  recoverAddress,
  zeroAddress,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emissionsAbi, emissionsBytecode, pinionTokenAbi, pinionTokenBytecode, rewardDistributorAbi } from '../generated/artifacts.ts'
import { ownNetwork, revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { EPOCH_DURATION, HALVING_INTERVAL, INITIAL_EPOCH_EMISSION, type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { deploymentRevertOf, revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
/** 2^192 - 1: the largest cap (the distributor and emissions pack amounts in 192 bits). */
const MAX_CAP = (1n << 192n) - 1n

/**
 * The schedule, modelled independently of the contract: epoch `e` emits
 * `initial >> floor(e / halvingInterval)`, summed one epoch at a time.
 */
function scheduled(from: bigint, to: bigint, initial = INITIAL_EPOCH_EMISSION, halvingInterval = HALVING_INTERVAL) {
  let total = 0n
  for (let epoch = from; epoch < to; epoch++) {
    total += halvingInterval === 0n ? initial : initial >> (epoch / halvingInterval)
  }
  return total
}

const emissionReleased = (receipt: TransactionReceipt) => parseEventLogs({ abi: emissionsAbi, logs: receipt.logs, eventName: 'EmissionReleased' }).map((log) => log.args)
const funded = (receipt: TransactionReceipt) => parseEventLogs({ abi: rewardDistributorAbi, logs: receipt.logs, eventName: 'Funded' }).map((log) => log.args)

/** Sends `release()` from users[0] without moving time. */
const release = (net: Network) => net.send(net.accounts.users[0]!, { ...net.contracts.emissions, functionName: 'release' })

/** Gives `holder` `amount` tokens: releases an epoch, commits a one-entry root above the last one and claims. */
async function payOut(net: Network, holder: Account, amount: bigint) {
  await net.releaseEpochs(1n)
  const { distributor } = net.contracts
  const previous = (await distributor.read.nextEpoch()) === 0n ? 0n : (await distributor.read.latestRoot())[2]
  const already = await distributor.read.claimed([holder.address])
  const tree = RewardTree.build([{ recipient: holder.address, cumulativeAmount: already + amount }])
  await net.publishRoot({
    epoch: await distributor.read.nextEpoch(),
    root: tree.root,
    totalCumulative: previous + amount,
    inputsHash: word(0),
    paramsHash: word(0),
  })
  await net.send(holder, { ...distributor, functionName: 'claim', args: [already + amount, tree.proof(0)] })
}

let net: Network
beforeAll(async () => {
  net = await workerNetwork()
})
revertEachTest(() => net)

describe('Emissions', () => {
  const emissions = () => net.contracts.emissions
  const supply = () => net.contracts.token.read.totalSupply()

  describe('release', () => {
    it('mints nothing and emits no event before the first epoch has ended', async () => {
      await net.testClient.increaseTime({ seconds: Number(EPOCH_DURATION / 2n) })
      await net.testClient.mine({ blocks: 1 })
      expect(await emissions().read.endedEpochs()).toBe(0n)
      expect(await emissions().simulate.release({ account: net.accounts.users[0]!.address })).toMatchObject({ result: 0n })

      const receipt = await release(net)
      expect(receipt.logs).toEqual([])
      expect(await supply()).toBe(0n)
      expect(await emissions().read.releasedEpochs()).toBe(0n)
      expect(await net.contracts.distributor.read.funded()).toBe(0n)
    })

    it("mints the sum of ten epochs' halving emissions and funds the distributor with exactly that", async () => {
      const expected = scheduled(0n, 10n)
      // Four full epochs, four halved, two quartered.
      expect(expected).toBe(6_500n * TOKEN)

      const receipt = await net.releaseEpochs(10n)
      expect(emissionReleased(receipt)).toEqual([{ fromEpoch: 0n, toEpoch: 10n, amount: expected }])
      expect(funded(receipt)).toEqual([{ funder: net.deployment.emissions, amount: expected, totalFunded: expected }])
      expect(await supply()).toBe(expected)
      expect(await net.contracts.token.read.balanceOf([net.deployment.distributor])).toBe(expected)
      expect(await net.contracts.distributor.read.funded()).toBe(expected)
      expect(await emissions().read.releasedEpochs()).toBe(10n)
      // Nothing stays behind in the emissions contract.
      expect(await net.contracts.token.read.balanceOf([net.deployment.emissions])).toBe(0n)
      expect(await net.contracts.token.read.allowance([net.deployment.emissions, net.deployment.distributor])).toBe(0n)
    })

    it('continues from the last released epoch, pricing each side of a halving correctly', async () => {
      const steps: [bigint, bigint][] = [
        [0n, 3n],
        [3n, 6n],
        [6n, 11n],
      ]
      for (const [from, to] of steps) {
        const before = await net.contracts.distributor.read.funded()
        const receipt = await net.releaseEpochs(to - from)
        expect(emissionReleased(receipt)).toEqual([{ fromEpoch: from, toEpoch: to, amount: scheduled(from, to) }])
        expect(await net.contracts.distributor.read.funded()).toBe(before + scheduled(from, to))
      }
      // 3·E, then E + 2·E/2, then 2·E/2 + 3·E/4.
      expect(scheduled(3n, 6n)).toBe(2_000n * TOKEN)
      expect(scheduled(6n, 11n)).toBe(1_750n * TOKEN)
      expect(await supply()).toBe(scheduled(0n, 11n))
    })

    it('mints nothing and emits no event when called a second time in the same epoch', async () => {
      await net.releaseEpochs(2n)
      const supplyBefore = await supply()
      expect(await emissions().simulate.release({ account: net.accounts.users[0]!.address })).toMatchObject({ result: 0n })
      const receipt = await release(net)
      expect(receipt.logs).toEqual([])
      expect(await supply()).toBe(supplyBefore)
      expect(await emissions().read.releasedEpochs()).toBe(2n)
    })

    it('stops minting once the emission has halved down to zero', async () => {
      // 1000e18 < 2^70, so from epoch 70·4 = 280 on every epoch emits 0.
      const receipt = await net.releaseEpochs(300n)
      const expected = scheduled(0n, 300n)
      expect(expected).toBe(scheduled(0n, 280n))
      expect(emissionReleased(receipt)).toEqual([{ fromEpoch: 0n, toEpoch: 300n, amount: expected }])
      expect(await supply()).toBe(expected)
      expect(await emissions().read.emissionOf([279n])).toBe(INITIAL_EPOCH_EMISSION >> 69n)
      expect(INITIAL_EPOCH_EMISSION >> 69n).toBeGreaterThan(0n)
      expect(await emissions().read.emissionOf([280n])).toBe(0n)
    })
  })

  describe('emissionOf', () => {
    it('halves every HALVING_INTERVAL epochs', async () => {
      const epochs = Array.from({ length: 13 }, (_, i) => BigInt(i))
      const actual = await Promise.all(epochs.map((epoch) => emissions().read.emissionOf([epoch])))
      expect(actual).toEqual(epochs.map((epoch) => scheduled(epoch, epoch + 1n)))
      expect(actual.slice(3, 5)).toEqual([INITIAL_EPOCH_EMISSION, INITIAL_EPOCH_EMISSION / 2n])
      expect(actual[8]).toBe(INITIAL_EPOCH_EMISSION / 4n)
    })

    it('is zero after 256 or more halvings, up to the largest epoch', async () => {
      expect(await emissions().read.emissionOf([255n * HALVING_INTERVAL])).toBe(0n)
      expect(await emissions().read.emissionOf([256n * HALVING_INTERVAL])).toBe(0n)
      expect(await emissions().read.emissionOf([2n ** 64n - 1n])).toBe(0n)
    })

    it('never halves when halvingInterval is 0', async () => {
      const address = await deployEmissions({ halvingInterval: 0n, initialEpochEmission: 7n })
      const read = (epoch: bigint) => net.publicClient.readContract({ address, abi: emissionsAbi, functionName: 'emissionOf', args: [epoch] })
      expect(await read(0n)).toBe(7n)
      expect(await read(1_000_000n)).toBe(7n)
      expect(await read(2n ** 64n - 1n)).toBe(7n)
      expect(await net.publicClient.readContract({ address, abi: emissionsAbi, functionName: 'scheduledBetween', args: [5n, 1_005n] })).toBe(scheduled(5n, 1_005n, 7n, 0n))
    })
  })

  describe('emissionReleasedFor', () => {
    it('is the scheduled emission of each released epoch, across releases and halvings', async () => {
      await net.releaseEpochs(3n)
      await net.releaseEpochs(4n)
      const released = await Promise.all([0n, 1n, 2n, 3n, 4n, 5n, 6n].map((e) => emissions().read.emissionReleasedFor([e])))
      expect(released).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n].map((e) => scheduled(e, e + 1n)))
    })

    it('rejects an epoch not yet released with EpochNotReleased(epoch, releasedEpochs)', async () => {
      expect(await revertOf(emissions().read.emissionReleasedFor([0n]))).toEqual({ name: 'EpochNotReleased', args: [0n, 0n] })
      await net.releaseEpochs(2n)
      expect(await revertOf(emissions().read.emissionReleasedFor([2n]))).toEqual({ name: 'EpochNotReleased', args: [2n, 2n] })
      expect(await emissions().read.emissionReleasedFor([1n])).toBe(INITIAL_EPOCH_EMISSION)
    })
  })

  describe('epochAt', () => {
    it('maps timestamps to epochs from genesis, boundaries included', async () => {
      const genesis = net.params.emissions.genesisTime
      const epochAt = (timestamp: bigint) => emissions().read.epochAt([timestamp])
      expect(await epochAt(genesis)).toBe(0n)
      expect(await epochAt(genesis + EPOCH_DURATION - 1n)).toBe(0n)
      expect(await epochAt(genesis + EPOCH_DURATION)).toBe(1n)
      expect(await epochAt(genesis + 5n * EPOCH_DURATION + 7n)).toBe(5n)
    })

    it('rejects a timestamp before genesis with InvalidSchedule("timestamp before genesis")', async () => {
      expect(await revertOf(emissions().read.epochAt([net.params.emissions.genesisTime - 1n]))).toEqual({
        name: 'InvalidSchedule',
        args: ['timestamp before genesis'],
      })
    })
  })

  describe('constructor', () => {
    it('rejects epochDuration 0 with InvalidSchedule("epochDuration")', async () => {
      expect(await deploymentRevertOf(deployEmissions({ epochDuration: 0n }), emissionsAbi)).toEqual({
        name: 'InvalidSchedule',
        args: ['epochDuration'],
      })
    })

    it('rejects initialEpochEmission 0 with InvalidSchedule("initialEpochEmission")', async () => {
      expect(await deploymentRevertOf(deployEmissions({ initialEpochEmission: 0n }), emissionsAbi)).toEqual({
        name: 'InvalidSchedule',
        args: ['initialEpochEmission'],
      })
    })

    it('saturates an overflowing schedule instead of reverting, so release stays possible', async () => {
      const address = await deployEmissions({ initialEpochEmission: 2n ** 255n, halvingInterval: 0n })
      const extreme = getContract({ abi: emissionsAbi, address, client: net.publicClient })
      expect(await extreme.read.scheduledBetween([0n, 1n])).toBe(2n ** 255n)
      expect(await extreme.read.scheduledBetween([0n, 2n])).toBe(2n ** 256n - 1n)
    })

    it('keeps the schedule, token and distributor it was given', async () => {
      expect(await emissions().read.schedule()).toEqual(net.params.emissions)
      expect(await emissions().read.token()).toBe(net.deployment.token)
      expect(await emissions().read.distributor()).toBe(net.deployment.distributor)
      expect(await emissions().read.credits()).toBe(net.deployment.credits)
    })
  })

  /** Deploys a stand-alone Emissions with the fixture's schedule overridden by `schedule`; returns its address. */
  async function deployEmissions(schedule: Partial<Network['params']['emissions']>) {
    const wallet = net.walletFor(net.accounts.admin)
    const hash = await wallet.deployContract({
      abi: emissionsAbi,
      bytecode: emissionsBytecode,
      args: [net.deployment.token, net.deployment.distributor, net.deployment.credits, { ...net.params.emissions, ...schedule }],
    })
    const { contractAddress } = await waitForReceipt(net.publicClient, hash)
    if (!contractAddress) throw new Error('no contract created')
    return contractAddress
  }
})

describe('Emissions with a 2,500-token cap', () => {
  const CAP = 2_500n * TOKEN
  let capped: Network
  beforeAll(async () => {
    capped = await ownNetwork({ deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: CAP } } })
  })
  afterAll(() => capped.stop())
  revertEachTest(() => capped)
  const supply = () => capped.contracts.token.read.totalSupply()

  describe('release', () => {
    it('clamps the mint to the room left under the cap, then mints 0 for later epochs', async () => {
      expect(await capped.contracts.token.read.cap()).toBe(CAP)
      const full = await capped.releaseEpochs(2n)
      expect(emissionReleased(full)).toEqual([{ fromEpoch: 0n, toEpoch: 2n, amount: 2_000n * TOKEN }])

      const clamped = await capped.releaseEpochs(1n)
      expect(emissionReleased(clamped)).toEqual([{ fromEpoch: 2n, toEpoch: 3n, amount: 500n * TOKEN }])
      expect(await supply()).toBe(CAP)
      expect(await capped.contracts.distributor.read.funded()).toBe(CAP)

      const empty = await capped.releaseEpochs(2n)
      expect(emissionReleased(empty)).toEqual([{ fromEpoch: 3n, toEpoch: 5n, amount: 0n }])
      expect(funded(empty)).toEqual([])
      expect(await supply()).toBe(CAP)
      expect(await capped.contracts.emissions.read.releasedEpochs()).toBe(5n)
    })

    it('attributes each release to its epochs in order, so the epochs add up to exactly what was minted', async () => {
      await capped.releaseEpochs(2n) // 2,000 of 2,500
      await capped.releaseEpochs(3n) // epochs 2..4 schedule 2,500 (halving at 4): 500 is room
      const perEpoch = await Promise.all([0n, 1n, 2n, 3n, 4n].map((e) => capped.contracts.emissions.read.emissionReleasedFor([e])))
      expect(perEpoch).toEqual([1_000n * TOKEN, 1_000n * TOKEN, 500n * TOKEN, 0n, 0n])
      expect(perEpoch.reduce((a, b) => a + b, 0n)).toBe(await supply())
    })

    it('mints into room freed by burning, but never the part of past epochs the cap cut off', async () => {
      const holder = capped.accounts.users[1]!
      await capped.releaseEpochs(2n)
      await payOut(capped, holder, 400n * TOKEN) // releases epoch 2, clamped from 1000 to 500
      expect(await supply()).toBe(CAP)

      await capped.send(holder, { ...capped.contracts.token, functionName: 'burn', args: [300n * TOKEN] })
      expect(await supply()).toBe(CAP - 300n * TOKEN)

      const receipt = await capped.releaseEpochs(1n) // epoch 3 schedules 1000, room is 300
      expect(emissionReleased(receipt)).toEqual([{ fromEpoch: 3n, toEpoch: 4n, amount: 300n * TOKEN }])
      expect(await supply()).toBe(CAP)
      expect(await capped.contracts.distributor.read.funded()).toBe(CAP + 300n * TOKEN)
    })
  })
})

describe('PinionToken', () => {
  const token = () => net.contracts.token
  const holder = () => net.accounts.users[1]!
  const spender = () => net.accounts.users[2]!

  describe('constructor', () => {
    const deployToken = (cap: bigint, minter: Hex, holders: readonly Hex[] = [], amounts: readonly bigint[] = []) =>
      net.walletFor(net.accounts.admin).deployContract({
        abi: pinionTokenAbi,
        bytecode: pinionTokenBytecode,
        args: ['Pinion', 'PIN', cap, minter, net.deployment.distributor, holders, amounts],
      })

    it('mints the genesis allocation at construction, counted against the cap and voting once delegated', async () => {
      const [a, b] = [net.accounts.users[3]!, net.accounts.users[4]!]
      const hash = await deployToken(1_000n * TOKEN, net.accounts.admin.address, [a.address, b.address], [300n * TOKEN, 700n * TOKEN])
      const { contractAddress } = await waitForReceipt(net.publicClient, hash)
      const genesis = getContract({ abi: pinionTokenAbi, address: contractAddress!, client: net.publicClient })
      expect(await genesis.read.totalSupply()).toBe(1_000n * TOKEN)
      expect(await genesis.read.balanceOf([a.address])).toBe(300n * TOKEN)
      expect(await genesis.read.balanceOf([b.address])).toBe(700n * TOKEN)
      // The cap is reached: the minter can add nothing.
      expect(await revertOf(genesis.simulate.mint([a.address, 1n], { account: net.accounts.admin.address }))).toEqual({
        name: 'ERC20ExceededCap',
        args: [1_000n * TOKEN + 1n, 1_000n * TOKEN],
      })
      expect(await genesis.read.getVotes([a.address])).toBe(0n)
      await net.send(a, { address: contractAddress!, abi: pinionTokenAbi, functionName: 'delegate', args: [a.address] })
      expect(await genesis.read.getVotes([a.address])).toBe(300n * TOKEN)
    })

    it('rejects genesis lists of different lengths and a genesis allocation above the cap', async () => {
      const minter = net.accounts.admin.address
      const a = net.accounts.users[3]!.address
      expect(await deploymentRevertOf(deployToken(TOKEN_CAP, minter, [a], []), pinionTokenAbi)).toEqual({
        name: 'PinionTokenInvalidGenesis',
        args: [1n, 0n],
      })
      expect(await deploymentRevertOf(deployToken(TOKEN_CAP, minter, [a, a], [TOKEN_CAP, 1n]), pinionTokenAbi)).toEqual({
        name: 'ERC20ExceededCap',
        args: [TOKEN_CAP + 1n, TOKEN_CAP],
      })
    })

    it('rejects a zero minter, a zero cap and a cap above 2^192 - 1', async () => {
      const minter = net.accounts.admin.address
      expect(await deploymentRevertOf(deployToken(TOKEN_CAP, zeroAddress), pinionTokenAbi)).toEqual({
        name: 'PinionTokenInvalidMinter',
        args: [zeroAddress],
      })
      expect(await deploymentRevertOf(deployToken(0n, minter), pinionTokenAbi)).toEqual({
        name: 'ERC20InvalidCap',
        args: [0n],
      })
      expect(await deploymentRevertOf(deployToken(MAX_CAP + 1n, minter), pinionTokenAbi)).toEqual({
        name: 'PinionTokenCapTooLarge',
        args: [MAX_CAP + 1n, MAX_CAP],
      })
    })
  })

  describe('cap', () => {
    it('is the cap given at deployment', async () => {
      expect(await token().read.cap()).toBe(TOKEN_CAP)
    })
  })

  describe('minter', () => {
    it('is the emissions contract', async () => {
      expect(await token().read.minter()).toBe(net.deployment.emissions)
    })
  })

  describe('payOut', () => {
    it('moves tokens only for the reward pool: anyone else gets PinionTokenUnauthorizedPayout(caller)', async () => {
      const holder = net.accounts.users[1]!
      for (const caller of [net.accounts.admin.address, holder.address, net.deployment.emissions]) {
        expect(await revertOf(token().simulate.payOut([holder.address, 0n], { account: caller }))).toEqual({
          name: 'PinionTokenUnauthorizedPayout',
          args: [caller],
        })
      }
      // The reward pool pays out of its own balance, as a transfer would.
      await net.releaseEpochs(1n)
      expect(await token().simulate.payOut([holder.address, 7n], { account: net.deployment.distributor })).toMatchObject({ result: true })
      expect(await revertOf(token().simulate.payOut([holder.address, INITIAL_EPOCH_EMISSION + 1n], { account: net.deployment.distributor }))).toEqual({
        name: 'ERC20InsufficientBalance',
        args: [net.deployment.distributor, INITIAL_EPOCH_EMISSION, INITIAL_EPOCH_EMISSION + 1n],
      })
    })
  })

  describe('mint', () => {
    it('rejects every caller but the minter with PinionTokenUnauthorizedMinter(caller)', async () => {
      const callers = [net.accounts.admin, net.accounts.oracles[0]!, net.accounts.maker, net.accounts.users[0]!]
      for (const caller of callers) {
        expect(await revertOf(token().simulate.mint([caller.address, 1n], { account: caller.address }))).toEqual({
          name: 'PinionTokenUnauthorizedMinter',
          args: [caller.address],
        })
      }
      expect(await token().read.totalSupply()).toBe(0n)
    })

    it('mints for the minter, up to the cap and not beyond (ERC20ExceededCap)', async () => {
      const minter = net.deployment.emissions
      await net.testClient.impersonateAccount({ address: minter })
      await net.testClient.setBalance({ address: minter, value: 10n ** 18n })
      try {
        const asMinter = createWalletClient({ account: minter, chain: net.chain, transport: http(net.devnet.rpcUrl) })
        const hash = await asMinter.writeContract({ ...token(), functionName: 'mint', args: [holder().address, 5n] })
        expect((await waitForReceipt(net.publicClient, hash)).status).toBe('success')
        expect(await token().read.balanceOf([holder().address])).toBe(5n)
        expect(await revertOf(token().simulate.mint([holder().address, TOKEN_CAP], { account: minter }))).toEqual({
          name: 'ERC20ExceededCap',
          args: [TOKEN_CAP + 5n, TOKEN_CAP],
        })
      } finally {
        await net.testClient.stopImpersonatingAccount({ address: minter })
      }
    })
  })

  describe('clock', () => {
    it('counts in timestamps: CLOCK_MODE is "mode=timestamp" and clock() is the latest block timestamp', async () => {
      expect(await token().read.CLOCK_MODE()).toBe('mode=timestamp')
      await net.testClient.increaseTime({ seconds: 12_345 })
      await net.testClient.mine({ blocks: 1 })
      const block = await net.publicClient.getBlock()
      expect(block.timestamp).toBeGreaterThan(block.number)
      expect(BigInt(await token().read.clock())).toBe(block.timestamp)
    })
  })

  describe('permit', () => {
    const permitTypedData = (message: { owner: Hex; spender: Hex; value: bigint; nonce: bigint; deadline: bigint }) =>
      ({
        domain: { name: net.params.token.name, version: '1', chainId: net.chain.id, verifyingContract: net.deployment.token },
        types: {
          Permit: [
            { name: 'owner', type: 'address' },
            { name: 'spender', type: 'address' },
            { name: 'value', type: 'uint256' },
            { name: 'nonce', type: 'uint256' },
            { name: 'deadline', type: 'uint256' },
          ],
        },
        primaryType: 'Permit',
        message,
      }) as const
    const latestTimestamp = async () => (await net.publicClient.getBlock()).timestamp

    it('lets the spender use an EIP-2612 signature to set an allowance and transferFrom, once', async () => {
      await payOut(net, holder(), 90n * TOKEN)
      const deadline = (await latestTimestamp()) + 3_600n
      const message = { owner: holder().address, spender: spender().address, value: 40n * TOKEN, nonce: 0n, deadline }
      const signature = parseSignature(await holder().signTypedData!(permitTypedData(message)))
      const permitArgs = [message.owner, message.spender, message.value, deadline, signature.yParity + 27, signature.r, signature.s] as const

      await net.send(spender(), { ...token(), functionName: 'permit', args: permitArgs })
      expect(await token().read.allowance([holder().address, spender().address])).toBe(40n * TOKEN)
      expect(await token().read.nonces([holder().address])).toBe(1n)

      const receiver = net.accounts.users[3]!.address
      await net.send(spender(), { ...token(), functionName: 'transferFrom', args: [holder().address, receiver, 40n * TOKEN] })
      expect(await token().read.balanceOf([receiver])).toBe(40n * TOKEN)
      expect(await token().read.balanceOf([holder().address])).toBe(50n * TOKEN)
      expect(await token().read.allowance([holder().address, spender().address])).toBe(0n)

      // Replayed, the signature is checked against nonce 1 and recovers to someone else.
      const replayedDigest = hashTypedData(permitTypedData({ ...message, nonce: 1n }))
      const recovered = await recoverAddress({ hash: replayedDigest, signature })
      expect(await revertOf(token().simulate.permit(permitArgs, { account: spender().address }))).toEqual({
        name: 'ERC2612InvalidSigner',
        args: [recovered, holder().address],
      })
    })

    it('rejects a permit past its deadline with ERC2612ExpiredSignature(deadline)', async () => {
      const deadline = (await latestTimestamp()) - 1n
      const message = { owner: holder().address, spender: spender().address, value: 1n, nonce: 0n, deadline }
      const signature = parseSignature(await holder().signTypedData!(permitTypedData(message)))
      const args = [message.owner, message.spender, 1n, deadline, signature.yParity + 27, signature.r, signature.s] as const
      expect(await revertOf(token().simulate.permit(args, { account: spender().address }))).toEqual({
        name: 'ERC2612ExpiredSignature',
        args: [deadline],
      })
    })
  })

  describe('delegate', () => {
    it('gives votes equal to the balance once delegated, checkpointed by timestamp', async () => {
      await payOut(net, holder(), 70n * TOKEN)
      const votesOf = (account: Hex) => token().read.getVotes([account])
      expect(await votesOf(holder().address)).toBe(0n)

      await net.send(holder(), { ...token(), functionName: 'delegate', args: [holder().address] })
      expect(await token().read.delegates([holder().address])).toBe(holder().address)
      expect(await votesOf(holder().address)).toBe(await token().read.balanceOf([holder().address]))
      expect(await votesOf(holder().address)).toBe(70n * TOKEN)
      const delegatedAt = await token().read.clock()

      await net.testClient.increaseTime({ seconds: 60 })
      await net.send(holder(), { ...token(), functionName: 'transfer', args: [spender().address, 25n * TOKEN] })
      await net.testClient.mine({ blocks: 1 })
      expect(await votesOf(holder().address)).toBe(45n * TOKEN)
      // The recipient has not delegated, so its tokens carry no votes yet.
      expect(await votesOf(spender().address)).toBe(0n)
      expect(await token().read.getPastVotes([holder().address, BigInt(delegatedAt)])).toBe(70n * TOKEN)

      await net.send(holder(), { ...token(), functionName: 'delegate', args: [spender().address] })
      expect(await votesOf(holder().address)).toBe(0n)
      expect(await votesOf(spender().address)).toBe(45n * TOKEN)
    })
  })

  describe('rewardPool', () => {
    it('is the distributor, whose delegate is always zero and which may never delegate', async () => {
      const pool = net.deployment.distributor
      expect(await token().read.rewardPool()).toBe(pool)
      expect(await token().read.delegates([pool])).toBe(zeroAddress)
      expect(await revertOf(token().simulate.delegate([holder().address], { account: pool }))).toEqual({
        name: 'PinionTokenRewardPoolCannotDelegate',
        args: [pool],
      })
    })
  })

  describe('burn', () => {
    it('reduces the balance and the total supply', async () => {
      await payOut(net, holder(), 30n * TOKEN)
      const supplyBefore = await token().read.totalSupply()
      await net.send(holder(), { ...token(), functionName: 'burn', args: [12n * TOKEN] })
      expect(await token().read.balanceOf([holder().address])).toBe(18n * TOKEN)
      expect(await token().read.totalSupply()).toBe(supplyBefore - 12n * TOKEN)
    })

    it('lets an approved spender burnFrom, and rejects burning more than the allowance', async () => {
      await payOut(net, holder(), 30n * TOKEN)
      const supplyBefore = await token().read.totalSupply()
      await net.send(holder(), { ...token(), functionName: 'approve', args: [spender().address, 10n * TOKEN] })
      expect(await revertOf(token().simulate.burnFrom([holder().address, 11n * TOKEN], { account: spender().address }))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [spender().address, 10n * TOKEN, 11n * TOKEN],
      })
      await net.send(spender(), { ...token(), functionName: 'burnFrom', args: [holder().address, 10n * TOKEN] })
      expect(await token().read.balanceOf([holder().address])).toBe(20n * TOKEN)
      expect(await token().read.totalSupply()).toBe(supplyBefore - 10n * TOKEN)
    })
  })
})
