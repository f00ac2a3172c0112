/**
 * Credits: buying by burning tokens at the price source's price, minting for off-chain payments
 * within a cap, delegation to a service key's escrow, on-chain spending, and the settlement of
 * quorum-signed receipts. Net emissions have their own file (netEmissions.chain.test.ts), the price
 * sources theirs (creditPrice.chain.test.ts).
 */
import { type Account, type Address, type Hex, type TransactionReceipt, keccak256, parseEventLogs, toHex, zeroAddress } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { creditsAbi, creditsBytecode } from '../generated/artifacts.ts'
import { DEVNET_CREDITS_PER_TOKEN, type Receipt, creditsForTokens, receiptSettlementTypedData, receiptsHash } from '../sdk/credits.ts'
import { deploy } from '../sdk/deploy.ts'
import { devnetAccounts } from '../sdk/devnet.ts'
import { pinionContracts } from '../sdk/contracts.ts'
import { packOracleSignatures } from '../sdk/typedData.ts'
import { withGasHeadroom } from '../sdk/gas.ts'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { EPOCH_DURATION, type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { deploymentRevertOf, revertOf } from '@pinion/testkit/reverts'
import { word } from '@pinion/testkit/words'
import { waitForReceipt } from '../sdk/waitForReceipt.ts'

const TOKEN = 10n ** 18n
/** What the buyer holds from genesis. */
const GENESIS = 1_000n * TOKEN
const DEFAULT_ADMIN_ROLE = word(0)
const PAYMENT_OPERATOR_ROLE = keccak256(toHex('PAYMENT_OPERATOR_ROLE'))
/** Routers' ed25519 public keys, as service keys. */
const ROUTER = keccak256(toHex('router'))
const OTHER_ROUTER = keccak256(toHex('other router'))

/** A receipt of `credits` for `serviceKey`, its id and device from `label`. */
const receiptOf = (label: string, serviceKey: Hex, credits: bigint): Receipt => ({
  id: keccak256(toHex(`receipt:${label}`)),
  serviceKey,
  deviceId: keccak256(toHex(`device:${label}`)),
  credits,
})

describe('Credits', () => {
  let net: Network
  let buyer: Account
  let holder: Account
  let market: Account
  let stranger: Account

  beforeAll(async () => {
    // The fixture's users are devnet accounts 5 to 9 (localNetwork); users[0] sends its own
    // transactions, so the buyer is users[1], named before the network exists for its genesis tokens.
    const users = devnetAccounts(10).slice(5, 10)
    ;[buyer, holder, market, stranger] = [users[1]!, users[2]!, users[3]!, users[4]!]
    net = await workerNetwork({
      deploy: { token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [{ holder: buyer.address, amount: GENESIS }] } },
    })
    await net.send(buyer, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.credits, GENESIS] })
  })
  revertEachTest(() => net)

  const credits = () => net.contracts.credits
  const call = (account: Account, functionName: string, args: readonly unknown[] = []) =>
    net.send(account, { address: net.deployment.credits, abi: creditsAbi, functionName, args })
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: creditsAbi, logs: receipt.logs }).map((log) => ({ eventName: log.eventName, args: log.args as Record<string, unknown> }))
  const balanceOf = (address: Address) => credits().read.balanceOf([address])
  const tokenBalanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const buy = (account: Address, tokens: bigint, payer = buyer) => call(payer, 'burnForCredits', [account, tokens])

  /** Moves chain time to the start of the next epoch and returns that epoch. */
  async function startOfNextEpoch(): Promise<bigint> {
    const { timestamp } = await net.publicClient.getBlock()
    const genesis = net.params.emissions.genesisTime
    const epoch = (timestamp - genesis) / EPOCH_DURATION + 1n
    await net.testClient.setNextBlockTimestamp({ timestamp: genesis + epoch * EPOCH_DURATION })
    await net.testClient.mine({ blocks: 1 })
    return epoch
  }

  /** `credits` bought by the buyer for `account` and delegated by it to `serviceKey`. */
  async function fundEscrow(serviceKey: Hex, amount: bigint, account = holder) {
    await buy(account.address, (amount * TOKEN) / DEVNET_CREDITS_PER_TOKEN)
    await call(account, 'delegate', [serviceKey, amount])
  }

  /** Signs a settlement of `receipts` for `epoch` by `signers` (default: the first two oracles, the quorum). */
  async function signSettlement(epoch: bigint, receipts: readonly Receipt[], options: { signers?: readonly Account[]; version?: number } = {}) {
    const version = options.version ?? (await net.contracts.distributor.read.oracleSetVersion())
    const typedData = receiptSettlementTypedData(net.chain.id, net.deployment.credits, { epoch, version, receiptsHash: receiptsHash(receipts) })
    const signers = options.signers ?? net.accounts.oracles.slice(0, 2)
    const signatures = await Promise.all(signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) })))
    return { version, signatures: packOracleSignatures(signatures) }
  }

  /** Settles `receipts` for `epoch`, signed by the quorum; anyone submits, here the stranger. */
  async function settle(epoch: bigint, receipts: readonly Receipt[]) {
    const { version, signatures } = await signSettlement(epoch, receipts)
    return call(stranger, 'settleReceipts', [epoch, version, receipts, signatures])
  }
  const settleFails = async (epoch: bigint, receipts: readonly Receipt[], signed?: { version: number; signatures: Hex }) => {
    const { version, signatures } = signed ?? (await signSettlement(epoch, receipts))
    return revertOf(call(stranger, 'settleReceipts', [epoch, version, receipts, signatures]))
  }

  describe('deployment', () => {
    it('is wired by deploy(): the token, the distributor as oracle set, a GovernedPrice, the schedule of Emissions, governance as admin', async () => {
      expect(await credits().read.token()).toBe(net.deployment.token)
      expect(await credits().read.oracles()).toBe(net.deployment.distributor)
      expect(await credits().read.priceSource()).toBe(net.deployment.creditPrice)
      expect(await credits().read.price()).toEqual([DEVNET_CREDITS_PER_TOKEN, (await net.publicClient.getBlock()).timestamp])
      expect(await credits().read.maxPriceAge()).toBe(600n)
      expect(await credits().read.epochSchedule()).toEqual([net.params.emissions.genesisTime, net.params.emissions.epochDuration])
      expect(await credits().read.paymentCapPerEpoch()).toBe(0n)
      // Net emissions are off unless asked for: the revenue-share mode.
      expect(await credits().read.netEmissionCapPerEpoch()).toEqual([0n, 0n])
      expect(await credits().read.hasRole([DEFAULT_ADMIN_ROLE, net.deployment.timelock])).toBe(true)
      for (const role of [DEFAULT_ADMIN_ROLE, PAYMENT_OPERATOR_ROLE]) {
        expect(await credits().read.hasRole([role, net.accounts.admin.address])).toBe(false)
      }
      expect(await credits().read.guardian()).toBe(net.accounts.guardian.address)
      expect(await net.contracts.creditPrice.read.hasRole([DEFAULT_ADMIN_ROLE, net.deployment.timelock])).toBe(true)
      expect(await net.contracts.creditPrice.read.hasRole([DEFAULT_ADMIN_ROLE, net.accounts.admin.address])).toBe(false)
    })

    it('takes its settings and payment operators from DeployParams.credits', async () => {
      const operator = stranger.address
      const deployment = await deploy(net.walletFor(holder), {
        ...net.params,
        credits: { creditsPerToken: 7n, maxPriceAgeSeconds: 60, paymentCapPerEpoch: 500n, netEmissionCapPerEpoch: 3n * TOKEN, paymentOperators: [operator] },
      })
      const other = pinionContracts(deployment, net.publicClient)
      expect((await other.credits.read.price())[0]).toBe(7n)
      expect(await other.credits.read.maxPriceAge()).toBe(60n)
      expect(await other.credits.read.paymentCapPerEpoch()).toBe(500n)
      expect(await other.credits.read.netEmissionCapPerEpoch()).toEqual([3n * TOKEN, 0n])
      expect(await other.credits.read.hasRole([PAYMENT_OPERATOR_ROLE, operator])).toBe(true)
      expect(await other.emissions.read.credits()).toBe(deployment.credits)
    })

    it('refuses bad credits parameters in deploy() before sending anything', async () => {
      const rejects = (credits: NonNullable<Network['params']['credits']>, message: RegExp) =>
        expect(deploy(net.walletFor(holder), { ...net.params, credits })).rejects.toMatchObject({ code: 'PINION_ERR_DEPLOY_PARAMS', message: expect.stringMatching(message) })
      await rejects({ creditsPerToken: 0n }, /credits\.creditsPerToken is 0/)
      await rejects({ maxPriceAgeSeconds: -1 }, /credits\.maxPriceAgeSeconds is -1/)
      await rejects({ paymentCapPerEpoch: -1n }, /paymentCapPerEpoch must not be negative/)
      await rejects(
        { netEmissionCapPerEpoch: 1n << 192n },
        /netEmissionCapPerEpoch is 6277101735386680763835789423207666416102355444464034512896, expected 0 \(off\) to 2\^192 - 1/,
      )
      await rejects({ paymentOperators: [zeroAddress] }, /payment operator 0x0{40} is not an address, or is the zero address/)
    })

    it('refuses constructor arguments it cannot work with', async () => {
      const wallet = net.walletFor(net.accounts.admin)
      const { genesisTime, epochDuration } = net.params.emissions
      const args = (change: Partial<Record<'token' | 'oracles' | 'price' | 'duration' | 'netCap', unknown>>) =>
        [
          change.token ?? net.deployment.token,
          change.oracles ?? net.deployment.distributor,
          net.deployment.timelock,
          zeroAddress,
          change.price ?? net.deployment.creditPrice,
          600n,
          genesisTime,
          change.duration ?? epochDuration,
          0n,
          change.netCap ?? 0n,
          [],
        ] as const
      const fails = (change: Parameters<typeof args>[0]) =>
        deploymentRevertOf(wallet.deployContract({ abi: creditsAbi, bytecode: creditsBytecode, args: args(change) as never }), creditsAbi)
      expect(await fails({ token: stranger.address })).toEqual({ name: 'NotAContract', args: [stranger.address] })
      expect(await fails({ oracles: zeroAddress })).toEqual({ name: 'NotAContract', args: [zeroAddress] })
      expect(await fails({ price: stranger.address })).toEqual({ name: 'NotAContract', args: [stranger.address] })
      expect(await fails({ duration: 0n })).toEqual({ name: 'ZeroEpochDuration', args: [] })
      expect(await fails({ netCap: 1n << 192n })).toEqual({ name: 'NetEmissionCapTooLarge', args: [1n << 192n, (1n << 192n) - 1n] })
    })

    it('has no way to move credits between accounts', () => {
      const functions = creditsAbi.filter((item) => item.type === 'function').map((item) => item.name)
      for (const name of ['transfer', 'transferFrom', 'undelegate', 'withdraw', 'redelegate']) expect(functions).not.toContain(name)
    })
  })

  describe('burnForCredits', () => {
    it('burns the payer’s tokens and credits tokens · price / 10^18 to the account it names, counted in the epoch', async () => {
      const tokens = 12n * TOKEN + 345n
      const expected = creditsForTokens(tokens, DEVNET_CREDITS_PER_TOKEN)
      expect(expected).toBe(1_200_000n) // 345 base units buy nothing more: rounded toward zero
      expect(await credits().read.creditsFor([tokens])).toBe(expected)
      const supply = await net.contracts.token.read.totalSupply()

      const receipt = await buy(holder.address, tokens)
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'CreditsBought', args: { payer: buyer.address, account: holder.address, tokens, credits: expected, price: DEVNET_CREDITS_PER_TOKEN, epoch: 0n } },
      ])
      expect(await balanceOf(holder.address)).toBe(expected)
      expect(await balanceOf(buyer.address)).toBe(0n)
      expect(await tokenBalanceOf(buyer.address)).toBe(GENESIS - tokens)
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - tokens)
      expect(await tokenBalanceOf(net.deployment.credits)).toBe(0n)
      expect(await credits().read.tokensBurnedIn([0n])).toBe(tokens)

      await buy(buyer.address, TOKEN)
      expect(await balanceOf(buyer.address)).toBe(DEVNET_CREDITS_PER_TOKEN)
      expect(await credits().read.tokensBurnedIn([0n])).toBe(tokens + TOKEN)
      const next = await startOfNextEpoch()
      const later = await buy(buyer.address, 2n * TOKEN)
      expect(eventsOf(later)[0]!.args.epoch).toBe(next)
      expect(await credits().read.tokensBurnedIn([0n])).toBe(tokens + TOKEN)
      expect(await credits().read.tokensBurnedIn([next])).toBe(2n * TOKEN)
      expect(await credits().read.tokensBurnedIn([next + 1n])).toBe(0n)
    })

    it('refuses tokens that buy no whole credit, the zero account, and a payer who has not approved enough', async () => {
      // 10^13 base units buy exactly one credit at 100,000 credits per token.
      expect(await revertOf(buy(holder.address, 10n ** 13n - 1n))).toEqual({ name: 'ZeroCredits', args: [10n ** 13n - 1n, DEVNET_CREDITS_PER_TOKEN] })
      expect(await revertOf(buy(holder.address, 0n))).toEqual({ name: 'ZeroCredits', args: [0n, DEVNET_CREDITS_PER_TOKEN] })
      await buy(holder.address, 10n ** 13n)
      expect(await balanceOf(holder.address)).toBe(1n)
      expect(await revertOf(buy(zeroAddress, TOKEN))).toEqual({ name: 'InvalidAccount', args: [zeroAddress] })
      await net.send(buyer, { ...net.contracts.token, functionName: 'approve', args: [net.deployment.credits, TOKEN] })
      expect(await revertOf(buy(holder.address, 2n * TOKEN))).toEqual({ name: 'ERC20InsufficientAllowance', args: [net.deployment.credits, TOKEN, 2n * TOKEN] })
    })

    it('is paused by the guardian, and so is payment minting; delegation, spending and settlement are not', async () => {
      await fundEscrow(ROUTER, 100n)
      await buy(holder.address, TOKEN)
      await net.governance({ ...credits(), functionName: 'grantRole', args: [PAYMENT_OPERATOR_ROLE, market.address] })
      await net.governance({ ...credits(), functionName: 'setPaymentCapPerEpoch', args: [1_000n] })
      await net.send(net.accounts.guardian, { ...credits(), functionName: 'pause' })

      expect(await revertOf(buy(holder.address, TOKEN))).toEqual({ name: 'EnforcedPause', args: [] })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 5n, word(1)]))).toEqual({ name: 'EnforcedPause', args: [] })
      await call(holder, 'delegate', [ROUTER, 10n])
      await call(holder, 'spend', [10n, word(2)])
      await startOfNextEpoch()
      await settle(0n, [receiptOf('paused', ROUTER, 110n)])
      expect(await credits().read.escrowOf([ROUTER])).toBe(0n)

      expect(await revertOf(call(stranger, 'unpause'))).toEqual({ name: 'NotGuardianOrGovernance', args: [stranger.address] })
      await net.send(net.accounts.guardian, { ...credits(), functionName: 'unpause' })
      await buy(holder.address, TOKEN)
    })
  })

  describe('gas across an epoch boundary', () => {
    it('an estimate made in one epoch runs out in the next, where the first burn writes a new slot; withGasHeadroom covers it', async () => {
      await buy(holder.address, TOKEN)
      const call = { address: net.deployment.credits, abi: creditsAbi, functionName: 'burnForCredits', args: [holder.address, TOKEN], account: buyer } as const
      // Estimated while the chain is in the epoch of the first burn: the second one adds to its slot.
      const estimate = await net.publicClient.estimateContractGas(call)
      const nextEpochAt = async () => {
        const { timestamp } = await net.publicClient.getBlock()
        const genesis = net.params.emissions.genesisTime
        return genesis + ((timestamp - genesis) / EPOCH_DURATION + 1n) * EPOCH_DURATION
      }
      const snapshot = await net.testClient.snapshot()
      await net.testClient.setNextBlockTimestamp({ timestamp: await nextEpochAt() })
      const bare = await net.walletFor(buyer).writeContract({ ...call, gas: estimate })
      expect((await waitForReceipt(net.publicClient, bare)).status).toBe('reverted')
      await net.testClient.revert({ id: snapshot })
      await net.testClient.setNextBlockTimestamp({ timestamp: await nextEpochAt() })
      const padded = await net.walletFor(buyer).writeContract({ ...call, gas: withGasHeadroom(estimate) })
      expect((await waitForReceipt(net.publicClient, padded)).status).toBe('success')
    })
  })

  describe('governance settings', () => {
    it('lets only governance switch the price source (to a contract), the price age and the payment cap', async () => {
      const unauthorized = { name: 'AccessControlUnauthorizedAccount', args: [stranger.address, DEFAULT_ADMIN_ROLE] }
      expect(await revertOf(call(stranger, 'setPriceSource', [net.deployment.token]))).toEqual(unauthorized)
      expect(await revertOf(call(stranger, 'setMaxPriceAge', [1n]))).toEqual(unauthorized)
      expect(await revertOf(call(stranger, 'setPaymentCapPerEpoch', [1n]))).toEqual(unauthorized)
      expect(await revertOf(call(stranger, 'setNetEmissionCapPerEpoch', [1n]))).toEqual(unauthorized)
      expect(await revertOf(call(stranger, 'grantRole', [PAYMENT_OPERATOR_ROLE, stranger.address]))).toEqual(unauthorized)
      expect(await revertOf(net.governance({ ...credits(), functionName: 'setPriceSource', args: [stranger.address] }))).toEqual({ name: 'NotAContract', args: [stranger.address] })

      const switched = await net.governance({ ...credits(), functionName: 'setPriceSource', args: [net.deployment.registry] })
      expect(eventsOf(switched)).toEqual([{ eventName: 'PriceSourceChanged', args: { previous: net.deployment.creditPrice, next: net.deployment.registry } }])
      expect(await credits().read.priceSource()).toBe(net.deployment.registry)
      const aged = await net.governance({ ...credits(), functionName: 'setMaxPriceAge', args: [30n] })
      expect(eventsOf(aged)).toEqual([{ eventName: 'MaxPriceAgeChanged', args: { maxAge: 30n } }])
      expect(await credits().read.maxPriceAge()).toBe(30n)
      const capped = await net.governance({ ...credits(), functionName: 'setPaymentCapPerEpoch', args: [9n] })
      expect(eventsOf(capped)).toEqual([{ eventName: 'PaymentCapChanged', args: { cap: 9n } }])
      expect(await credits().read.paymentCapPerEpoch()).toBe(9n)
    })
  })

  describe('mintForPayment', () => {
    beforeAll(async () => {
      await net.governance({ ...credits(), functionName: 'grantRole', args: [PAYMENT_OPERATOR_ROLE, market.address] })
      await net.governance({ ...credits(), functionName: 'setPaymentCapPerEpoch', args: [1_000n] })
    })

    it('mints credits for a payment reference once, within the cap of each epoch', async () => {
      const minted = await call(market, 'mintForPayment', [holder.address, 600n, word(1)])
      expect(eventsOf(minted)).toEqual([
        { eventName: 'CreditsMintedForPayment', args: { operator: market.address, account: holder.address, credits: 600n, paymentRef: word(1), epoch: 0n } },
      ])
      expect(await balanceOf(holder.address)).toBe(600n)
      expect(await credits().read.paymentRecorded([word(1)])).toBe(true)
      expect(await credits().read.paymentsMintedIn([0n])).toBe(600n)
      // No token was burnt: nothing counts toward net emissions.
      expect(await credits().read.tokensBurnedIn([0n])).toBe(0n)

      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 1n, word(1)]))).toEqual({ name: 'PaymentAlreadyRecorded', args: [word(1)] })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 401n, word(2)]))).toEqual({ name: 'PaymentCapExceeded', args: [0n, 600n, 401n, 1_000n] })
      await call(market, 'mintForPayment', [holder.address, 400n, word(2)])
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 1n, word(3)]))).toEqual({ name: 'PaymentCapExceeded', args: [0n, 1_000n, 1n, 1_000n] })

      const epoch = await startOfNextEpoch()
      await call(market, 'mintForPayment', [holder.address, 1_000n, word(3)])
      expect(await credits().read.paymentsMintedIn([epoch])).toBe(1_000n)
      expect(await balanceOf(holder.address)).toBe(2_000n)
    })

    it('refuses anyone without the role, zero credits, a zero reference, the zero account, and everything when the cap is lowered below what was minted', async () => {
      expect(await revertOf(call(stranger, 'mintForPayment', [holder.address, 1n, word(1)]))).toEqual({
        name: 'AccessControlUnauthorizedAccount',
        args: [stranger.address, PAYMENT_OPERATOR_ROLE],
      })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 0n, word(1)]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 1n, word(0)]))).toEqual({ name: 'ZeroPaymentRef', args: [] })
      expect(await revertOf(call(market, 'mintForPayment', [zeroAddress, 1n, word(1)]))).toEqual({ name: 'InvalidAccount', args: [zeroAddress] })
      await call(market, 'mintForPayment', [holder.address, 800n, word(1)])
      await net.governance({ ...credits(), functionName: 'setPaymentCapPerEpoch', args: [500n] })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 1n, word(2)]))).toEqual({ name: 'PaymentCapExceeded', args: [0n, 800n, 1n, 500n] })
      expect(await revertOf(call(market, 'mintForPayment', [holder.address, 2n ** 256n - 1n, word(2)]))).toEqual({
        name: 'PaymentCapExceeded',
        args: [0n, 800n, 2n ** 256n - 1n, 500n],
      })
    })
  })

  describe('delegate', () => {
    it('moves credits from the account into the service key’s escrow, which only grows', async () => {
      await buy(holder.address, TOKEN)
      const first = await call(holder, 'delegate', [ROUTER, 30_000n])
      expect(eventsOf(first)).toEqual([{ eventName: 'CreditsDelegated', args: { account: holder.address, serviceKey: ROUTER, credits: 30_000n, escrowTotal: 30_000n } }])
      await buy(buyer.address, TOKEN)
      const second = await call(buyer, 'delegate', [ROUTER, 5n])
      expect(eventsOf(second)[0]!.args).toMatchObject({ account: buyer.address, credits: 5n, escrowTotal: 30_005n })
      expect(await credits().read.escrowOf([ROUTER])).toBe(30_005n)
      expect(await credits().read.escrowOf([OTHER_ROUTER])).toBe(0n)
      expect(await balanceOf(holder.address)).toBe(70_000n)
      expect(await balanceOf(buyer.address)).toBe(99_995n)
    })

    it('refuses more than the balance, zero credits and the zero service key', async () => {
      await buy(holder.address, TOKEN)
      expect(await revertOf(call(holder, 'delegate', [ROUTER, 100_001n]))).toEqual({ name: 'InsufficientCredits', args: [holder.address, 100_000n, 100_001n] })
      expect(await revertOf(call(holder, 'delegate', [ROUTER, 0n]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(holder, 'delegate', [word(0), 1n]))).toEqual({ name: 'ZeroServiceKey', args: [] })
    })
  })

  describe('spending', () => {
    it('lets an approved market burn credits within its allowance, and the account burn its own', async () => {
      await buy(holder.address, TOKEN)
      const approved = await call(holder, 'approve', [market.address, 300n])
      expect(eventsOf(approved)).toEqual([{ eventName: 'CreditsSpendingApproved', args: { account: holder.address, spender: market.address, credits: 300n } }])
      const spent = await call(market, 'spendFrom', [holder.address, 200n, word(7)])
      expect(eventsOf(spent)).toEqual([{ eventName: 'CreditsSpent', args: { account: holder.address, spender: market.address, credits: 200n, memo: word(7) } }])
      expect(await credits().read.allowance([holder.address, market.address])).toBe(100n)
      expect(await balanceOf(holder.address)).toBe(99_800n)
      expect(await revertOf(call(market, 'spendFrom', [holder.address, 101n, word(7)]))).toEqual({
        name: 'InsufficientAllowance',
        args: [holder.address, market.address, 100n, 101n],
      })
      expect(await revertOf(call(stranger, 'spendFrom', [holder.address, 1n, word(7)]))).toEqual({
        name: 'InsufficientAllowance',
        args: [holder.address, stranger.address, 0n, 1n],
      })

      const own = await call(holder, 'spend', [800n, word(8)])
      expect(eventsOf(own)).toEqual([{ eventName: 'CreditsSpent', args: { account: holder.address, spender: holder.address, credits: 800n, memo: word(8) } }])
      expect(await balanceOf(holder.address)).toBe(99_000n)
    })

    it('never decreases an unlimited allowance, and stops at the balance', async () => {
      await buy(holder.address, TOKEN)
      await call(holder, 'approve', [market.address, 2n ** 256n - 1n])
      await call(market, 'spendFrom', [holder.address, 60_000n, word(1)])
      expect(await credits().read.allowance([holder.address, market.address])).toBe(2n ** 256n - 1n)
      expect(await revertOf(call(market, 'spendFrom', [holder.address, 40_001n, word(1)]))).toEqual({ name: 'InsufficientCredits', args: [holder.address, 40_000n, 40_001n] })
      expect(await revertOf(call(holder, 'spend', [40_001n, word(1)]))).toEqual({ name: 'InsufficientCredits', args: [holder.address, 40_000n, 40_001n] })
      expect(await revertOf(call(holder, 'spend', [0n, word(1)]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(market, 'spendFrom', [holder.address, 0n, word(1)]))).toEqual({ name: 'ZeroAmount', args: [] })
      expect(await revertOf(call(holder, 'approve', [zeroAddress, 1n]))).toEqual({ name: 'InvalidAccount', args: [zeroAddress] })
    })
  })

  describe('settleReceipts', () => {
    it('burns each receipt from its service key’s escrow, once, signed by a quorum over keccak256(abi.encode(receipts))', async () => {
      await fundEscrow(ROUTER, 1_000n)
      await fundEscrow(OTHER_ROUTER, 500n)
      const receipts = [receiptOf('a', ROUTER, 300n), receiptOf('b', OTHER_ROUTER, 500n), receiptOf('c', ROUTER, 700n)]
      // The TypeScript mirror hashes as the contract does.
      expect(await credits().read.hashReceipts([receipts])).toBe(receiptsHash(receipts))
      await startOfNextEpoch()

      const receipt = await settle(0n, receipts)
      expect(eventsOf(receipt)).toEqual([
        ...receipts.map(({ id, serviceKey, deviceId, credits }) => ({ eventName: 'ReceiptSettled', args: { id, serviceKey, deviceId, credits } })),
        { eventName: 'ReceiptsSettled', args: { epoch: 0n, count: 3n, totalCredits: 1_500n } },
      ])
      expect(await credits().read.escrowOf([ROUTER])).toBe(0n)
      expect(await credits().read.escrowOf([OTHER_ROUTER])).toBe(0n)
      expect(await credits().read.nextSettlementEpoch()).toBe(1n)
      for (const { id } of receipts) expect(await credits().read.isReceiptSettled([id])).toBe(true)
      expect(await credits().read.isReceiptSettled([word(1)])).toBe(false)
    })

    it('settles epochs in order, skipping epochs without receipts, and only epochs that have ended', async () => {
      await fundEscrow(ROUTER, 1_000n)
      expect(await settleFails(0n, [])).toEqual({ name: 'EpochNotEnded', args: [0n, 0n] })
      await startOfNextEpoch()
      await startOfNextEpoch()
      const current = await startOfNextEpoch()
      expect(current).toBe(3n)
      expect(await settleFails(3n, [])).toEqual({ name: 'EpochNotEnded', args: [3n, 3n] })
      await settle(1n, [receiptOf('1', ROUTER, 10n)])
      expect(await settleFails(1n, [receiptOf('1 again', ROUTER, 10n)])).toEqual({ name: 'EpochAlreadySettled', args: [1n, 2n] })
      expect(await settleFails(0n, [receiptOf('0', ROUTER, 10n)])).toEqual({ name: 'EpochAlreadySettled', args: [0n, 2n] })
      const empty = await settle(2n, [])
      expect(eventsOf(empty)).toEqual([{ eventName: 'ReceiptsSettled', args: { epoch: 2n, count: 0n, totalCredits: 0n } }])
      expect(await credits().read.nextSettlementEpoch()).toBe(3n)
      expect(await credits().read.escrowOf([ROUTER])).toBe(990n)
    })

    it('settles each receipt id once, ever: not twice in a batch, nor again in a later epoch', async () => {
      await fundEscrow(ROUTER, 1_000n)
      await startOfNextEpoch()
      await startOfNextEpoch()
      const once = receiptOf('once', ROUTER, 10n)
      expect(await settleFails(0n, [once, { ...once, credits: 20n }])).toEqual({ name: 'ReceiptAlreadySettled', args: [once.id] })
      await settle(0n, [once])
      expect(await settleFails(1n, [receiptOf('other', ROUTER, 1n), once])).toEqual({ name: 'ReceiptAlreadySettled', args: [once.id] })
      expect(await credits().read.escrowOf([ROUTER])).toBe(990n)
    })

    it('refuses a receipt above its escrow, so not even a quorum burns credits nobody delegated', async () => {
      await fundEscrow(ROUTER, 100n)
      await startOfNextEpoch()
      const over = receiptOf('over', ROUTER, 61n)
      expect(await settleFails(0n, [receiptOf('first', ROUTER, 40n), over])).toEqual({ name: 'ReceiptOverBalance', args: [over.id, ROUTER, 60n, 61n] })
      const nobody = receiptOf('nobody', OTHER_ROUTER, 1n)
      expect(await settleFails(0n, [nobody])).toEqual({ name: 'ReceiptOverBalance', args: [nobody.id, OTHER_ROUTER, 0n, 1n] })
      expect(await credits().read.escrowOf([ROUTER])).toBe(100n)
      expect(await credits().read.nextSettlementEpoch()).toBe(0n)
    })

    it('takes signatures by a quorum of the current oracle set, over exactly these receipts, under the current version', async () => {
      await fundEscrow(ROUTER, 100n)
      await startOfNextEpoch()
      const receipts = [receiptOf('x', ROUTER, 10n)]
      const [a, b, c] = net.accounts.oracles as [Account, Account, Account]

      // One oracle alone is not a quorum.
      expect(await settleFails(0n, receipts, await signSettlement(0n, receipts, { signers: [a] }))).toEqual({ name: 'InsufficientSignatures', args: [1n, 2n] })
      // A stranger's signature does not count.
      expect(await settleFails(0n, receipts, await signSettlement(0n, receipts, { signers: [a, stranger] }))).toMatchObject({ name: 'SignerNotOracle' })
      // Signatures over other receipts (or another epoch) recover to other addresses.
      const signedOther = await signSettlement(0n, [{ ...receipts[0]!, credits: 1n }], { signers: [a, b] })
      expect(await settleFails(0n, receipts, signedOther)).toMatchObject({ name: 'SignerNotOracle' })
      // Out of ascending order, or twice the same oracle.
      const signed = await signSettlement(0n, receipts, { signers: [b, c] })
      const [first, second] = [signed.signatures.slice(2, 130), signed.signatures.slice(130)]
      const reversed = `0x${second}${first}` as Hex
      const ordered = [b.address, c.address].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)) as [Address, Address]
      expect(await settleFails(0n, receipts, { version: signed.version, signatures: reversed })).toEqual({ name: 'SignersNotAscending', args: [ordered[1], ordered[0]] })
      expect(await settleFails(0n, receipts, { version: signed.version, signatures: `0x${first}${first}` })).toMatchObject({ name: 'SignersNotAscending' })
      // Not whole 64-byte signatures, or one that recovers to nobody.
      expect(await settleFails(0n, receipts, { version: signed.version, signatures: `${signed.signatures}00` })).toEqual({ name: 'MalformedSignatures', args: [129n] })
      expect(await settleFails(0n, receipts, { version: signed.version, signatures: `0x${'00'.repeat(128)}` })).toEqual({ name: 'InvalidSignature', args: [0n] })

      // A change of the oracle set bumps its version: signatures under the old one are refused.
      const version = await net.contracts.distributor.read.oracleSetVersion()
      await net.governance({ ...net.contracts.distributor, functionName: 'setQuorum', args: [3] })
      expect(await settleFails(0n, receipts, signed)).toEqual({ name: 'StaleOracleSetVersion', args: [version, version + 1] })
      expect(await settleFails(0n, receipts, await signSettlement(0n, receipts, { signers: [a, b] }))).toEqual({ name: 'InsufficientSignatures', args: [2n, 3n] })
      const all = await signSettlement(0n, receipts, { signers: [a, b, c] })
      await call(stranger, 'settleReceipts', [0n, all.version, receipts, all.signatures])
      expect(await credits().read.escrowOf([ROUTER])).toBe(90n)
    })
  })
})
