/**
 * ComputeMarket (the compute kind's contract): orders posted and cancelled; bids placed, withdrawn,
 * accepted by the customer or the lowest by anyone; leases started, claimed as no-shows, settled by
 * the second with pay held for the approval window or approved early, closed by either side, by
 * time-up and by depletion; the oracles' quorum-signed verdicts, verified or faulted; pull payments.
 * After every step that moves tokens, the market holds exactly what it owes: open orders' deposits,
 * open bids' collateral, leases' escrow and collateral, and every balance.
 */
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { revertOf } from '@pinion/testkit/reverts'
import {
  type Account,
  type Address,
  BaseError,
  type Hex,
  type TransactionReceipt,
  decodeErrorResult,
  encodeDeployData,
  getContract,
  hashTypedData,
  keccak256,
  parseEventLogs,
  toHex,
  zeroAddress,
} from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { deviceRegistryAbi } from '../../../generated/artifacts.ts'
import { kindArtifacts } from '../../../generated/kinds/index.ts'
import { devnetAccounts } from '../../../sdk/devnet.ts'
import { packOracleSignatures } from '../../../sdk/typedData.ts'
import { FAULT_CODES, computeSettlement, hashVerdicts } from '@pinion/kinds/compute'
import { type Verdict, verdictRecords } from './verdictRecords.ts'

const { abi: computeMarketAbi, bytecode: computeMarketBytecode } = kindArtifacts.compute.ComputeMarket
const TOKEN = 10n ** 18n
/** What each provider and the customer hold from genesis. */
const GENESIS = 100_000n * TOKEN
/** ComputeMarket.BID_COLLATERAL: half a token. */
const COLLATERAL = TOKEN / 2n
/** ComputeMarket's states and close reasons, by name. */
const OrderState = { Open: 0, Leased: 1, Cancelled: 2 } as const
const BidState = { Open: 0, Withdrawn: 1, Lost: 2, Won: 3, NoShow: 4 } as const
const LeaseState = { Formed: 0, Active: 1, Closed: 2, Finalized: 3, NoShow: 4, Faulted: 5 } as const
const Reason = { Customer: 0, Provider: 1, TimeUp: 2, Depleted: 3, Fault: 4 } as const

/** The order's most per second: 0.001 token. */
const MAX_PRICE = 10n ** 15n
/** The price the tests' winning bids ask per second. */
const PRICE = 6n * 10n ** 14n
const DURATION = 3_600
const BIDDING = 600
const WINDOW = 3_600
const RESOURCES = { cpuMillis: 500, memoryMiB: 256, storageMiB: 0 }
const SPEC = keccak256(toHex('pinion-test:compute:manifest'))

/** postOrder's arguments, by name. */
type OrderArgs = {
  specHash: Hex
  resources: typeof RESOURCES
  maxPricePerSecond: bigint
  durationSeconds: number
  deposit: bigint
  biddingSeconds: number
  approvalWindowSeconds: number
}
const ORDER: OrderArgs = {
  specHash: SPEC,
  resources: RESOURCES,
  maxPricePerSecond: MAX_PRICE,
  durationSeconds: DURATION,
  deposit: MAX_PRICE * BigInt(DURATION),
  biddingSeconds: BIDDING,
  approvalWindowSeconds: WINDOW,
}
const orderArgs = (o: OrderArgs) => [o.specHash, o.resources, o.maxPricePerSecond, o.durationSeconds, o.deposit, o.biddingSeconds, o.approvalWindowSeconds] as const

type Fn =
  | 'postOrder'
  | 'cancelOrder'
  | 'bid'
  | 'withdrawBid'
  | 'acceptBid'
  | 'acceptLowest'
  | 'startLease'
  | 'claimNoShow'
  | 'approve'
  | 'settle'
  | 'closeLease'
  | 'recordVerdicts'
  | 'withdraw'

describe('ComputeMarket (the compute kind’s contract)', () => {
  let net: Network
  let provider: Account
  let provider2: Account
  let customer: Account
  let stranger: Account
  /** deviceA and deviceC are provider's, deviceB provider2's. */
  let deviceA: bigint
  let deviceB: bigint
  let deviceC: bigint
  const marketAt = (address: Address) => getContract({ address, abi: computeMarketAbi, client: net.publicClient })
  let market: ReturnType<typeof marketAt>

  beforeAll(async () => {
    const [first, second, third, fourth] = devnetAccounts(9).slice(5, 9)
    ;[provider, provider2, customer, stranger] = [first!, second!, third!, fourth!]
    net = await workerNetwork({
      deploy: {
        token: {
          name: 'Pinion',
          symbol: 'PIN',
          cap: TOKEN_CAP,
          genesisAllocations: [
            { holder: provider.address, amount: GENESIS },
            { holder: provider2.address, amount: GENESIS },
            { holder: customer.address, amount: GENESIS },
          ],
        },
        kinds: ['compute'],
      },
    })
    market = marketAt(net.deployment.kinds.compute!.ComputeMarket!)
    deviceA = await net.registerDevice(provider.address, 'compute device a')
    deviceB = await net.registerDevice(provider2.address, 'compute device b')
    deviceC = await net.registerDevice(provider.address, 'compute device c')
    for (const account of [provider, provider2, customer]) {
      await net.send(account, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
    }
  })
  revertEachTest(() => net)

  const call = (account: Account, functionName: Fn, args: readonly unknown[] = []) => net.send(account, { address: market.address, abi: computeMarketAbi, functionName, args })
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: computeMarketAbi, logs: receipt.logs })
      .filter((log) => log.address.toLowerCase() === market.address.toLowerCase())
      .map((log) => ({ eventName: log.eventName, args: log.args as Record<string, unknown> }))
  const namesOf = (receipt: TransactionReceipt) => eventsOf(receipt).map((e) => e.eventName)
  const tokenBalanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const registry = () => ({ address: net.deployment.registry, abi: deviceRegistryAbi }) as const
  const latest = async () => (await net.publicClient.getBlock({ blockTag: 'latest' })).timestamp
  /** Runs `action`, whose transaction is mined at `time`. */
  const at = async <T>(time: bigint, action: () => Promise<T>) => {
    await net.testClient.setNextBlockTimestamp({ timestamp: time })
    return action()
  }
  /** Mines an empty block at `time`, so views read the chain as of then. */
  const mineAt = async (time: bigint) => {
    await net.testClient.setNextBlockTimestamp({ timestamp: time })
    await net.testClient.mine({ blocks: 1 })
  }

  /** Posts an order from the customer; returns its id. */
  async function post(overrides: Partial<OrderArgs> = {}) {
    const receipt = await call(customer, 'postOrder', orderArgs({ ...ORDER, ...overrides }))
    return eventsOf(receipt)[0]!.args.orderId as bigint
  }
  /** Bids `price` on `orderId` with `device` from `from`; returns the bid's id. */
  async function placeBid(orderId: bigint, device: bigint, price: bigint, from: Account) {
    const receipt = await call(from, 'bid', [orderId, device, price])
    return eventsOf(receipt)[0]!.args.bidId as bigint
  }
  /** An order (posted at `t0`) with provider2's bid accepted by the customer and started at `start` = t0 + 20. */
  async function activeLease(overrides: Partial<OrderArgs> = {}) {
    const t0 = (await latest()) + 10n
    const orderId = await at(t0, () => post(overrides))
    const bidId = await at(t0 + 5n, () => placeBid(orderId, deviceB, PRICE, provider2))
    await at(t0 + 10n, () => call(customer, 'acceptBid', [orderId, bidId]))
    const leaseId = await market.read.leaseCount()
    const start = t0 + 20n
    await at(start, () => call(provider2, 'startLease', [leaseId]))
    return { orderId, bidId, leaseId, start }
  }

  /** Signs the verdicts of `epoch` by `signers` (default: the first two oracles, the quorum). */
  async function signVerdicts(epoch: bigint, records: readonly Verdict[], options: { signers?: readonly Account[]; version?: number } = {}) {
    const version = options.version ?? (await net.contracts.distributor.read.oracleSetVersion())
    const typedData = computeSettlement.typedData(net.chain.id, market.address, epoch, version, verdictRecords(records))
    const signers = options.signers ?? net.accounts.oracles.slice(0, 2)
    const signatures = await Promise.all(signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) })))
    return { version, signatures: packOracleSignatures(signatures) }
  }
  /** Records the verdicts of `epoch`, signed by the quorum; anyone submits, here the stranger. */
  async function record(epoch: bigint, records: readonly Verdict[]) {
    const { version, signatures } = await signVerdicts(epoch, records)
    return call(stranger, 'recordVerdicts', [epoch, version, records, signatures])
  }
  const recordFails = async (epoch: bigint, records: readonly Verdict[], signed?: { version: number; signatures: Hex }) => {
    const { version, signatures } = signed ?? (await signVerdicts(epoch, records))
    return revertOf(call(stranger, 'recordVerdicts', [epoch, version, records, signatures]))
  }

  /** The market's token balance is exactly what it owes: open orders' deposits, open bids' collateral, leases' escrow and collateral, every balance. */
  async function expectConserved() {
    let owed = 0n
    for (let id = 1n; id <= (await market.read.orderCount()); id++) owed += (await market.read.orderOf([id])).deposit
    for (let id = 1n; id <= (await market.read.bidCount()); id++) owed += (await market.read.bidOf([id])).collateralLocked
    for (let id = 1n; id <= (await market.read.leaseCount()); id++) {
      const lease = await market.read.leaseOf([id])
      owed += lease.escrowLeft + lease.collateralLocked
    }
    for (const account of [provider, provider2, customer, stranger]) owed += await market.read.balanceOf([account.address])
    expect(await tokenBalanceOf(market.address)).toBe(owed)
  }

  it('is deployed by deploy() for the kind, with the network’s token, registry and oracle set (the distributor)', async () => {
    expect(await market.read.token()).toBe(net.deployment.token)
    expect(await market.read.registry()).toBe(net.deployment.registry)
    expect(await market.read.oracleSet()).toBe(net.deployment.distributor)
    expect(await market.read.MAX_BIDS_PER_ORDER()).toBe(20n)
    expect(await market.read.BID_COLLATERAL()).toBe(COLLATERAL)
    expect(await market.read.START_WINDOW()).toBe(600n)
    expect([await market.read.MIN_APPROVAL_WINDOW(), await market.read.MAX_APPROVAL_WINDOW()]).toEqual([60, 30 * 86_400])
    expect([await market.read.MIN_BIDDING_SECONDS(), await market.read.MAX_BIDDING_SECONDS()]).toEqual([60, 7 * 86_400])
    expect(await market.read.MAX_DURATION_SECONDS()).toBe(365 * 86_400)
    expect(await market.read.MIN_OPEN_ENDED_SECONDS()).toBe(3_600)
    expect([await market.read.orderCount(), await market.read.bidCount(), await market.read.leaseCount(), await market.read.nextVerdictEpoch()]).toEqual([0n, 0n, 0n, 0n])
  })

  it('refuses constructor arguments that are not contracts', async () => {
    const { token, registry: registryAddress, distributor } = net.deployment
    for (const [args, offending] of [
      [[stranger.address, registryAddress, distributor], stranger.address],
      [[token, zeroAddress, distributor], zeroAddress],
      [[token, registryAddress, stranger.address], stranger.address],
    ] as const) {
      const data = encodeDeployData({ abi: computeMarketAbi, bytecode: computeMarketBytecode, args })
      const error = await net.publicClient.call({ account: net.accounts.admin.address, data }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BaseError)
      const reverted = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === 'string') as unknown as { data: Hex }
      expect(decodeErrorResult({ abi: computeMarketAbi, data: reverted.data })).toMatchObject({ errorName: 'NotAContract', args: [offending] })
    }
  })

  describe('postOrder and cancelOrder', () => {
    it('escrows the deposit and records the order, with ids from 1', async () => {
      const t0 = (await latest()) + 10n
      const receipt = await at(t0, () => call(customer, 'postOrder', orderArgs(ORDER)))
      expect(eventsOf(receipt)).toEqual([
        {
          eventName: 'OrderPosted',
          args: {
            orderId: 1n,
            customer: customer.address,
            specHash: SPEC,
            ...RESOURCES,
            maxPricePerSecond: MAX_PRICE,
            durationSeconds: DURATION,
            deposit: ORDER.deposit,
            biddingEndsAt: t0 + 600n,
            approvalWindowSeconds: WINDOW,
          },
        },
      ])
      expect(await tokenBalanceOf(customer.address)).toBe(GENESIS - ORDER.deposit)
      expect(await market.read.orderOf([1n])).toEqual({
        customer: customer.address,
        specHash: SPEC,
        resources: RESOURCES,
        maxPricePerSecond: MAX_PRICE,
        durationSeconds: DURATION,
        biddingSeconds: BIDDING,
        approvalWindowSeconds: WINDOW,
        state: OrderState.Open,
        biddingEndsAt: t0 + 600n,
        deposit: ORDER.deposit,
        leaseId: 0n,
        openBids: 0n,
      })
      expect(await post()).toBe(2n)
      expect(await market.read.orderCount()).toBe(2n)
      await expectConserved()
    })

    it('takes the bounds themselves, and an open-ended order whose deposit covers an hour', async () => {
      const max = { durationSeconds: 365 * 86_400, deposit: MAX_PRICE * 365n * 86_400n, biddingSeconds: 7 * 86_400, approvalWindowSeconds: 30 * 86_400 }
      expect((await market.read.orderOf([await post(max)])).durationSeconds).toBe(365 * 86_400)
      const min = { durationSeconds: 1, deposit: MAX_PRICE, biddingSeconds: 60, approvalWindowSeconds: 60, resources: { cpuMillis: 1, memoryMiB: 1, storageMiB: 0 } }
      expect((await market.read.orderOf([await post(min)])).approvalWindowSeconds).toBe(60)
      expect((await market.read.orderOf([await post({ durationSeconds: 0, deposit: MAX_PRICE * 3_600n })])).durationSeconds).toBe(0)
    })

    it('refuses terms out of their bounds, and a deposit short of the price for the duration', async () => {
      const fails = (o: Partial<OrderArgs>) => revertOf(call(customer, 'postOrder', orderArgs({ ...ORDER, ...o })))
      expect(await fails({ maxPricePerSecond: 0n })).toEqual({ name: 'ZeroPrice', args: [] })
      expect(await fails({ resources: { ...RESOURCES, cpuMillis: 0 } })).toEqual({ name: 'InvalidResources', args: [0, 256] })
      expect(await fails({ resources: { ...RESOURCES, memoryMiB: 0 } })).toEqual({ name: 'InvalidResources', args: [500, 0] })
      expect(await fails({ durationSeconds: 365 * 86_400 + 1 })).toEqual({ name: 'InvalidDuration', args: [365 * 86_400 + 1, 365 * 86_400] })
      expect(await fails({ biddingSeconds: 59 })).toEqual({ name: 'InvalidBiddingWindow', args: [59, 60, 7 * 86_400] })
      expect(await fails({ biddingSeconds: 7 * 86_400 + 1 })).toEqual({ name: 'InvalidBiddingWindow', args: [7 * 86_400 + 1, 60, 7 * 86_400] })
      expect(await fails({ approvalWindowSeconds: 59 })).toEqual({ name: 'InvalidApprovalWindow', args: [59, 60, 30 * 86_400] })
      expect(await fails({ approvalWindowSeconds: 30 * 86_400 + 1 })).toEqual({ name: 'InvalidApprovalWindow', args: [30 * 86_400 + 1, 60, 30 * 86_400] })
      expect(await fails({ deposit: ORDER.deposit - 1n })).toEqual({ name: 'InsufficientDeposit', args: [ORDER.deposit - 1n, MAX_PRICE, 3_600n] })
      expect(await fails({ durationSeconds: 0, deposit: MAX_PRICE * 3_599n })).toEqual({ name: 'InsufficientDeposit', args: [MAX_PRICE * 3_599n, MAX_PRICE, 3_600n] })
      // A price so large its product with the duration would overflow is refused, not a panic.
      expect(await fails({ maxPricePerSecond: 2n ** 255n })).toEqual({ name: 'InsufficientDeposit', args: [ORDER.deposit, 2n ** 255n, 3_600n] })
    })

    it('cancels an open order: its deposit and its bids’ collateral go back', async () => {
      const orderId = await post()
      const a = await placeBid(orderId, deviceA, PRICE, provider)
      const b = await placeBid(orderId, deviceB, PRICE, provider2)
      expect(await revertOf(call(stranger, 'cancelOrder', [orderId]))).toEqual({ name: 'NotCustomer', args: [orderId, stranger.address] })
      const receipt = await call(customer, 'cancelOrder', [orderId])
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'OrderCancelled', args: { orderId, refunded: ORDER.deposit } },
        { eventName: 'BidLost', args: { bidId: a, collateralReturned: COLLATERAL } },
        { eventName: 'BidLost', args: { bidId: b, collateralReturned: COLLATERAL } },
      ])
      expect(await market.read.balanceOf([customer.address])).toBe(ORDER.deposit)
      expect(await market.read.balanceOf([provider.address])).toBe(COLLATERAL)
      expect(await market.read.orderOf([orderId])).toMatchObject({ state: OrderState.Cancelled, deposit: 0n, openBids: 0n })
      expect(await market.read.bidOf([a])).toMatchObject({ state: BidState.Lost, collateralLocked: 0n })
      await expectConserved()
      expect(await revertOf(call(customer, 'cancelOrder', [orderId]))).toEqual({ name: 'UnexpectedOrderState', args: [orderId, OrderState.Cancelled, OrderState.Open] })
      expect(await revertOf(call(customer, 'cancelOrder', [9n]))).toEqual({ name: 'UnknownOrder', args: [9n] })
    })
  })

  describe('bid and withdrawBid', () => {
    it('locks the collateral of the device’s owner, one bid per device per order', async () => {
      const orderId = await post()
      const receipt = await call(provider, 'bid', [orderId, deviceA, PRICE])
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'BidPlaced', args: { bidId: 1n, orderId, deviceId: deviceA, provider: provider.address, pricePerSecond: PRICE, collateral: COLLATERAL } },
      ])
      expect(await tokenBalanceOf(provider.address)).toBe(GENESIS - COLLATERAL)
      expect(await market.read.bidOf([1n])).toEqual({
        orderId,
        deviceId: deviceA,
        provider: provider.address,
        pricePerSecond: PRICE,
        state: BidState.Open,
        collateralLocked: COLLATERAL,
      })
      // The same owner bids again with another device, at the maximum price.
      expect(await placeBid(orderId, deviceC, MAX_PRICE, provider)).toBe(2n)
      expect(await market.read.bidsOf([orderId])).toEqual([1n, 2n])
      expect(await revertOf(call(provider, 'bid', [orderId, deviceA, PRICE]))).toEqual({ name: 'DeviceAlreadyBid', args: [orderId, deviceA, 1n] })
      await expectConserved()
    })

    it('refuses a price of 0 or above the maximum, a caller not owning the device, a suspended device, and an unknown order', async () => {
      const orderId = await post()
      expect(await revertOf(call(provider, 'bid', [orderId, deviceA, 0n]))).toEqual({ name: 'ZeroPrice', args: [] })
      expect(await revertOf(call(provider, 'bid', [orderId, deviceA, MAX_PRICE + 1n]))).toEqual({ name: 'PriceAboveMax', args: [MAX_PRICE + 1n, MAX_PRICE] })
      expect(await revertOf(call(provider, 'bid', [orderId, deviceB, PRICE]))).toEqual({ name: 'NotDeviceOwner', args: [deviceB, provider.address] })
      expect(await revertOf(call(provider, 'bid', [orderId, 12_345n, PRICE]))).toEqual({ name: 'NotDeviceOwner', args: [12_345n, provider.address] })
      await net.governance({ ...registry(), functionName: 'setSuspended', args: [deviceA, true] })
      expect(await revertOf(call(provider, 'bid', [orderId, deviceA, PRICE]))).toEqual({ name: 'DeviceNotActive', args: [deviceA] })
      expect(await revertOf(call(provider, 'bid', [7n, deviceC, PRICE]))).toEqual({ name: 'UnknownOrder', args: [7n] })
    })

    it('takes bids during the bidding window only, and none on an order no longer open', async () => {
      const t0 = (await latest()) + 10n
      const orderId = await at(t0, () => post())
      await at(t0 + 599n, () => placeBid(orderId, deviceA, PRICE, provider))
      await net.testClient.setNextBlockTimestamp({ timestamp: t0 + 600n })
      expect(await revertOf(call(provider2, 'bid', [orderId, deviceB, PRICE]))).toEqual({ name: 'BiddingClosed', args: [orderId, t0 + 600n] })
      await at(t0 + 600n, () => call(stranger, 'acceptLowest', [orderId]))
      expect(await revertOf(call(provider2, 'bid', [orderId, deviceB, PRICE]))).toEqual({ name: 'UnexpectedOrderState', args: [orderId, OrderState.Leased, OrderState.Open] })
    })

    it('takes at most 20 open bids per order; a withdrawn one makes room', async () => {
      const orderId = await post({ biddingSeconds: 3_600 })
      const devices = [deviceA, deviceC]
      for (let i = 0; i < 18; i++) devices.push(await net.registerDevice(provider.address, `compute bidder ${i}`))
      const bids: bigint[] = []
      for (const [i, device] of devices.entries()) bids.push(await placeBid(orderId, device, PRICE + BigInt(i), provider))
      expect((await market.read.orderOf([orderId])).openBids).toBe(20n)
      expect(await revertOf(call(provider2, 'bid', [orderId, deviceB, PRICE]))).toEqual({ name: 'TooManyBids', args: [orderId, 20n] })
      await call(provider, 'withdrawBid', [bids[3]!])
      await placeBid(orderId, deviceB, PRICE, provider2)
      expect((await market.read.orderOf([orderId])).openBids).toBe(20n)
      await expectConserved()
    })

    it('withdraws an open bid: collateral back, the last bid takes its place, the device may bid again', async () => {
      const orderId = await post()
      const [a, b, c] = [await placeBid(orderId, deviceA, PRICE, provider), await placeBid(orderId, deviceB, PRICE, provider2), await placeBid(orderId, deviceC, PRICE, provider)]
      expect(await revertOf(call(provider2, 'withdrawBid', [a]))).toEqual({ name: 'NotBidder', args: [a, provider2.address] })
      const receipt = await call(provider, 'withdrawBid', [a])
      expect(eventsOf(receipt)).toEqual([{ eventName: 'BidWithdrawn', args: { bidId: a, collateralReturned: COLLATERAL } }])
      expect(await market.read.bidsOf([orderId])).toEqual([c, b])
      expect(await market.read.bidOf([a])).toMatchObject({ state: BidState.Withdrawn, collateralLocked: 0n })
      expect(await market.read.balanceOf([provider.address])).toBe(COLLATERAL)
      await expectConserved()
      expect(await revertOf(call(provider, 'withdrawBid', [a]))).toEqual({ name: 'UnexpectedBidState', args: [a, BidState.Withdrawn, BidState.Open] })
      expect(await revertOf(call(provider, 'withdrawBid', [99n]))).toEqual({ name: 'UnknownBid', args: [99n] })
      // The last one withdrawn, then the device bids again.
      await call(provider2, 'withdrawBid', [b])
      expect(await market.read.bidsOf([orderId])).toEqual([c])
      const again = await placeBid(orderId, deviceA, PRICE, provider)
      expect(await market.read.bidsOf([orderId])).toEqual([c, again])
      await expectConserved()
    })
  })

  describe('acceptBid and acceptLowest', () => {
    it('lets the customer accept any open bid at once: a lease forms, the other bids get their collateral back', async () => {
      const orderId = await post()
      const [a, b] = [await placeBid(orderId, deviceA, PRICE, provider), await placeBid(orderId, deviceB, MAX_PRICE, provider2)]
      const t = (await latest()) + 5n
      const receipt = await at(t, () => call(customer, 'acceptBid', [orderId, b]))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseFormed', args: { leaseId: 1n, orderId, bidId: b, provider: provider2.address, pricePerSecond: MAX_PRICE } },
        { eventName: 'BidLost', args: { bidId: a, collateralReturned: COLLATERAL } },
      ])
      expect(await market.read.orderOf([orderId])).toMatchObject({ state: OrderState.Leased, deposit: 0n, leaseId: 1n, openBids: 0n })
      expect(await market.read.bidOf([b])).toMatchObject({ state: BidState.Won, collateralLocked: 0n })
      expect(await market.read.leaseOf([1n])).toEqual({
        orderId,
        bidId: b,
        deviceId: deviceB,
        customer: customer.address,
        provider: provider2.address,
        pricePerSecond: MAX_PRICE,
        state: LeaseState.Formed,
        formedAt: t,
        startedAt: 0n,
        endsAt: 0n,
        approvedUntil: 0n,
        approvalWindowSeconds: WINDOW,
        verifiedEpochs: 0,
        deposit: ORDER.deposit,
        accrued: 0n,
        paid: 0n,
        releasable: 0n,
        escrowLeft: ORDER.deposit,
        collateralLocked: COLLATERAL,
      })
      expect(await market.read.leaseCount()).toBe(1n)
      await expectConserved()
    })

    it('refuses anyone but the customer, a bid on another order, a bid not open, and an order not open', async () => {
      const [first, second] = [await post(), await post()]
      const a = await placeBid(first, deviceA, PRICE, provider)
      const other = await placeBid(second, deviceB, PRICE, provider2)
      expect(await revertOf(call(stranger, 'acceptBid', [first, a]))).toEqual({ name: 'NotCustomer', args: [first, stranger.address] })
      expect(await revertOf(call(customer, 'acceptBid', [first, other]))).toEqual({ name: 'BidNotInOrder', args: [first, other] })
      expect(await revertOf(call(customer, 'acceptBid', [first, 42n]))).toEqual({ name: 'UnknownBid', args: [42n] })
      await call(provider, 'withdrawBid', [a])
      expect(await revertOf(call(customer, 'acceptBid', [first, a]))).toEqual({ name: 'UnexpectedBidState', args: [a, BidState.Withdrawn, BidState.Open] })
      await call(customer, 'acceptBid', [second, other])
      expect(await revertOf(call(customer, 'acceptBid', [second, other]))).toEqual({ name: 'UnexpectedOrderState', args: [second, OrderState.Leased, OrderState.Open] })
    })

    it('lets anyone accept the lowest bid once bidding is over, the earliest of the lowest on a tie', async () => {
      const t0 = (await latest()) + 10n
      const orderId = await at(t0, () => post())
      await net.testClient.setNextBlockTimestamp({ timestamp: t0 + 1n })
      expect(await revertOf(call(stranger, 'acceptLowest', [orderId]))).toEqual({ name: 'BiddingOpen', args: [orderId, t0 + 600n] })
      const a = await at(t0 + 1n, () => placeBid(orderId, deviceA, PRICE + 1n, provider))
      const b = await placeBid(orderId, deviceB, PRICE, provider2)
      const c = await placeBid(orderId, deviceC, PRICE, provider)
      // Withdrawing a moves c before b in the open bids: the earlier bid still wins the tie.
      await call(provider, 'withdrawBid', [a])
      expect(await market.read.bidsOf([orderId])).toEqual([c, b])
      await net.testClient.setNextBlockTimestamp({ timestamp: t0 + 599n })
      expect(await revertOf(call(stranger, 'acceptLowest', [orderId]))).toEqual({ name: 'BiddingOpen', args: [orderId, t0 + 600n] })
      const receipt = await at(t0 + 600n, () => call(stranger, 'acceptLowest', [orderId]))
      expect(namesOf(receipt)).toEqual(['LeaseFormed', 'BidLost'])
      expect(eventsOf(receipt)[0]!.args).toMatchObject({ bidId: b, provider: provider2.address, pricePerSecond: PRICE })
      expect(eventsOf(receipt)[1]!.args).toMatchObject({ bidId: c })
      await expectConserved()
    })

    it('refuses to accept the lowest of no bids', async () => {
      const t0 = (await latest()) + 10n
      const orderId = await at(t0, () => post())
      await net.testClient.setNextBlockTimestamp({ timestamp: t0 + 600n })
      expect(await revertOf(call(stranger, 'acceptLowest', [orderId]))).toEqual({ name: 'NoBids', args: [orderId] })
    })
  })

  describe('leases', () => {
    it('runs the happy path: start, accrue by the second, pay held for the window, time-up, finalize, withdraw', async () => {
      const t0 = (await latest()) + 10n
      const orderId = await at(t0, () => post())
      await at(t0 + 1n, () => placeBid(orderId, deviceA, PRICE + 2n, provider))
      const b = await at(t0 + 2n, () => placeBid(orderId, deviceB, PRICE, provider2))
      await at(t0 + 600n, () => call(stranger, 'acceptLowest', [orderId]))
      await expectConserved()
      const leaseId = 1n
      const start = t0 + 660n
      expect(eventsOf(await at(start, () => call(provider2, 'startLease', [leaseId])))).toEqual([
        { eventName: 'LeaseStarted', args: { leaseId, startedAt: start, endsAt: start + 3_600n } },
      ])
      expect(await market.read.bidOf([b])).toMatchObject({ state: BidState.Won })

      // After 1,000 s: accrued, but held (the window is an hour).
      await mineAt(start + 1_000n)
      expect(await market.read.accrued([leaseId])).toBe(1_000n * PRICE)
      expect(await market.read.releasable([leaseId])).toBe(0n)
      expect(namesOf(await at(start + 1_001n, () => call(stranger, 'settle', [leaseId])))).toEqual([])
      await expectConserved()

      // Past the end (an hour): the lease closes on time-up, the unspent deposit goes back, 400 s of pay are released.
      const receipt = await at(start + 4_000n, () => call(stranger, 'settle', [leaseId]))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseClosed', args: { leaseId, reason: Reason.TimeUp, stoppedAt: start + 3_600n, refunded: ORDER.deposit - 3_600n * PRICE } },
        { eventName: 'LeaseSettled', args: { leaseId, paid: 400n * PRICE, releasedUntil: start + 400n } },
      ])
      expect(await market.read.leaseOf([leaseId])).toMatchObject({
        state: LeaseState.Closed,
        endsAt: start + 3_600n,
        accrued: 3_600n * PRICE,
        paid: 400n * PRICE,
        escrowLeft: 3_200n * PRICE,
        collateralLocked: COLLATERAL,
      })
      await expectConserved()
      const before = await tokenBalanceOf(provider2.address)
      await call(provider2, 'withdraw')
      expect(await tokenBalanceOf(provider2.address)).toBe(before + 400n * PRICE)
      await expectConserved()

      // An hour after the end, the rest is released and the collateral comes back.
      await mineAt(start + 7_200n)
      expect(await market.read.releasable([leaseId])).toBe(3_200n * PRICE)
      expect(eventsOf(await at(start + 7_201n, () => call(stranger, 'settle', [leaseId])))).toEqual([
        { eventName: 'LeaseSettled', args: { leaseId, paid: 3_200n * PRICE, releasedUntil: start + 3_600n } },
        { eventName: 'LeaseFinalized', args: { leaseId, collateralReturned: COLLATERAL } },
      ])
      expect(await market.read.leaseOf([leaseId])).toMatchObject({
        state: LeaseState.Finalized,
        accrued: 3_600n * PRICE,
        paid: 3_600n * PRICE,
        escrowLeft: 0n,
        collateralLocked: 0n,
      })
      expect(await market.read.balanceOf([provider2.address])).toBe(3_200n * PRICE + COLLATERAL)
      expect(await market.read.balanceOf([customer.address])).toBe(ORDER.deposit - 3_600n * PRICE)
      expect(await market.read.balanceOf([provider.address])).toBe(COLLATERAL)
      await expectConserved()
      for (const account of [provider, provider2, customer]) await call(account, 'withdraw')
      expect(await tokenBalanceOf(market.address)).toBe(0n)
      expect(await revertOf(call(stranger, 'settle', [leaseId]))).toEqual({ name: 'UnexpectedLeaseState', args: [leaseId, LeaseState.Finalized] })
    })

    it('lets the customer approve accruals early: the provider is paid at once, never beyond what accrued', async () => {
      const { leaseId, start } = await activeLease()
      expect(await revertOf(call(stranger, 'approve', [leaseId, start]))).toEqual({ name: 'NotLeaseCustomer', args: [leaseId, stranger.address] })
      const receipt = await at(start + 1_000n, () => call(customer, 'approve', [leaseId, start + 1_000n]))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseApproved', args: { leaseId, approvedUntil: start + 1_000n } },
        { eventName: 'LeaseSettled', args: { leaseId, paid: 1_000n * PRICE, releasedUntil: start + 1_000n } },
      ])
      expect(await market.read.balanceOf([provider2.address])).toBe(1_000n * PRICE)
      // An earlier time changes nothing.
      expect(namesOf(await at(start + 1_100n, () => call(customer, 'approve', [leaseId, start + 500n])))).toEqual([])
      expect((await market.read.leaseOf([leaseId])).approvedUntil).toBe(start + 1_000n)
      await net.testClient.setNextBlockTimestamp({ timestamp: start + 1_200n })
      expect(await revertOf(call(customer, 'approve', [leaseId, start + 1_201n]))).toEqual({ name: 'ApprovalBeyondAccrual', args: [leaseId, start + 1_201n, start + 1_200n] })

      // Closed at 1,500 s, then approved to its stop: all is paid and the collateral returns at once.
      expect(eventsOf(await at(start + 1_500n, () => call(customer, 'closeLease', [leaseId])))).toEqual([
        { eventName: 'LeaseClosed', args: { leaseId, reason: Reason.Customer, stoppedAt: start + 1_500n, refunded: ORDER.deposit - 1_500n * PRICE } },
      ])
      await expectConserved()
      expect(namesOf(await at(start + 1_600n, () => call(customer, 'approve', [leaseId, start + 1_500n])))).toEqual(['LeaseApproved', 'LeaseSettled', 'LeaseFinalized'])
      expect(await market.read.balanceOf([provider2.address])).toBe(1_500n * PRICE + COLLATERAL)
      await expectConserved()
      expect(await revertOf(call(customer, 'approve', [leaseId, start]))).toEqual({ name: 'UnexpectedLeaseState', args: [leaseId, LeaseState.Finalized] })
    })

    it('refuses a start by anyone but the provider, a second start, and one after the start window', async () => {
      const orderId = await post()
      const bidId = await placeBid(orderId, deviceB, PRICE, provider2)
      const formed = (await latest()) + 10n
      await at(formed, () => call(customer, 'acceptBid', [orderId, bidId]))
      expect(await revertOf(call(customer, 'startLease', [1n]))).toEqual({ name: 'NotLeaseProvider', args: [1n, customer.address] })
      expect(await revertOf(call(provider2, 'startLease', [2n]))).toEqual({ name: 'UnknownLease', args: [2n] })
      expect(await revertOf(call(stranger, 'settle', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.Formed] })
      await net.testClient.setNextBlockTimestamp({ timestamp: formed + 601n })
      expect(await revertOf(call(provider2, 'startLease', [1n]))).toEqual({ name: 'StartWindowPassed', args: [1n, formed + 600n] })
      await at(formed + 600n, () => call(provider2, 'startLease', [1n]))
      expect(await revertOf(call(provider2, 'startLease', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.Active] })
    })

    it('claims a no-show: collateral burnt, the order open again with its deposit, the device barred from it', async () => {
      const t0 = (await latest()) + 10n
      const orderId = await at(t0, () => post())
      const bidId = await at(t0 + 1n, () => placeBid(orderId, deviceB, PRICE, provider2))
      await at(t0 + 10n, () => call(customer, 'acceptBid', [orderId, bidId]))
      await net.testClient.setNextBlockTimestamp({ timestamp: t0 + 610n })
      expect(await revertOf(call(stranger, 'claimNoShow', [1n]))).toEqual({ name: 'StartWindowOpen', args: [1n, t0 + 610n] })
      const supply = await net.contracts.token.read.totalSupply()
      const receipt = await at(t0 + 611n, () => call(stranger, 'claimNoShow', [1n]))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseNoShow', args: { leaseId: 1n, slashed: COLLATERAL } },
        { eventName: 'OrderReopened', args: { orderId, biddingEndsAt: t0 + 1_211n } },
      ])
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - COLLATERAL)
      expect(await market.read.orderOf([orderId])).toMatchObject({ state: OrderState.Open, deposit: ORDER.deposit, leaseId: 1n, biddingEndsAt: t0 + 1_211n })
      expect(await market.read.bidOf([bidId])).toMatchObject({ state: BidState.NoShow })
      expect(await market.read.leaseOf([1n])).toMatchObject({ state: LeaseState.NoShow, escrowLeft: 0n, collateralLocked: 0n })
      await expectConserved()
      expect(await revertOf(call(stranger, 'claimNoShow', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.NoShow] })
      expect(await revertOf(call(provider2, 'startLease', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.NoShow] })
      expect(await revertOf(call(provider2, 'bid', [orderId, deviceB, PRICE]))).toEqual({ name: 'DeviceAlreadyBid', args: [orderId, deviceB, bidId] })
      // Another device takes the re-opened order; the customer could cancel it instead.
      const next = await placeBid(orderId, deviceA, PRICE, provider)
      await call(customer, 'acceptBid', [orderId, next])
      expect(await market.read.leaseOf([2n])).toMatchObject({ orderId, provider: provider.address, deposit: ORDER.deposit, state: LeaseState.Formed })
      await expectConserved()
    })

    it('lets the customer close a lease not started: deposit back whole, collateral back; the provider may not', async () => {
      const orderId = await post()
      const bidId = await placeBid(orderId, deviceB, PRICE, provider2)
      await call(customer, 'acceptBid', [orderId, bidId])
      expect(await revertOf(call(provider2, 'closeLease', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.Formed] })
      expect(await revertOf(call(stranger, 'closeLease', [1n]))).toEqual({ name: 'NotLeaseParty', args: [1n, stranger.address] })
      const receipt = await call(customer, 'closeLease', [1n])
      expect(namesOf(receipt)).toEqual(['LeaseClosed', 'LeaseFinalized'])
      expect(eventsOf(receipt)[0]!.args).toMatchObject({ reason: Reason.Customer, refunded: ORDER.deposit })
      expect(await market.read.balanceOf([customer.address])).toBe(ORDER.deposit)
      expect(await market.read.balanceOf([provider2.address])).toBe(COLLATERAL)
      expect(await market.read.leaseOf([1n])).toMatchObject({ state: LeaseState.Finalized, accrued: 0n, escrowLeft: 0n, collateralLocked: 0n })
      await expectConserved()
      expect(await revertOf(call(customer, 'closeLease', [1n]))).toEqual({ name: 'UnexpectedLeaseState', args: [1n, LeaseState.Finalized] })
    })

    it('lets the provider close an active lease: accrual stops, the held pay and the collateral come after the window', async () => {
      const { leaseId, start } = await activeLease()
      const receipt = await at(start + 100n, () => call(provider2, 'closeLease', [leaseId]))
      expect(eventsOf(receipt)).toEqual([{ eventName: 'LeaseClosed', args: { leaseId, reason: Reason.Provider, stoppedAt: start + 100n, refunded: ORDER.deposit - 100n * PRICE } }])
      await expectConserved()
      expect(await revertOf(call(provider2, 'closeLease', [leaseId]))).toEqual({ name: 'UnexpectedLeaseState', args: [leaseId, LeaseState.Closed] })
      await mineAt(start + 5_000n)
      expect(await market.read.accrued([leaseId])).toBe(100n * PRICE)
      expect(namesOf(await at(start + 5_001n, () => call(provider2, 'settle', [leaseId])))).toEqual(['LeaseSettled', 'LeaseFinalized'])
      expect(await market.read.balanceOf([provider2.address])).toBe(100n * PRICE + COLLATERAL)
      await expectConserved()
    })

    it('closes an open-ended lease when its deposit is spent (depletion), refunding the remainder under a second’s price', async () => {
      const deposit = MAX_PRICE * 3_600n + 7n
      const { leaseId, start } = await activeLease({ durationSeconds: 0, deposit })
      const seconds = deposit / PRICE
      expect((await market.read.leaseOf([leaseId])).endsAt).toBe(start + seconds)
      // A side closing after the end records the depletion, not its own close.
      const receipt = await at(start + seconds + 10n, () => call(customer, 'closeLease', [leaseId]))
      expect(eventsOf(receipt)[0]).toEqual({
        eventName: 'LeaseClosed',
        args: { leaseId, reason: Reason.Depleted, stoppedAt: start + seconds, refunded: deposit - seconds * PRICE },
      })
      expect(deposit - seconds * PRICE).toBeLessThan(PRICE)
      await expectConserved()
    })
  })

  describe('recordVerdicts', () => {
    it('counts verified epochs and skips leases that are not Active or Closed, or do not exist', async () => {
      const { leaseId } = await activeLease()
      const receipt = await record(0n, [
        { leaseId, fault: 0 },
        { leaseId: 77n, fault: FAULT_CODES.RESULT_MISMATCH! },
      ])
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseVerified', args: { leaseId, epoch: 0n, verifiedEpochs: 1 } },
        { eventName: 'VerdictSkipped', args: { leaseId: 77n, epoch: 0n, fault: 1 } },
        { eventName: 'VerdictsRecorded', args: { epoch: 0n, count: 2n } },
      ])
      await record(1n, [{ leaseId, fault: 0 }])
      expect((await market.read.leaseOf([leaseId])).verifiedEpochs).toBe(2)
      expect(await market.read.nextVerdictEpoch()).toBe(2n)
    })

    it('on a fault: pays what was released, refunds the held pay and the unspent deposit, burns the collateral', async () => {
      const { leaseId, start } = await activeLease()
      await at(start + 500n, () => call(customer, 'approve', [leaseId, start + 500n]))
      const supply = await net.contracts.token.read.totalSupply()
      const receipt = await at(start + 2_000n, () => record(0n, [{ leaseId, fault: FAULT_CODES.USAGE_OVERCLAIMED! }]))
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseFaulted', args: { leaseId, epoch: 0n, fault: 4, paid: 0n, refunded: ORDER.deposit - 500n * PRICE, slashed: COLLATERAL } },
        { eventName: 'VerdictsRecorded', args: { epoch: 0n, count: 1n } },
      ])
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - COLLATERAL)
      expect(await market.read.balanceOf([customer.address])).toBe(ORDER.deposit - 500n * PRICE)
      expect(await market.read.balanceOf([provider2.address])).toBe(500n * PRICE)
      expect(await market.read.leaseOf([leaseId])).toMatchObject({
        state: LeaseState.Faulted,
        endsAt: start + 2_000n,
        accrued: 2_000n * PRICE,
        escrowLeft: 0n,
        collateralLocked: 0n,
      })
      await expectConserved()
      expect(await revertOf(call(customer, 'closeLease', [leaseId]))).toEqual({ name: 'UnexpectedLeaseState', args: [leaseId, LeaseState.Faulted] })
    })

    it('takes back a closed lease’s held pay on a fault, pays what the window released, one burn for the batch', async () => {
      const first = await activeLease()
      const second = await activeLease()
      const verified = await activeLease()
      const finalized = await activeLease()
      // A lease formed and not started, one finalized, and the first two closed with pay held.
      const orderId = await post()
      const bidId = await placeBid(orderId, deviceA, PRICE, provider)
      await call(customer, 'acceptBid', [orderId, bidId])
      const notStarted = await market.read.leaseCount()
      await at(finalized.start + 10n, () => call(customer, 'closeLease', [finalized.leaseId]))
      await at(finalized.start + 11n, () => call(customer, 'approve', [finalized.leaseId, finalized.start + 10n]))
      expect((await market.read.leaseOf([finalized.leaseId])).state).toBe(LeaseState.Finalized)
      const closedAt = first.start + 2_000n
      await at(closedAt, () => call(customer, 'closeLease', [first.leaseId]))
      await at(closedAt + 1n, () => call(provider2, 'closeLease', [second.leaseId]))
      await expectConserved()
      const supply = await net.contracts.token.read.totalSupply()
      // An hour (the window) after the first's 1,000th second: its first 1,000 s of pay were released, the rest is held.
      const when = first.start + 3_600n + 1_000n
      const receipt = await at(when, () =>
        record(3n, [
          { leaseId: first.leaseId, fault: FAULT_CODES.RESULT_MISMATCH! },
          { leaseId: second.leaseId, fault: FAULT_CODES.REDUNDANCY_MINORITY! },
          { leaseId: verified.leaseId, fault: 0 },
          { leaseId: finalized.leaseId, fault: FAULT_CODES.NO_SHOW! },
          { leaseId: notStarted, fault: FAULT_CODES.NO_SHOW! },
        ]),
      )
      const secondAccrued = (closedAt + 1n - second.start) * PRICE
      const secondReleased = (when - 3_600n - second.start) * PRICE
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'LeaseFaulted', args: { leaseId: first.leaseId, epoch: 3n, fault: 1, paid: 1_000n * PRICE, refunded: 1_000n * PRICE, slashed: COLLATERAL } },
        { eventName: 'LeaseFaulted', args: { leaseId: second.leaseId, epoch: 3n, fault: 6, paid: secondReleased, refunded: secondAccrued - secondReleased, slashed: COLLATERAL } },
        { eventName: 'LeaseVerified', args: { leaseId: verified.leaseId, epoch: 3n, verifiedEpochs: 1 } },
        { eventName: 'VerdictSkipped', args: { leaseId: finalized.leaseId, epoch: 3n, fault: 5 } },
        { eventName: 'VerdictSkipped', args: { leaseId: notStarted, epoch: 3n, fault: 5 } },
        { eventName: 'VerdictsRecorded', args: { epoch: 3n, count: 5n } },
      ])
      const burns = parseEventLogs({ abi: net.contracts.token.abi, logs: receipt.logs, eventName: 'Transfer' }).filter((log) => log.args.to === zeroAddress)
      expect(burns.map((log) => log.args.value)).toEqual([2n * COLLATERAL])
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 2n * COLLATERAL)
      expect(await market.read.leaseOf([first.leaseId])).toMatchObject({ state: LeaseState.Faulted, paid: 1_000n * PRICE, escrowLeft: 0n, collateralLocked: 0n })
      await expectConserved()
    })

    it('takes epochs in order: a later one after each batch, gaps allowed, never the same or an earlier one again', async () => {
      const { leaseId } = await activeLease()
      await record(2n, [{ leaseId, fault: 0 }])
      expect(await market.read.nextVerdictEpoch()).toBe(3n)
      expect(await recordFails(2n, [{ leaseId, fault: 0 }])).toEqual({ name: 'EpochAlreadyRecorded', args: [2n, 3n] })
      expect(await recordFails(1n, [{ leaseId, fault: 0 }])).toEqual({ name: 'EpochAlreadyRecorded', args: [1n, 3n] })
      expect(eventsOf(await record(5n, []))).toEqual([{ eventName: 'VerdictsRecorded', args: { epoch: 5n, count: 0n } }])
      expect(await market.read.nextVerdictEpoch()).toBe(6n)
    })

    it('takes records in strictly ascending lease id order only', async () => {
      const [a, b] = [(await activeLease()).leaseId, (await activeLease()).leaseId]
      expect(
        await recordFails(0n, [
          { leaseId: b, fault: 0 },
          { leaseId: a, fault: 0 },
        ]),
      ).toEqual({ name: 'RecordsNotAscending', args: [b, a] })
      expect(
        await recordFails(0n, [
          { leaseId: a, fault: 0 },
          { leaseId: a, fault: 1 },
        ]),
      ).toEqual({ name: 'RecordsNotAscending', args: [a, a] })
      expect(await recordFails(0n, [{ leaseId: 0n, fault: 0 }])).toEqual({ name: 'RecordsNotAscending', args: [0n, 0n] })
    })

    it('takes signatures by a quorum of the current oracle set, over exactly these records, under the current version', async () => {
      const { leaseId } = await activeLease()
      const records = [{ leaseId, fault: 0 }]
      const [a, b, c] = net.accounts.oracles as [Account, Account, Account]
      expect(await recordFails(0n, records, await signVerdicts(0n, records, { signers: [a] }))).toEqual({ name: 'InsufficientSignatures', args: [1n, 2n] })
      expect(await recordFails(0n, records, await signVerdicts(0n, records, { signers: [a, stranger] }))).toEqual({ name: 'SignerNotOracle', args: [stranger.address] })
      expect(await recordFails(0n, records, await signVerdicts(0n, [{ leaseId, fault: 1 }], { signers: [a, b] }))).toMatchObject({ name: 'SignerNotOracle' })
      expect(await recordFails(0n, records, await signVerdicts(1n, records, { signers: [a, b] }))).toMatchObject({ name: 'SignerNotOracle' })
      const signed = await signVerdicts(0n, records, { signers: [b, c] })
      const [first, second] = [signed.signatures.slice(2, 130), signed.signatures.slice(130)]
      const ordered = [b.address, c.address].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)) as [Address, Address]
      expect(await recordFails(0n, records, { version: signed.version, signatures: `0x${second}${first}` })).toEqual({
        name: 'SignersNotAscending',
        args: [ordered[1], ordered[0]],
      })
      expect(await recordFails(0n, records, { version: signed.version, signatures: `${signed.signatures}00` })).toEqual({ name: 'MalformedSignatures', args: [129n] })
      expect(await recordFails(0n, records, { version: signed.version, signatures: `0x${'00'.repeat(128)}` })).toEqual({ name: 'InvalidSignature', args: [0n] })

      // A change of the oracle set bumps its version: signatures under the old one are refused.
      const version = await net.contracts.distributor.read.oracleSetVersion()
      await net.governance({ ...net.contracts.distributor, functionName: 'setQuorum', args: [3] })
      expect(await recordFails(0n, records, signed)).toEqual({ name: 'StaleOracleSetVersion', args: [version, version + 1] })
      const all = await signVerdicts(0n, records, { signers: [a, b, c] })
      await call(stranger, 'recordVerdicts', [0n, all.version, records, all.signatures])
      expect((await market.read.leaseOf([leaseId])).verifiedEpochs).toBe(1)
    })

    it("hashes and digests the records as the compute kind's settlement signs them", async () => {
      const records: Verdict[] = [
        { leaseId: 1n, fault: 0 },
        { leaseId: 2n, fault: FAULT_CODES.INPUT_MISMATCH! },
        { leaseId: 2n ** 200n, fault: 65_535 },
      ]
      for (const batch of [[], records.slice(0, 1), records]) expect(await market.read.hashRecords([batch])).toBe(hashVerdicts(verdictRecords(batch)))
      const typedData = computeSettlement.typedData(net.chain.id, market.address, 9n, 4, verdictRecords(records))
      expect(await market.read.leaseVerdictsDigest([9n, 4, hashVerdicts(verdictRecords(records))])).toBe(hashTypedData(typedData))
    })
  })

  describe('withdraw and views', () => {
    it('pays the caller its whole balance once', async () => {
      const orderId = await post()
      await call(customer, 'cancelOrder', [orderId])
      const before = await tokenBalanceOf(customer.address)
      expect(eventsOf(await call(customer, 'withdraw'))).toEqual([{ eventName: 'Withdrawn', args: { account: customer.address, amount: ORDER.deposit } }])
      expect(await tokenBalanceOf(customer.address)).toBe(before + ORDER.deposit)
      expect(await market.read.balanceOf([customer.address])).toBe(0n)
      expect(await revertOf(call(customer, 'withdraw'))).toEqual({ name: 'NothingToWithdraw', args: [customer.address] })
      await expectConserved()
    })

    it('refuses to describe what does not exist', async () => {
      expect(await revertOf(market.read.orderOf([1n]))).toEqual({ name: 'UnknownOrder', args: [1n] })
      expect(await revertOf(market.read.bidsOf([1n]))).toEqual({ name: 'UnknownOrder', args: [1n] })
      expect(await revertOf(market.read.bidOf([1n]))).toEqual({ name: 'UnknownBid', args: [1n] })
      expect(await revertOf(market.read.leaseOf([1n]))).toEqual({ name: 'UnknownLease', args: [1n] })
      expect(await revertOf(market.read.releasable([1n]))).toEqual({ name: 'UnknownLease', args: [1n] })
      expect(await revertOf(market.read.accrued([1n]))).toEqual({ name: 'UnknownLease', args: [1n] })
    })
  })

  it('has a test above for each of its custom errors (the token’s and EIP-712’s name strings aside)', () => {
    const errors = computeMarketAbi.filter((item) => item.type === 'error').map((item) => item.name)
    // Unreachable: the network's token reverts with its own errors rather than returning false; the
    // EIP-712 name and version are constants shorter than 32 bytes.
    const unreachable = ['SafeERC20FailedOperation', 'InvalidShortString', 'StringTooLong']
    expect(errors.filter((name) => !unreachable.includes(name)).sort()).toEqual(
      [
        'ApprovalBeyondAccrual',
        'BidNotInOrder',
        'BiddingClosed',
        'BiddingOpen',
        'DeviceAlreadyBid',
        'DeviceNotActive',
        'EpochAlreadyRecorded',
        'InsufficientDeposit',
        'InsufficientSignatures',
        'InvalidApprovalWindow',
        'InvalidBiddingWindow',
        'InvalidDuration',
        'InvalidResources',
        'InvalidSignature',
        'MalformedSignatures',
        'NoBids',
        'NotAContract',
        'NotBidder',
        'NotCustomer',
        'NotDeviceOwner',
        'NotLeaseCustomer',
        'NotLeaseParty',
        'NotLeaseProvider',
        'NothingToWithdraw',
        'PriceAboveMax',
        'RecordsNotAscending',
        'SignerNotOracle',
        'SignersNotAscending',
        'StaleOracleSetVersion',
        'StartWindowOpen',
        'StartWindowPassed',
        'TooManyBids',
        'UnexpectedBidState',
        'UnexpectedLeaseState',
        'UnexpectedOrderState',
        'UnknownBid',
        'UnknownLease',
        'UnknownOrder',
        'ZeroPrice',
      ].sort(),
    )
  })
})
