// The SDK's own encoding (a pure module: the package's entry point carries Node-only code the app's type-check leaves out).
import { reasonCode, reasonText as sdkReasonText } from '../../../contracts/sdk/staking.ts'
import { type Hex, numberToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { type EconomyEvent, creditsByEpoch, deviceShares, deviceStakes, hasCreditActivity, operatorPools, reasonText, slashOrders, splits } from './economyView.ts'

const TOKEN = 10n ** 18n
const A = `0x${'a'.repeat(40)}` as Hex
const B = `0x${'b'.repeat(40)}` as Hex
const C = `0x${'c'.repeat(40)}` as Hex
const SPLIT = `0x${'5'.repeat(40)}` as Hex
const SHARES = `0x${'6'.repeat(40)}` as Hex
const device = (n: bigint) => numberToHex(n, { size: 32 })
const id = (n: number) => numberToHex(n, { size: 32 })
const ZERO = `0x${'0'.repeat(64)}` as Hex

/** A fixed history, in chain order: purchases, a card payment, settlements, stake, slashes, a split and shares. */
const EVENTS: EconomyEvent[] = [
  { eventName: 'CreditsMintedForPayment', args: { operator: C, account: B, credits: 1_000_000n, paymentRef: ZERO, epoch: 0n } },
  { eventName: 'CreditsBought', args: { payer: A, account: B, tokens: 2n * TOKEN, credits: 200_000n, price: 100_000n * TOKEN, epoch: 1n } },
  { eventName: 'CreditsBought', args: { payer: A, account: A, tokens: TOKEN / 2n, credits: 50_000n, price: 100_000n * TOKEN, epoch: 1n } },
  { eventName: 'ReceiptsSettled', args: { epoch: 1n, count: 3n, totalCredits: 42n } },
  { eventName: 'ReceiptsSettled', args: { epoch: 3n, count: 1n, totalCredits: 7n } },
  { eventName: 'DeviceBonded', args: { deviceId: 1n, owner: A, amount: 100n * TOKEN, total: 100n * TOKEN } },
  { eventName: 'DeviceBonded', args: { deviceId: 2n, owner: B, amount: 100n * TOKEN, total: 100n * TOKEN } },
  { eventName: 'DeviceBonded', args: { deviceId: 1n, owner: A, amount: 20n * TOKEN, total: 120n * TOKEN } },
  { eventName: 'DeviceUnbonded', args: { deviceId: 1n, owner: A, amount: 30n * TOKEN, total: 90n * TOKEN, availableAt: 1_000n } },
  {
    eventName: 'SlashProposed',
    args: {
      id: id(1),
      subjectType: 0,
      subject: device(2n),
      epoch: 4n,
      amount: 100n * TOKEN,
      reason: reasonCode('wireless.WITNESS_RING'),
      evidenceHash: id(9),
      executableAt: 1_700_000_000n,
    },
  },
  {
    eventName: 'SlashProposed',
    args: {
      id: id(2),
      subjectType: 0,
      subject: device(1n),
      epoch: 5n,
      amount: 10n * TOKEN,
      reason: reasonCode('DEVICE_EQUIVOCATED'),
      evidenceHash: id(8),
      executableAt: 1_700_000_100n,
    },
  },
  {
    eventName: 'SlashProposed',
    args: {
      id: id(3),
      subjectType: 0,
      subject: device(1n),
      epoch: 6n,
      amount: 10n * TOKEN,
      reason: reasonCode('wireless.BEACON_REPLAY'),
      evidenceHash: id(7),
      executableAt: 1_700_000_200n,
    },
  },
  {
    eventName: 'SlashProposed',
    args: {
      id: id(4),
      subjectType: 0,
      subject: device(1n),
      epoch: 7n,
      amount: 10n * TOKEN,
      reason: reasonCode('wireless.BEACON_REPLAY'),
      evidenceHash: id(6),
      executableAt: 1_700_000_300n,
    },
  },
  {
    eventName: 'SlashExecuted',
    args: { id: id(1), subjectType: 0, subject: device(2n), fromBonded: 100n * TOKEN, fromUnbonding: 0n, bonded: 0n, unbonding: 0n, burnt: false },
  },
  { eventName: 'SlashVetoed', args: { id: id(2), by: C } },
  { eventName: 'SlashAppealed', args: { id: id(3), by: A } },
  // An order of another deployment's Staking (never proposed here) changes nothing.
  { eventName: 'SlashVetoed', args: { id: id(99), by: C } },
  { eventName: 'RecipientChanged', args: { deviceId: 1n, recipient: SPLIT } },
  { eventName: 'SplitCreated', args: { split: SPLIT, creator: A, payees: [A, B], shares: [3n, 1n], salt: ZERO } },
  { eventName: 'RecipientChanged', args: { deviceId: 3n, recipient: SPLIT } },
  { eventName: 'RecipientChanged', args: { deviceId: 3n, recipient: C } },
  { eventName: 'SharesCreated', args: { deviceId: 2n, shares: SHARES, owner: B, supply: 1_000n * TOKEN } },
]

describe('economyView', () => {
  it('sums credits per epoch, beside what each epoch emitted and paid in revenue, oldest first', () => {
    const rows = creditsByEpoch(
      EVENTS,
      [
        { epoch: '0', emission: (100n * TOKEN).toString() },
        { epoch: '1', emission: (90n * TOKEN).toString() },
        { epoch: '2', emission: (80n * TOKEN).toString() },
      ],
      new Map([
        ['1', (5n * TOKEN).toString()],
        ['2', '0'],
      ]),
    )
    expect(rows.map((r) => r.epoch)).toEqual(['0', '1', '2', '3'])
    expect(rows[0]).toEqual({
      epoch: '0',
      tokensBurnt: 0n,
      creditsBought: 0n,
      creditsMinted: 1_000_000n,
      creditsSettled: 0n,
      receiptsSettled: 0n,
      emitted: 100n * TOKEN,
      revenue: null,
    })
    expect(rows[1]).toEqual({
      epoch: '1',
      tokensBurnt: (5n * TOKEN) / 2n,
      creditsBought: 250_000n,
      creditsMinted: 0n,
      creditsSettled: 42n,
      receiptsSettled: 3n,
      emitted: 90n * TOKEN,
      revenue: 5n * TOKEN,
    })
    expect(rows[3]).toMatchObject({ epoch: '3', creditsSettled: 7n, emitted: null })
    // Epoch 2 only emitted: it is charted, not listed.
    expect(rows.filter(hasCreditActivity).map((r) => r.epoch)).toEqual(['0', '1', '3'])
  })

  it('orders epochs as numbers, not as text', () => {
    const rows = creditsByEpoch(
      [],
      [
        { epoch: '10', emission: '1' },
        { epoch: '9', emission: '1' },
      ],
    )
    expect(rows.map((r) => r.epoch)).toEqual(['9', '10'])
  })

  it("takes each device's stake from its last event, slashes included", () => {
    expect(deviceStakes(EVENTS)).toEqual([
      { deviceId: device(1n), bonded: 90n * TOKEN, owner: A, slashed: 0n },
      { deviceId: device(2n), bonded: 0n, owner: B, slashed: 100n * TOKEN },
    ])
  })

  it("keeps each operator's pool from its last event: tokens, delegators other than itself, the last commission announced; an emptying slash voids its delegations", () => {
    const delegated = (delegator: Hex, delegatorShares: bigint, totalTokens: bigint): EconomyEvent => ({
      eventName: 'Delegated',
      args: { operator: A, delegator, amount: 1n, shares: 1n, delegatorShares, totalTokens, totalShares: totalTokens },
    })
    const events: EconomyEvent[] = [
      { eventName: 'CommissionChanged', args: { operator: A, commissionBps: 1_000, effectiveAt: 500n } },
      delegated(A, 100n, 100n),
      delegated(B, 300n, 400n),
      delegated(C, 50n, 450n),
      { eventName: 'Undelegated', args: { operator: A, delegator: C, shares: 50n, amount: 50n, delegatorShares: 0n, totalTokens: 400n, totalShares: 400n, availableAt: 9n } },
    ]
    expect(operatorPools(events)).toEqual([{ operator: A, bonded: 400n, delegators: 1, commission: { bps: 1_000, effectiveAt: 500n } }])
    const slash = (bonded: bigint): EconomyEvent => ({
      eventName: 'SlashExecuted',
      args: { id: id(7), subjectType: 1, subject: `0x${'0'.repeat(24)}${A.slice(2)}`, fromBonded: 1n, fromUnbonding: 0n, bonded, unbonding: 0n, burnt: false },
    })
    expect(operatorPools([...events, slash(300n)])[0]).toMatchObject({ bonded: 300n, delegators: 1 })
    expect(operatorPools([...events, slash(0n)])[0]).toMatchObject({ bonded: 0n, delegators: 0 })
    expect(operatorPools(EVENTS)).toEqual([])
  })

  it('gives every slash order its reason in words and where it stands, newest first', () => {
    const orders = slashOrders(EVENTS)
    expect(orders.map((o) => [o.id, o.status])).toEqual([
      [id(4), 'proposed'],
      [id(3), 'appealed'],
      [id(2), 'vetoed'],
      [id(1), 'executed'],
    ])
    expect(orders[3]).toMatchObject({ subject: device(2n), isDevice: true, epoch: 4n, reason: 'wireless.WITNESS_RING', taken: 100n * TOKEN, burnt: false, evidenceHash: id(9) })
    expect(orders[0]).toMatchObject({ reason: 'wireless.BEACON_REPLAY', taken: null, executableAt: 1_700_000_300n })
    expect(slashOrders([...EVENTS, { eventName: 'SlashAppealResolved', args: { id: id(3), upheld: false } }])[1]!.status).toBe('rejected')
  })

  it('reads reason codes as the SDK writes and reads them', () => {
    for (const reason of ['wireless.WITNESS_RING', 'DEVICE_EQUIVOCATED', 'x']) {
      expect(reasonText(reasonCode(reason))).toBe(reason)
      expect(reasonText(reasonCode(reason))).toBe(sdkReasonText(reasonCode(reason)))
    }
  })

  it('lists splits with their payees and the devices whose latest recipient is the split', () => {
    expect(splits(EVENTS)).toEqual([
      {
        split: SPLIT,
        creator: A,
        payees: [
          { payee: A, shares: 3n, basisPoints: 7_500 },
          { payee: B, shares: 1n, basisPoints: 2_500 },
        ],
        // Device 3 pointed at the split, then away from it.
        devices: [device(1n)],
      },
    ])
  })

  it("lists each device's shares contract", () => {
    expect(deviceShares(EVENTS)).toEqual([{ deviceId: device(2n), shares: SHARES, owner: B, supply: 1_000n * TOKEN }])
  })
})
