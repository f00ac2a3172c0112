/**
 * StorageMarket (the storage kind's contract): deals proposed, accepted, cancelled and ended; proving
 * periods recorded by a quorum of oracles, paying proven periods, refunding and fining faulted ones,
 * terminating after faults in a row; pull payments; and the on-chain check of a provider's PDP proofs
 * against @pinion/protocol/pdp. After every step that moves tokens, the market holds exactly what it
 * owes: the escrow and collateral of its open deals and everyone's balance.
 */
import { type PieceTree, challengedLeaves, pieceAt, pieceProof, pieceTree, verifyPieceProof } from '@pinion/protocol/pdp'
import { storageSettlement } from '@pinion/kinds/storage'
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

const { abi: storageMarketAbi, bytecode: storageMarketBytecode } = kindArtifacts.storage.StorageMarket
const TOKEN = 10n ** 18n
/** What the provider and the customer each hold from genesis. */
const GENESIS = 100_000n * TOKEN
/** StorageMarket.DealState, by name. */
const State = { Proposed: 0, Active: 1, Completed: 2, Terminated: 3, Cancelled: 4, Ended: 5 } as const

type Piece = { root: Hex; height: number; leafCount: bigint }
type Terms = { pricePerPeriod: bigint; periods: number; collateral: bigint; faultFee: bigint; maxConsecutiveFaults: number }

/** A piece with a root from `label`, for deals whose proofs nobody checks. */
const pieceOf = (label: string, height = 10, leafCount = 1_000n): Piece => ({ root: keccak256(toHex(`piece:${label}`)), height, leafCount })
/** A deal of 3 periods at 10 tokens, 30 tokens of collateral, a 5-token fault fee, terminated after 2 faults in a row. */
const TERMS: Terms = { pricePerPeriod: 10n * TOKEN, periods: 3, collateral: 30n * TOKEN, faultFee: 5n * TOKEN, maxConsecutiveFaults: 2 }
/** Deterministic payload bytes. */
const payload = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff)
/** `hex` with its last byte's low bit flipped. */
const flipped = (hex: Hex): Hex => `${hex.slice(0, -2)}${(Number.parseInt(hex.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}` as Hex

/** StorageMarket's PeriodRecord, as the tests build batches. */
type PeriodRecord = { dealId: bigint; proven: boolean }
/** A batch as the storage kind's settlement stores and signs it (decimal strings). */
const settlementRecords = (records: readonly PeriodRecord[]) => records.map((r) => ({ dealId: r.dealId.toString(), proven: r.proven }))

describe('StorageMarket (the storage kind’s contract)', () => {
  let net: Network
  let provider: Account
  let buyer: Account
  let customer: Account
  let stranger: Account
  let deviceId: bigint
  const marketAt = (address: Address) => getContract({ address, abi: storageMarketAbi, client: net.publicClient })
  let market: ReturnType<typeof marketAt>

  beforeAll(async () => {
    // The network's users (localNetwork): genesis allocations name them before the network exists.
    const [first, second, third, fourth] = devnetAccounts(9).slice(5, 9)
    ;[provider, buyer, customer, stranger] = [first!, second!, third!, fourth!]
    net = await workerNetwork({
      deploy: {
        token: {
          name: 'Pinion',
          symbol: 'PIN',
          cap: TOKEN_CAP,
          genesisAllocations: [
            { holder: provider.address, amount: GENESIS },
            { holder: customer.address, amount: GENESIS },
          ],
        },
        kinds: ['storage'],
      },
    })
    market = marketAt(net.deployment.kinds.storage!.StorageMarket!)
    deviceId = await net.registerDevice(provider.address, 'storage market device')
    for (const account of [provider, customer]) {
      await net.send(account, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
    }
  })
  revertEachTest(() => net)

  const call = (account: Account, functionName: 'proposeDeal' | 'acceptDeal' | 'cancelDeal' | 'endDeal' | 'recordPeriods' | 'withdraw', args: readonly unknown[] = []) =>
    net.send(account, { address: market.address, abi: storageMarketAbi, functionName, args })
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: storageMarketAbi, logs: receipt.logs })
      .filter((log) => log.address.toLowerCase() === market.address.toLowerCase())
      .map((log) => ({ eventName: log.eventName, args: log.args as Record<string, unknown> }))
  const tokenBalanceOf = (address: Address) => net.contracts.token.read.balanceOf([address])
  const registry = () => ({ address: net.deployment.registry, abi: deviceRegistryAbi }) as const

  /** Proposes a deal from the customer; returns its id. */
  async function propose(terms: Terms = TERMS, pieces: readonly Piece[] = [pieceOf('a')], device = deviceId, from = customer) {
    const receipt = await call(from, 'proposeDeal', [device, pieces, terms])
    return eventsOf(receipt)[0]!.args.dealId as bigint
  }
  /** Proposes a deal and has the device's owner accept it; returns its id. */
  async function activeDeal(terms: Terms = TERMS, pieces?: readonly Piece[]) {
    const dealId = await propose(terms, pieces)
    await call(provider, 'acceptDeal', [dealId])
    return dealId
  }

  /** Signs the records of `epoch` by `signers` (default: the first two oracles, the quorum). */
  async function signRecords(epoch: bigint, records: readonly PeriodRecord[], options: { signers?: readonly Account[]; version?: number } = {}) {
    const version = options.version ?? (await net.contracts.distributor.read.oracleSetVersion())
    const typedData = storageSettlement.typedData(net.chain.id, market.address, epoch, version, settlementRecords(records))
    const signers = options.signers ?? net.accounts.oracles.slice(0, 2)
    const signatures = await Promise.all(signers.map(async (signer) => ({ signer: signer.address, signature: await signer.signTypedData!(typedData) })))
    return { version, signatures: packOracleSignatures(signatures) }
  }
  /** Records the periods of `epoch`, signed by the quorum; anyone submits, here the stranger. */
  async function record(epoch: bigint, records: readonly PeriodRecord[]) {
    const { version, signatures } = await signRecords(epoch, records)
    return call(stranger, 'recordPeriods', [epoch, version, records, signatures])
  }
  const recordFails = async (epoch: bigint, records: readonly PeriodRecord[], signed?: { version: number; signatures: Hex }) => {
    const { version, signatures } = signed ?? (await signRecords(epoch, records))
    return revertOf(call(stranger, 'recordPeriods', [epoch, version, records, signatures]))
  }

  /** The market's token balance is exactly what it owes: open deals' escrow and collateral, and every balance. */
  async function expectConserved() {
    let owed = 0n
    for (let id = 1n; id <= (await market.read.dealCount()); id++) {
      const deal = await market.read.dealOf([id])
      owed += deal.escrowLeft + deal.collateralLeft
    }
    for (const account of [provider, buyer, customer, stranger]) owed += await market.read.balanceOf([account.address])
    expect(await tokenBalanceOf(market.address)).toBe(owed)
  }

  it('is deployed by deploy() for the kind, with the network’s token, registry and oracle set (the distributor)', async () => {
    expect(await market.read.token()).toBe(net.deployment.token)
    expect(await market.read.registry()).toBe(net.deployment.registry)
    expect(await market.read.oracleSet()).toBe(net.deployment.distributor)
    expect(await market.read.MAX_PERIODS()).toBe(1278)
    expect(await market.read.MAX_CONSECUTIVE_FAULTS()).toBe(42)
    expect(await market.read.MAX_PIECES_PER_DEAL()).toBe(256n)
    expect(await market.read.MAX_PIECE_HEIGHT()).toBe(50)
    expect(await market.read.dealCount()).toBe(0n)
    expect(await market.read.nextRecordEpoch()).toBe(0n)
  })

  it('refuses constructor arguments that are not contracts', async () => {
    const { token, registry: registryAddress, distributor } = net.deployment
    for (const [args, offending] of [
      [[stranger.address, registryAddress, distributor], stranger.address],
      [[token, zeroAddress, distributor], zeroAddress],
      [[token, registryAddress, stranger.address], stranger.address],
    ] as const) {
      const data = encodeDeployData({ abi: storageMarketAbi, bytecode: storageMarketBytecode, args })
      const error = await net.publicClient.call({ account: net.accounts.admin.address, data }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(BaseError)
      const reverted = (error as BaseError).walk((e) => typeof (e as { data?: unknown }).data === 'string') as unknown as { data: Hex }
      expect(decodeErrorResult({ abi: storageMarketAbi, data: reverted.data })).toMatchObject({ errorName: 'NotAContract', args: [offending] })
    }
  })

  describe('proposeDeal', () => {
    it('escrows every period’s price and records the deal and its pieces, in order, with ids from 1', async () => {
      const pieces = [pieceOf('a', 4, 16n), pieceOf('b', 10, 1_000n)]
      const receipt = await call(customer, 'proposeDeal', [deviceId, pieces, TERMS])
      expect(eventsOf(receipt)).toEqual([
        {
          eventName: 'DealProposed',
          args: {
            dealId: 1n,
            customer: customer.address,
            deviceId,
            pricePerPeriod: 10n * TOKEN,
            periods: 3,
            collateral: 30n * TOKEN,
            faultFee: 5n * TOKEN,
            maxConsecutiveFaults: 2,
          },
        },
        { eventName: 'PieceAdded', args: { dealId: 1n, index: 0n, ...pieces[0]! } },
        { eventName: 'PieceAdded', args: { dealId: 1n, index: 1n, ...pieces[1]! } },
      ])
      expect(await tokenBalanceOf(customer.address)).toBe(GENESIS - 30n * TOKEN)
      expect(await market.read.dealOf([1n])).toEqual({
        customer: customer.address,
        deviceId,
        provider: zeroAddress,
        terms: TERMS,
        state: State.Proposed,
        periodsRecorded: 0,
        consecutiveFaults: 0,
        totalFaults: 0,
        escrowLeft: 30n * TOKEN,
        collateralLeft: 0n,
      })
      expect(await market.read.piecesOf([1n])).toEqual(pieces)
      expect(await propose()).toBe(2n)
      expect(await market.read.dealCount()).toBe(2n)
      await expectConserved()
    })

    it('takes the bounds themselves: MAX_PERIODS, MAX_CONSECUTIVE_FAULTS, a fee of the whole collateral, MAX_PIECES_PER_DEAL pieces of up to 2^50 leaves', async () => {
      const terms = { pricePerPeriod: 1n, periods: 1278, collateral: 7n, faultFee: 7n, maxConsecutiveFaults: 42 }
      const pieces = Array.from({ length: 256 }, (_, i) => pieceOf(`max ${i}`, i % 51, 1n << BigInt(i % 51)))
      const dealId = await propose(terms, pieces)
      expect((await market.read.dealOf([dealId])).terms).toEqual(terms)
      expect(await market.read.piecesOf([dealId])).toEqual(pieces)
      const single = await propose({ ...TERMS, collateral: 0n, faultFee: 0n }, [pieceOf('one leaf', 0, 1n)])
      expect(await market.read.piecesOf([single])).toEqual([pieceOf('one leaf', 0, 1n)])
    })

    it('refuses terms out of their bounds', async () => {
      const fails = (terms: Partial<Terms>) => revertOf(call(customer, 'proposeDeal', [deviceId, [pieceOf('a')], { ...TERMS, ...terms }]))
      expect(await fails({ pricePerPeriod: 0n })).toEqual({ name: 'ZeroPrice', args: [] })
      expect(await fails({ periods: 0 })).toEqual({ name: 'InvalidPeriods', args: [0, 1278] })
      expect(await fails({ periods: 1279 })).toEqual({ name: 'InvalidPeriods', args: [1279, 1278] })
      expect(await fails({ collateral: 4n, faultFee: 5n })).toEqual({ name: 'FaultFeeAboveCollateral', args: [5n, 4n] })
      expect(await fails({ maxConsecutiveFaults: 0 })).toEqual({ name: 'InvalidMaxConsecutiveFaults', args: [0, 42] })
      expect(await fails({ maxConsecutiveFaults: 43 })).toEqual({ name: 'InvalidMaxConsecutiveFaults', args: [43, 42] })
    })

    it('refuses no pieces, too many, and a piece taller than 50 levels or with 0 or more than 2^height leaves', async () => {
      const fails = (pieces: readonly Piece[]) => revertOf(call(customer, 'proposeDeal', [deviceId, pieces, TERMS]))
      expect(await fails([])).toEqual({ name: 'InvalidPieceCount', args: [0n, 256n] })
      expect(await fails(Array.from({ length: 257 }, (_, i) => pieceOf(`${i}`)))).toEqual({ name: 'InvalidPieceCount', args: [257n, 256n] })
      expect(await fails([pieceOf('ok'), pieceOf('tall', 51, 1n)])).toEqual({ name: 'InvalidPiece', args: [1n, 51, 1n] })
      expect(await fails([pieceOf('empty', 3, 0n)])).toEqual({ name: 'InvalidPiece', args: [0n, 3, 0n] })
      expect(await fails([pieceOf('over', 3, 9n)])).toEqual({ name: 'InvalidPiece', args: [0n, 3, 9n] })
    })

    it('refuses a device that does not exist or is suspended, and a customer who has not approved the escrow', async () => {
      expect(await revertOf(call(customer, 'proposeDeal', [deviceId + 1n, [pieceOf('a')], TERMS]))).toEqual({ name: 'DeviceNotActive', args: [deviceId + 1n] })
      await net.governance({ ...registry(), functionName: 'setSuspended', args: [deviceId, true] })
      expect(await revertOf(call(customer, 'proposeDeal', [deviceId, [pieceOf('a')], TERMS]))).toEqual({ name: 'DeviceNotActive', args: [deviceId] })
      await net.governance({ ...registry(), functionName: 'setSuspended', args: [deviceId, false] })
      await net.send(customer, { ...net.contracts.token, functionName: 'approve', args: [market.address, TOKEN] })
      expect(await revertOf(call(customer, 'proposeDeal', [deviceId, [pieceOf('a')], TERMS]))).toEqual({
        name: 'ERC20InsufficientAllowance',
        args: [market.address, TOKEN, 30n * TOKEN],
      })
    })
  })

  describe('acceptDeal', () => {
    it('pulls the collateral from the device’s owner, who becomes the provider', async () => {
      const dealId = await propose()
      const receipt = await call(provider, 'acceptDeal', [dealId])
      expect(eventsOf(receipt)).toEqual([{ eventName: 'DealAccepted', args: { dealId, deviceId, provider: provider.address } }])
      expect(await tokenBalanceOf(provider.address)).toBe(GENESIS - 30n * TOKEN)
      expect(await market.read.dealOf([dealId])).toMatchObject({ provider: provider.address, state: State.Active, escrowLeft: 30n * TOKEN, collateralLeft: 30n * TOKEN })
      await expectConserved()
    })

    it('refuses anyone but the device’s owner, a deal not Proposed, an unknown deal, and a device suspended since the proposal', async () => {
      const dealId = await propose()
      expect(await revertOf(call(stranger, 'acceptDeal', [dealId]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, stranger.address] })
      expect(await revertOf(call(provider, 'acceptDeal', [99n]))).toEqual({ name: 'UnknownDeal', args: [99n] })
      await net.governance({ ...registry(), functionName: 'setSuspended', args: [deviceId, true] })
      expect(await revertOf(call(provider, 'acceptDeal', [dealId]))).toEqual({ name: 'DeviceNotActive', args: [deviceId] })
      await net.governance({ ...registry(), functionName: 'setSuspended', args: [deviceId, false] })
      await call(provider, 'acceptDeal', [dealId])
      expect(await revertOf(call(provider, 'acceptDeal', [dealId]))).toEqual({ name: 'UnexpectedDealState', args: [dealId, State.Active, State.Proposed] })
    })

    it('pays whoever accepted and locked the collateral, even after it sold the device; the buyer accepts the next deals', async () => {
      const dealId = await activeDeal()
      const next = await propose()
      await net.send(provider, { ...registry(), functionName: 'transferFrom', args: [provider.address, buyer.address, deviceId] })
      expect(await revertOf(call(provider, 'acceptDeal', [next]))).toEqual({ name: 'NotDeviceOwner', args: [deviceId, provider.address] })
      await net.send(buyer, { ...net.contracts.token, functionName: 'approve', args: [market.address, GENESIS] })
      await net.send(provider, { ...net.contracts.token, functionName: 'transfer', args: [buyer.address, 30n * TOKEN] })
      await call(buyer, 'acceptDeal', [next])

      await record(0n, [
        { dealId, proven: true },
        { dealId: next, proven: true },
      ])
      await call(customer, 'endDeal', [dealId])
      expect(await market.read.balanceOf([provider.address])).toBe(10n * TOKEN + 30n * TOKEN)
      expect(await market.read.balanceOf([buyer.address])).toBe(10n * TOKEN)
      await expectConserved()
    })
  })

  describe('cancelDeal', () => {
    it('gives a proposal’s whole escrow back to its customer’s balance', async () => {
      const dealId = await propose()
      const receipt = await call(customer, 'cancelDeal', [dealId])
      expect(eventsOf(receipt)).toEqual([{ eventName: 'DealCancelled', args: { dealId, refunded: 30n * TOKEN } }])
      expect(await market.read.balanceOf([customer.address])).toBe(30n * TOKEN)
      expect(await market.read.dealOf([dealId])).toMatchObject({ state: State.Cancelled, escrowLeft: 0n, collateralLeft: 0n })
      await expectConserved()
      expect(await revertOf(call(provider, 'acceptDeal', [dealId]))).toEqual({ name: 'UnexpectedDealState', args: [dealId, State.Cancelled, State.Proposed] })
    })

    it('refuses anyone but the customer, an accepted deal, and an unknown deal', async () => {
      const dealId = await propose()
      expect(await revertOf(call(provider, 'cancelDeal', [dealId]))).toEqual({ name: 'NotCustomer', args: [dealId, provider.address] })
      expect(await revertOf(call(customer, 'cancelDeal', [7n]))).toEqual({ name: 'UnknownDeal', args: [7n] })
      await call(provider, 'acceptDeal', [dealId])
      expect(await revertOf(call(customer, 'cancelDeal', [dealId]))).toEqual({ name: 'UnexpectedDealState', args: [dealId, State.Active, State.Proposed] })
    })
  })

  describe('endDeal', () => {
    it('refunds the periods not recorded to the customer and returns the collateral left to the provider', async () => {
      const dealId = await activeDeal()
      await record(0n, [{ dealId, proven: true }])
      await record(1n, [{ dealId, proven: false }])
      const receipt = await call(customer, 'endDeal', [dealId])
      expect(eventsOf(receipt)).toEqual([{ eventName: 'DealEnded', args: { dealId, refunded: 10n * TOKEN, collateralReturned: 25n * TOKEN } }])
      // The customer: the faulted period, then the one never recorded; the provider: one period and its collateral left.
      expect(await market.read.balanceOf([customer.address])).toBe(20n * TOKEN)
      expect(await market.read.balanceOf([provider.address])).toBe(35n * TOKEN)
      expect(await market.read.dealOf([dealId])).toMatchObject({ state: State.Ended, periodsRecorded: 2, escrowLeft: 0n, collateralLeft: 0n })
      await expectConserved()
    })

    it('refuses anyone but the customer, a deal not Active, and an unknown deal', async () => {
      const dealId = await propose()
      expect(await revertOf(call(customer, 'endDeal', [dealId]))).toEqual({ name: 'UnexpectedDealState', args: [dealId, State.Proposed, State.Active] })
      await call(provider, 'acceptDeal', [dealId])
      expect(await revertOf(call(provider, 'endDeal', [dealId]))).toEqual({ name: 'NotCustomer', args: [dealId, provider.address] })
      expect(await revertOf(call(customer, 'endDeal', [5n]))).toEqual({ name: 'UnknownDeal', args: [5n] })
      await call(customer, 'endDeal', [dealId])
      expect(await revertOf(call(customer, 'endDeal', [dealId]))).toEqual({ name: 'UnexpectedDealState', args: [dealId, State.Ended, State.Active] })
    })
  })

  describe('recordPeriods', () => {
    it('pays each proven period to the provider and completes the deal, returning its collateral, after the last', async () => {
      const dealId = await activeDeal()
      for (const epoch of [0n, 1n]) {
        const receipt = await record(epoch, [{ dealId, proven: true }])
        expect(eventsOf(receipt)).toEqual([
          { eventName: 'PeriodProven', args: { dealId, epoch, paid: 10n * TOKEN } },
          { eventName: 'PeriodsRecorded', args: { epoch, count: 1n } },
        ])
        await expectConserved()
      }
      expect(await market.read.dealOf([dealId])).toMatchObject({ state: State.Active, periodsRecorded: 2, escrowLeft: 10n * TOKEN, collateralLeft: 30n * TOKEN })
      const last = await record(2n, [{ dealId, proven: true }])
      expect(eventsOf(last)).toEqual([
        { eventName: 'PeriodProven', args: { dealId, epoch: 2n, paid: 10n * TOKEN } },
        { eventName: 'DealCompleted', args: { dealId, collateralReturned: 30n * TOKEN } },
        { eventName: 'PeriodsRecorded', args: { epoch: 2n, count: 1n } },
      ])
      expect(await market.read.dealOf([dealId])).toMatchObject({ state: State.Completed, periodsRecorded: 3, escrowLeft: 0n, collateralLeft: 0n })
      expect(await market.read.balanceOf([provider.address])).toBe(60n * TOKEN)
      await expectConserved()
      expect(await tokenBalanceOf(market.address)).toBe(60n * TOKEN)
    })

    it('refunds a faulted period and burns its fee; faults in a row terminate the deal, refunding the rest and burning the collateral left', async () => {
      const dealId = await activeDeal({ ...TERMS, periods: 5 })
      const supply = await net.contracts.token.read.totalSupply()
      const first = await record(0n, [{ dealId, proven: false }])
      expect(eventsOf(first)).toEqual([
        { eventName: 'PeriodFaulted', args: { dealId, epoch: 0n, fee: 5n * TOKEN, consecutiveFaults: 1 } },
        { eventName: 'PeriodsRecorded', args: { epoch: 0n, count: 1n } },
      ])
      expect(await market.read.balanceOf([customer.address])).toBe(10n * TOKEN)
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 5n * TOKEN)
      await expectConserved()

      // A proven period clears the faults in a row, not the faults in all.
      await record(1n, [{ dealId, proven: true }])
      expect(await market.read.dealOf([dealId])).toMatchObject({ consecutiveFaults: 0, totalFaults: 1, collateralLeft: 25n * TOKEN })
      await record(2n, [{ dealId, proven: false }])
      const terminating = await record(3n, [{ dealId, proven: false }])
      expect(eventsOf(terminating)).toEqual([
        { eventName: 'PeriodFaulted', args: { dealId, epoch: 3n, fee: 5n * TOKEN, consecutiveFaults: 2 } },
        { eventName: 'DealTerminated', args: { dealId, epoch: 3n, refunded: 10n * TOKEN, slashed: 15n * TOKEN } },
        { eventName: 'PeriodsRecorded', args: { epoch: 3n, count: 1n } },
      ])
      expect(await market.read.dealOf([dealId])).toMatchObject({
        state: State.Terminated,
        periodsRecorded: 4,
        consecutiveFaults: 2,
        totalFaults: 3,
        escrowLeft: 0n,
        collateralLeft: 0n,
      })
      // The customer: three faulted periods and the one left; the provider: the one it proved.
      expect(await market.read.balanceOf([customer.address])).toBe(40n * TOKEN)
      expect(await market.read.balanceOf([provider.address])).toBe(10n * TOKEN)
      // Burnt: three fees of 5 and the 15 left of the collateral, all of it.
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 30n * TOKEN)
      await expectConserved()
      const after = await record(4n, [{ dealId, proven: true }])
      expect(eventsOf(after)[0]).toEqual({ eventName: 'PeriodSkipped', args: { dealId, epoch: 4n } })
    })

    it('burns no more than the collateral left, and completes a deal whose last period faulted below the limit', async () => {
      const dealId = await activeDeal({ pricePerPeriod: TOKEN, periods: 4, collateral: 12n, faultFee: 5n, maxConsecutiveFaults: 42 })
      const fees: unknown[] = []
      for (const epoch of [0n, 1n, 2n]) fees.push(eventsOf(await record(epoch, [{ dealId, proven: false }]))[0]!.args.fee)
      expect(fees).toEqual([5n, 5n, 2n])
      const last = await record(3n, [{ dealId, proven: false }])
      expect(eventsOf(last)).toEqual([
        { eventName: 'PeriodFaulted', args: { dealId, epoch: 3n, fee: 0n, consecutiveFaults: 4 } },
        { eventName: 'DealCompleted', args: { dealId, collateralReturned: 0n } },
        { eventName: 'PeriodsRecorded', args: { epoch: 3n, count: 1n } },
      ])
      expect(await market.read.balanceOf([customer.address])).toBe(4n * TOKEN)
      await expectConserved()
    })

    it('terminates rather than completes when the last period is the fault that reaches the limit', async () => {
      const dealId = await activeDeal({ ...TERMS, periods: 2, maxConsecutiveFaults: 1 })
      await record(0n, [{ dealId, proven: true }])
      const receipt = await record(1n, [{ dealId, proven: false }])
      expect(eventsOf(receipt).map((e) => e.eventName)).toEqual(['PeriodFaulted', 'DealTerminated', 'PeriodsRecorded'])
      expect(eventsOf(receipt)[1]!.args).toEqual({ dealId, epoch: 1n, refunded: 0n, slashed: 25n * TOKEN })
      await expectConserved()
    })

    it('records many deals at once, one burn for all, and skips deals that are not Active (or do not exist)', async () => {
      const proposed = await propose()
      const [a, b, c] = [await activeDeal(), await activeDeal(), await activeDeal()]
      const ended = await activeDeal()
      await call(customer, 'endDeal', [ended])
      const supply = await net.contracts.token.read.totalSupply()
      const receipt = await record(0n, [
        { dealId: proposed, proven: true },
        { dealId: a, proven: true },
        { dealId: b, proven: false },
        { dealId: c, proven: false },
        { dealId: ended, proven: true },
        { dealId: 1_000n, proven: true },
      ])
      expect(eventsOf(receipt)).toEqual([
        { eventName: 'PeriodSkipped', args: { dealId: proposed, epoch: 0n } },
        { eventName: 'PeriodProven', args: { dealId: a, epoch: 0n, paid: 10n * TOKEN } },
        { eventName: 'PeriodFaulted', args: { dealId: b, epoch: 0n, fee: 5n * TOKEN, consecutiveFaults: 1 } },
        { eventName: 'PeriodFaulted', args: { dealId: c, epoch: 0n, fee: 5n * TOKEN, consecutiveFaults: 1 } },
        { eventName: 'PeriodSkipped', args: { dealId: ended, epoch: 0n } },
        { eventName: 'PeriodSkipped', args: { dealId: 1_000n, epoch: 0n } },
        { eventName: 'PeriodsRecorded', args: { epoch: 0n, count: 6n } },
      ])
      const burns = parseEventLogs({ abi: net.contracts.token.abi, logs: receipt.logs, eventName: 'Transfer' }).filter((log) => log.args.to === zeroAddress)
      expect(burns.map((log) => log.args.value)).toEqual([10n * TOKEN])
      expect(await net.contracts.token.read.totalSupply()).toBe(supply - 10n * TOKEN)
      expect(await market.read.dealOf([proposed])).toMatchObject({ state: State.Proposed, periodsRecorded: 0 })
      expect(await market.read.dealOf([ended])).toMatchObject({ state: State.Ended, periodsRecorded: 0 })
      await expectConserved()
    })

    it('takes epochs in order: a later one after each batch, gaps allowed, never the same or an earlier one again', async () => {
      const dealId = await activeDeal()
      await record(2n, [{ dealId, proven: true }])
      expect(await market.read.nextRecordEpoch()).toBe(3n)
      expect(await recordFails(2n, [{ dealId, proven: true }])).toEqual({ name: 'EpochAlreadyRecorded', args: [2n, 3n] })
      expect(await recordFails(1n, [{ dealId, proven: true }])).toEqual({ name: 'EpochAlreadyRecorded', args: [1n, 3n] })
      // A batch without records still moves the epochs on.
      expect(eventsOf(await record(5n, []))).toEqual([{ eventName: 'PeriodsRecorded', args: { epoch: 5n, count: 0n } }])
      expect(await market.read.nextRecordEpoch()).toBe(6n)
      expect(await market.read.dealOf([dealId])).toMatchObject({ periodsRecorded: 1 })
    })

    it('takes records in strictly ascending deal id order only', async () => {
      const [a, b] = [await activeDeal(), await activeDeal()]
      expect(
        await recordFails(0n, [
          { dealId: b, proven: true },
          { dealId: a, proven: true },
        ]),
      ).toEqual({ name: 'RecordsNotAscending', args: [b, a] })
      expect(
        await recordFails(0n, [
          { dealId: a, proven: true },
          { dealId: a, proven: true },
        ]),
      ).toEqual({ name: 'RecordsNotAscending', args: [a, a] })
      expect(await recordFails(0n, [{ dealId: 0n, proven: true }])).toEqual({ name: 'RecordsNotAscending', args: [0n, 0n] })
    })

    it('takes signatures by a quorum of the current oracle set, over exactly these records, under the current version', async () => {
      const dealId = await activeDeal()
      const records = [{ dealId, proven: true }]
      const [a, b, c] = net.accounts.oracles as [Account, Account, Account]

      expect(await recordFails(0n, records, await signRecords(0n, records, { signers: [a] }))).toEqual({ name: 'InsufficientSignatures', args: [1n, 2n] })
      expect(await recordFails(0n, records, await signRecords(0n, records, { signers: [a, stranger] }))).toEqual({ name: 'SignerNotOracle', args: [stranger.address] })
      // Signatures over other records (another recordsHash) or another epoch recover to other addresses.
      expect(await recordFails(0n, records, await signRecords(0n, [{ dealId, proven: false }], { signers: [a, b] }))).toMatchObject({ name: 'SignerNotOracle' })
      expect(await recordFails(0n, records, await signRecords(1n, records, { signers: [a, b] }))).toMatchObject({ name: 'SignerNotOracle' })
      const signed = await signRecords(0n, records, { signers: [b, c] })
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
      expect(await recordFails(0n, records, await signRecords(0n, records, { signers: [a, b] }))).toEqual({ name: 'InsufficientSignatures', args: [2n, 3n] })
      const all = await signRecords(0n, records, { signers: [a, b, c] })
      await call(stranger, 'recordPeriods', [0n, all.version, records, all.signatures])
      expect(await market.read.dealOf([dealId])).toMatchObject({ periodsRecorded: 1 })
    })

    it("hashes and digests the records as the storage kind's settlement signs them", async () => {
      const records = [
        { dealId: 1n, proven: true },
        { dealId: 2n, proven: false },
        { dealId: 2n ** 200n, proven: true },
      ]
      const signed = (batch: readonly PeriodRecord[]) => storageSettlement.typedData(net.chain.id, market.address, 9n, 4, settlementRecords(batch))
      const recordsHash = (batch: readonly PeriodRecord[]) => (signed(batch).message as { recordsHash: Hex }).recordsHash
      for (const batch of [[], records.slice(0, 1), records]) expect(await market.read.hashRecords([batch])).toBe(recordsHash(batch))
      expect(await market.read.provingPeriodsDigest([9n, 4, recordsHash(records)])).toBe(hashTypedData(signed(records)))
    })
  })

  describe('withdraw', () => {
    it('pays the caller its whole balance once', async () => {
      const dealId = await activeDeal({ ...TERMS, periods: 1 })
      await record(0n, [{ dealId, proven: true }])
      const before = await tokenBalanceOf(provider.address)
      const receipt = await call(provider, 'withdraw')
      expect(eventsOf(receipt)).toEqual([{ eventName: 'Withdrawn', args: { account: provider.address, amount: 40n * TOKEN } }])
      expect(await tokenBalanceOf(provider.address)).toBe(before + 40n * TOKEN)
      expect(await market.read.balanceOf([provider.address])).toBe(0n)
      expect(await tokenBalanceOf(market.address)).toBe(0n)
      await expectConserved()
      expect(await revertOf(call(provider, 'withdraw'))).toEqual({ name: 'NothingToWithdraw', args: [provider.address] })
      expect(await revertOf(call(stranger, 'withdraw'))).toEqual({ name: 'NothingToWithdraw', args: [stranger.address] })
    })
  })

  describe('views', () => {
    it('refuses to describe a deal that does not exist', async () => {
      expect(await revertOf(market.read.dealOf([1n]))).toEqual({ name: 'UnknownDeal', args: [1n] })
      expect(await revertOf(market.read.piecesOf([0n]))).toEqual({ name: 'UnknownDeal', args: [0n] })
      await propose()
      expect((await market.read.dealOf([1n])).customer).toBe(customer.address)
    })
  })

  describe('checkPossession (against @pinion/protocol/pdp)', () => {
    // Three real pieces of different heights; the data set is their leaves end to end.
    const trees: PieceTree[] = [pieceTree(payload(3_000, 1)), pieceTree(payload(127, 2)), pieceTree(payload(16_256, 3))]
    const pieces = trees.map((tree) => ({ root: tree.root, height: tree.height, leafCount: BigInt(tree.leafCount) }))
    const leafCounts = pieces.map((p) => p.leafCount)
    const range = leafCounts.reduce((sum, count) => sum + count, 0n)
    const SEEDS = [1n, 0xdeadbeefn, 2n ** 255n + 12_345n]
    /** The first seed from 0 one of whose 5 challenges of deal `dealId` falls in piece `pieceId` (the small one is rarely hit). */
    const seedHitting = (dealId: bigint, pieceId: number) => {
      for (let seed = 0n; ; seed++) if (challengedLeaves(seed, dealId, 5, range).some((leaf) => pieceAt(leafCounts, leaf).pieceId === pieceId)) return seed
    }

    /** The provider's honest answer to `seed`'s `count` challenges of deal `dealId`, and which piece each fell in. */
    const answer = (dealId: bigint, seed: bigint, count = 5) =>
      challengedLeaves(seed, dealId, count, range).map((leaf) => {
        const { pieceId, offset } = pieceAt(leafCounts, leaf)
        return { pieceId, offset, ...pieceProof(trees[pieceId]!, Number(offset)) }
      })

    it('accepts the proofs the TypeScript prover builds and accepts, and fails what it fails', async () => {
      const dealId = await propose(TERMS, pieces)
      const hit = new Set<number>()
      for (const seed of [...SEEDS, ...trees.map((_, pieceId) => seedHitting(dealId, pieceId))]) {
        const proofs = answer(dealId, seed)
        for (const p of proofs) {
          hit.add(p.pieceId)
          expect(verifyPieceProof(trees[p.pieceId]!.root, trees[p.pieceId]!.height, p.offset, p)).toBe(true)
        }
        const leaves = proofs.map((p) => p.leaf)
        const siblings = proofs.map((p) => p.proof)
        expect(await market.read.checkPossession([dealId, seed, leaves, siblings])).toBe(true)

        // One changed leaf, anywhere, fails on both sides.
        const changed = leaves.map((leaf, i) => (i === 4 ? flipped(leaf) : leaf))
        expect(verifyPieceProof(trees[proofs[4]!.pieceId]!.root, trees[proofs[4]!.pieceId]!.height, proofs[4]!.offset, { leaf: changed[4]!, proof: siblings[4]! })).toBe(false)
        expect(await market.read.checkPossession([dealId, seed, changed, siblings])).toBe(false)
        // The answers of another seed are not this seed's.
        const other = answer(dealId, seed + 1n)
        expect(await market.read.checkPossession([dealId, seed + 1n, other.map((p) => p.leaf), other.map((p) => p.proof)])).toBe(true)
        expect(await market.read.checkPossession([dealId, seed, other.map((p) => p.leaf), other.map((p) => p.proof)])).toBe(false)
      }
      // The seeds' challenges fell in every piece: the lookup by running leaf counts was exercised across pieces.
      expect([...hit].sort()).toEqual([0, 1, 2])
    })

    it('draws the challenges from the deal id: the same pieces in another deal ask other leaves', async () => {
      const dealId = await propose(TERMS, pieces)
      const twin = await propose(TERMS, pieces)
      const proofs = answer(dealId, SEEDS[1]!)
      expect(challengedLeaves(SEEDS[1]!, dealId, 5, range)).not.toEqual(challengedLeaves(SEEDS[1]!, twin, 5, range))
      expect(await market.read.checkPossession([twin, SEEDS[1]!, proofs.map((p) => p.leaf), proofs.map((p) => p.proof)])).toBe(false)
    })

    it('fails a proof of the wrong length, as the TypeScript does, rather than reverting', async () => {
      const dealId = await propose(TERMS, pieces)
      const [first] = answer(dealId, SEEDS[0]!, 1) as [ReturnType<typeof answer>[number]]
      const tree = trees[first.pieceId]!
      for (const proof of [first.proof.slice(1), [...first.proof, first.proof[0]!]]) {
        expect(verifyPieceProof(tree.root, tree.height, first.offset, { leaf: first.leaf, proof })).toBe(false)
        expect(await market.read.checkPossession([dealId, SEEDS[0]!, [first.leaf], [proof]])).toBe(false)
      }
      expect(await market.read.checkPossession([dealId, SEEDS[0]!, [first.leaf], [first.proof]])).toBe(true)
    })

    it('refuses no challenges, leaves and proofs of different counts, and an unknown deal', async () => {
      const dealId = await propose(TERMS, pieces)
      const proofs = answer(dealId, SEEDS[0]!, 2)
      const leaves = proofs.map((p) => p.leaf)
      expect(await revertOf(market.read.checkPossession([dealId, SEEDS[0]!, [], []]))).toEqual({ name: 'InvalidChallengeCount', args: [0n, 0n] })
      expect(await revertOf(market.read.checkPossession([dealId, SEEDS[0]!, leaves, [proofs[0]!.proof]]))).toEqual({ name: 'InvalidChallengeCount', args: [2n, 1n] })
      expect(await revertOf(market.read.checkPossession([99n, SEEDS[0]!, leaves, proofs.map((p) => p.proof)]))).toEqual({ name: 'UnknownDeal', args: [99n] })
    })
  })

  it('has a test above for each of its custom errors (the token’s and EIP-712’s name strings aside)', () => {
    const errors = storageMarketAbi.filter((item) => item.type === 'error').map((item) => item.name)
    // Unreachable: the network's token reverts with its own errors rather than returning false; the
    // EIP-712 name and version are constants shorter than 32 bytes; checkPossession checks a proof's
    // length before PieceProofs.verify would revert on it.
    const unreachable = ['SafeERC20FailedOperation', 'InvalidShortString', 'StringTooLong', 'ProofLengthMismatch']
    expect(errors.filter((name) => !unreachable.includes(name)).sort()).toEqual(
      [
        'DeviceNotActive',
        'EpochAlreadyRecorded',
        'FaultFeeAboveCollateral',
        'InsufficientSignatures',
        'InvalidChallengeCount',
        'InvalidMaxConsecutiveFaults',
        'InvalidPeriods',
        'InvalidPiece',
        'InvalidPieceCount',
        'InvalidSignature',
        'MalformedSignatures',
        'NotAContract',
        'NotCustomer',
        'NotDeviceOwner',
        'NothingToWithdraw',
        'RecordsNotAscending',
        'SignerNotOracle',
        'SignersNotAscending',
        'StaleOracleSetVersion',
        'UnexpectedDealState',
        'UnknownDeal',
        'ZeroPrice',
      ].sort(),
    )
  })
})
