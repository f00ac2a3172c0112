/**
 * The price sources of Credits: GovernedPrice (deploy()'s default), QuorumPrice (signed by a quorum
 * of the oracles) and ChainlinkPrice (a token/USD feed, here the test-only TestAggregator), each
 * alone and behind Credits, whose maximum price age turns a stale price away.
 */
import { type Abi, type Account, type Address, type Hex, getAddress, getContract, hashTypedData, parseEventLogs, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  chainlinkPriceAbi,
  chainlinkPriceBytecode,
  governedPriceAbi,
  governedPriceBytecode,
  quorumPriceAbi,
  quorumPriceBytecode,
  testAggregatorAbi,
  testAggregatorBytecode,
} from '../generated/artifacts.ts'
import { DEVNET_CREDITS_PER_TOKEN, HELIUM_USD_PER_CREDIT, type PriceUpdate, creditsForTokens, creditsPerTokenFromUsd, priceUpdateTypedData } from '../sdk/credits.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { packOracleSignatures } from '../sdk/typedData.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { deploymentRevertOf, revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
const DEFAULT_ADMIN_ROLE = word(0)
/** Helium's maximum price age, deploy()'s default for Credits. */
const MAX_PRICE_AGE = 600n
/** The fixture's users are devnet accounts 5 to 9 (localNetwork); the buyer, users[1], holds genesis tokens. */
const buyer = devnetAccounts(10)[6]!
const stranger = devnetAccounts(10)[9]!

describe('credit price sources', () => {
  let net: Network
  beforeAll(async () => {
    net = await workerNetwork({
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: buyer.address, amount: 1_000n * TOKEN }] } },
    })
    await net.send(buyer, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.credits, 1_000n * TOKEN] })
  })
  revertEachTest(() => net)

  const credits = () => net.contracts.credits
  const now = async () => (await net.publicClient.getBlock()).timestamp
  const buy = (tokens: bigint) => net.send(buyer, { ...credits(), functionName: 'burnForCredits', args: [buyer.address, tokens] })
  /** The credits a purchase credited. */
  const bought = async (tokens: bigint) => {
    const receipt = await buy(tokens)
    return parseEventLogs({ abi: credits().abi, logs: receipt.logs, eventName: 'CreditsBought' })[0]!.args
  }
  const useSource = (address: Address) => net.governance({ ...credits(), functionName: 'setPriceSource', args: [address] })
  /** Deploys a contract from the admin account and returns its address. */
  async function deployed(abi: Abi, bytecode: Hex, args: readonly unknown[]): Promise<Address> {
    const hash = await net.walletFor(net.accounts.admin).deployContract({ abi, bytecode, args } as never)
    const { contractAddress } = await waitForReceipt(net.publicClient, hash)
    if (!contractAddress) throw new Error('no contract created')
    return getAddress(contractAddress)
  }

  describe('GovernedPrice', () => {
    const source = () => net.contracts.creditPrice

    it('is the price deploy() gives Credits, vouched for at every block, and only governance sets it', async () => {
      expect(await source().read.creditsPerToken()).toEqual([DEVNET_CREDITS_PER_TOKEN, await now()])
      // Hours later it is still fresh: governance vouches for it continuously.
      await net.travel(10n * 3_600n)
      expect((await bought(3n * TOKEN)).credits).toBe(300_000n)

      expect(await revertOf(net.send(stranger, { ...source(), functionName: 'setCreditsPerToken', args: [1n] }))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [stranger.address, DEFAULT_ADMIN_ROLE],
      })
      expect(await revertOf(net.governance({ ...source(), functionName: 'setCreditsPerToken', args: [0n] }))).toEqual({ name: 'ZeroPrice', args: [] })
      const set = await net.governance({ ...source(), functionName: 'setCreditsPerToken', args: [250_000n] })
      expect(parseEventLogs({ abi: governedPriceAbi, logs: set.logs }).map((l) => ({ eventName: l.eventName, args: l.args }))).toEqual([
        { eventName: 'CreditPriceChanged', args: { creditsPerToken: 250_000n } },
      ])
      expect(await bought(2n * TOKEN)).toMatchObject({ credits: 500_000n, price: 250_000n })
    })

    it('refuses a first price of zero', async () => {
      const creation = deployed(governedPriceAbi, governedPriceBytecode, [net.deployment.timelock, 0n])
      expect(await deploymentRevertOf(creation, governedPriceAbi)).toEqual({ name: 'ZeroPrice', args: [] })
    })
  })

  describe('QuorumPrice', () => {
    let address: Address
    beforeAll(async () => {
      address = await deployed(quorumPriceAbi, quorumPriceBytecode, [net.deployment.distributor])
    })
    const source = () => getContract({ address, abi: quorumPriceAbi, client: net.publicClient })

    /** `update` signed by `signers` (default: the quorum), with the current oracle-set version unless it names one. */
    async function signed(update: Omit<PriceUpdate, 'version'> & { version?: number }, signers?: readonly Account[]) {
      const full: PriceUpdate = { ...update, version: update.version ?? (await net.contracts.distributor.read.oracleSetVersion()) }
      const typedData = priceUpdateTypedData(net.chain.id, address, full)
      const signatures = await Promise.all((signers ?? net.accounts.oracles.slice(0, 2)).map(async (s) => ({ signer: s.address, signature: await s.signTypedData!(typedData) })))
      return [full, packOracleSignatures(signatures)] as const
    }
    const update = async (priceUpdate: Omit<PriceUpdate, 'version'> & { version?: number }, signers?: readonly Account[]) =>
      net.send(stranger, { address, abi: quorumPriceAbi, functionName: 'update', args: await signed(priceUpdate, signers) })

    it('takes a price signed by a quorum of the oracles, newer than the last and not from the future', async () => {
      expect(await source().read.oracles()).toBe(net.deployment.distributor)
      expect(await source().read.creditsPerToken()).toEqual([0n, 0n])
      const observedAt = (await now()) - 30n
      const [full] = await signed({ creditsPerToken: 123_456n, observedAt })
      expect(await source().read.priceUpdateDigest([full])).toBe(hashTypedData(priceUpdateTypedData(net.chain.id, address, full)))
      const receipt = await update({ creditsPerToken: 123_456n, observedAt })
      expect(parseEventLogs({ abi: quorumPriceAbi, logs: receipt.logs }).map((l) => ({ eventName: l.eventName, args: l.args }))).toEqual([
        { eventName: 'CreditPriceUpdated', args: { creditsPerToken: 123_456n, observedAt, version: full.version } },
      ])
      expect(await source().read.creditsPerToken()).toEqual([123_456n, observedAt])

      expect(await revertOf(update({ creditsPerToken: 1n, observedAt }))).toEqual({ name: 'PriceNotNewer', args: [observedAt, observedAt] })
      expect(await revertOf(update({ creditsPerToken: 1n, observedAt: observedAt - 1n }))).toEqual({ name: 'PriceNotNewer', args: [observedAt - 1n, observedAt] })
      const future = (await now()) + 1_000n
      const rejected = await revertOf(update({ creditsPerToken: 1n, observedAt: future }))
      expect(rejected.name).toBe('PriceFromFuture')
      expect(rejected.args[0]).toBe(future)
      expect(rejected.args[1] as bigint).toBeLessThan(future)
      expect(await revertOf(update({ creditsPerToken: 0n, observedAt: observedAt + 1n }))).toEqual({ name: 'PriceOutOfRange', args: [0n, (1n << 192n) - 1n] })
      expect(await revertOf(update({ creditsPerToken: 1n << 192n, observedAt: observedAt + 1n }))).toEqual({ name: 'PriceOutOfRange', args: [1n << 192n, (1n << 192n) - 1n] })
    })

    it('needs a quorum of the current oracle set, under its current version', async () => {
      const observedAt = await now()
      const [a] = net.accounts.oracles as [Account]
      expect(await revertOf(update({ creditsPerToken: 5n, observedAt }, [a]))).toEqual({ name: 'InsufficientSignatures', args: [1n, 2n] })
      expect(await revertOf(update({ creditsPerToken: 5n, observedAt }, [a, stranger]))).toEqual({ name: 'SignerNotOracle', args: [stranger.address] })
      const version = await net.contracts.distributor.read.oracleSetVersion()
      expect(await revertOf(update({ creditsPerToken: 5n, observedAt, version: version + 1 }))).toEqual({ name: 'StaleOracleSetVersion', args: [version + 1, version] })
    })

    it('prices credits once governance switches Credits to it, until the price is older than the maximum age', async () => {
      await useSource(address)
      expect(await revertOf(buy(TOKEN))).toEqual({ name: 'ZeroPrice', args: [] })
      const observedAt = await now()
      await update({ creditsPerToken: 200_000n, observedAt })
      expect(await bought(TOKEN)).toMatchObject({ credits: 200_000n, price: 200_000n })
      await net.testClient.setNextBlockTimestamp({ timestamp: observedAt + MAX_PRICE_AGE })
      expect(await bought(TOKEN)).toMatchObject({ credits: 200_000n })
      await net.testClient.setNextBlockTimestamp({ timestamp: observedAt + MAX_PRICE_AGE + 1n })
      await net.testClient.mine({ blocks: 1 })
      expect(await revertOf(buy(TOKEN))).toEqual({ name: 'StalePrice', args: [observedAt, MAX_PRICE_AGE] })
      expect(await revertOf(credits().read.price())).toEqual({ name: 'StalePrice', args: [observedAt, MAX_PRICE_AGE] })
      // A fresh price, or a longer maximum age from governance, and buying resumes.
      await net.governance({ ...credits(), functionName: 'setMaxPriceAge', args: [3_600n] })
      expect(await bought(TOKEN)).toMatchObject({ credits: 200_000n })
    })

    it('refuses an oracle set that is not a contract', async () => {
      expect(await deploymentRevertOf(deployed(quorumPriceAbi, quorumPriceBytecode, [stranger.address]), quorumPriceAbi)).toEqual({
        name: 'NotAContract',
        args: [stranger.address],
      })
    })
  })

  describe('ChainlinkPrice', () => {
    let feed: Address
    let address: Address
    beforeAll(async () => {
      feed = await deployed(testAggregatorAbi, testAggregatorBytecode, [8])
      address = await deployed(chainlinkPriceAbi, chainlinkPriceBytecode, [feed, HELIUM_USD_PER_CREDIT])
    })
    const source = () => getContract({ address, abi: chainlinkPriceAbi, client: net.publicClient })
    const setRound = (roundId: bigint, answer: bigint, updatedAt: bigint) =>
      net.send(net.accounts.admin, { address: feed, abi: testAggregatorAbi, functionName: 'setRound', args: [roundId, answer, updatedAt] })

    it('converts the feed’s USD answer at $0.00001 a credit, toward zero, with the round’s time', async () => {
      expect(await source().read.feed()).toBe(feed)
      expect(await source().read.usdPerCredit()).toBe(HELIUM_USD_PER_CREDIT)
      const at = await now()
      // $2.50 with 8 decimals: 250,000 credits per token.
      await setRound(1n, 250_000_000n, at)
      expect(await source().read.creditsPerToken()).toEqual([250_000n, at])
      expect(creditsPerTokenFromUsd(250_000_000n, 8)).toBe(250_000n)
      // $1.23456789: 123,456.789 credits, rounded down.
      await setRound(2n, 123_456_789n, at)
      expect((await source().read.creditsPerToken())[0]).toBe(123_456n)
      expect(creditsPerTokenFromUsd(123_456_789n, 8)).toBe(123_456n)
      // The test aggregator answers for its latest round only, as a feed without history would.
      const feedContract = getContract({ address: feed, abi: testAggregatorAbi, client: net.publicClient })
      expect(await feedContract.read.getRoundData([2n])).toEqual([2n, 123_456_789n, at, at, 2n])
      expect(await revertOf(feedContract.read.getRoundData([1n]))).toEqual({ name: 'NoDataPresent', args: [1n] })
      // Another feed's decimals are read with each price.
      await net.send(net.accounts.admin, { address: feed, abi: testAggregatorAbi, functionName: 'setDecimals', args: [18] })
      await setRound(3n, 3n * 10n ** 18n + 7n, at)
      expect((await source().read.creditsPerToken())[0]).toBe(creditsPerTokenFromUsd(3n * 10n ** 18n + 7n, 18))
      expect(creditsPerTokenFromUsd(3n * 10n ** 18n + 7n, 18)).toBe(300_000n)
    })

    it('refuses non-positive answers, incomplete rounds and feeds with too many decimals', async () => {
      const at = await now()
      await setRound(4n, 0n, at)
      expect(await revertOf(source().read.creditsPerToken())).toEqual({ name: 'InvalidAnswer', args: [0n] })
      await setRound(5n, -1n, at)
      expect(await revertOf(source().read.creditsPerToken())).toEqual({ name: 'InvalidAnswer', args: [-1n] })
      await setRound(6n, 100_000_000n, 0n)
      expect(await revertOf(source().read.creditsPerToken())).toEqual({ name: 'IncompleteRound', args: [6n] })
      await setRound(7n, 100_000_000n, at)
      await net.send(net.accounts.admin, { address: feed, abi: testAggregatorAbi, functionName: 'setDecimals', args: [39] })
      expect(await revertOf(source().read.creditsPerToken())).toEqual({ name: 'UnsupportedDecimals', args: [39] })
    })

    it('prices credits behind Credits, which refuses a round older than the maximum age', async () => {
      await useSource(address)
      const at = await now()
      await setRound(1n, 80_000_000n, at - MAX_PRICE_AGE + 5n) // $0.80
      const purchase = await bought(5n * TOKEN + 1n)
      expect(purchase).toMatchObject({ price: 80_000n, credits: creditsForTokens(5n * TOKEN + 1n, 80_000n) })
      expect(purchase.credits).toBe(400_000n)
      await setRound(2n, 80_000_000n, at - MAX_PRICE_AGE - 10n)
      expect(await revertOf(buy(TOKEN))).toEqual({ name: 'StalePrice', args: [at - MAX_PRICE_AGE - 10n, MAX_PRICE_AGE] })
      // $0.00000001 a token is less than a credit per token: the price rounds to zero, which Credits refuses.
      await setRound(3n, 1n, await now())
      expect(await revertOf(buy(TOKEN))).toEqual({ name: 'ZeroPrice', args: [] })
    })

    it('refuses a feed that is not a contract and a USD price per credit of zero or above the maximum', async () => {
      const fails = (args: readonly unknown[]) => deploymentRevertOf(deployed(chainlinkPriceAbi, chainlinkPriceBytecode, args), chainlinkPriceAbi)
      expect(await fails([zeroAddress, HELIUM_USD_PER_CREDIT])).toEqual({ name: 'NotAContract', args: [zeroAddress] })
      expect(await fails([feed, 0n])).toEqual({ name: 'InvalidUsdPerCredit', args: [0n] })
      expect(await fails([feed, 10n ** 36n + 1n])).toEqual({ name: 'InvalidUsdPerCredit', args: [10n ** 36n + 1n] })
      expect(await source().read.MAX_USD_PER_CREDIT()).toBe(10n ** 36n)
    })
  })
})
