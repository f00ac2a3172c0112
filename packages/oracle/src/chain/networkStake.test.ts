import type { KindEvent } from '@pinion/kinds'
import { type Address, type Hex, pad, toHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { networkStake } from './networkStake.ts'

let logIndex = 0
/** A Staking event in a block whose timestamp is `atSeconds`. */
const event = (eventName: string, args: Record<string, string>, atSeconds = 0n, contract = 'Staking'): KindEvent => ({
  contract,
  eventName,
  args,
  blockNumber: 1n,
  logIndex: logIndex++,
  timestampMs: atSeconds * 1000n,
})
const ROUTER = `0x${'ab'.repeat(32)}` as Hex
const OPERATOR = `0x${'0a'.repeat(20)}` as Address
const ALICE = `0x${'a1'.repeat(20)}` as Address
const BOB = `0x${'b0'.repeat(20)}` as Address
/** The events a pool emits after a (un)delegation: the holder's shares and the pool's totals after it. */
const delegated = (delegator: Address, delegatorShares: bigint, totalTokens: bigint, totalShares: bigint, name = 'Delegated') =>
  event(name, {
    operator: OPERATOR.toUpperCase().replace('0X', '0x'),
    delegator,
    amount: '1',
    shares: '1',
    delegatorShares: `${delegatorShares}`,
    totalTokens: `${totalTokens}`,
    totalShares: `${totalShares}`,
  })
const commission = (bps: number, atSeconds: bigint, effectiveAt: bigint) =>
  event('CommissionChanged', { operator: OPERATOR, commissionBps: `${bps}`, effectiveAt: `${effectiveAt}` }, atSeconds)

describe('networkStake', () => {
  it("keeps each device's stake after its last bond, unbond or executed slash; operators' slashes touch no device", () => {
    const device = toHex(7n, { size: 32 })
    const events = [
      event('DeviceBonded', { deviceId: '7', owner: '0x01', amount: '100', total: '100' }),
      event('DeviceBonded', { deviceId: '7', owner: '0x01', amount: '50', total: '150' }),
      event('DeviceUnbonded', { deviceId: '7', owner: '0x01', amount: '30', total: '120', availableAt: '9' }),
      event('SlashExecuted', { id: ROUTER, subjectType: '1', subject: device, fromBonded: '1', fromUnbonding: '0', bonded: '1', unbonding: '0', burnt: 'false' }),
      event('SlashExecuted', { id: ROUTER, subjectType: '0', subject: device, fromBonded: '100', fromUnbonding: '0', bonded: '20', unbonding: '0', burnt: 'false' }),
      event('DeviceBonded', { deviceId: '8', owner: '0x01', amount: '5', total: '5' }, 0n, 'Credits'),
    ]
    expect(networkStake(events, 0n).devices).toEqual(new Map([[device, 20n]]))
    expect(networkStake(events.slice(0, 3), 0n).devices).toEqual(new Map([[device, 120n]]))
  })

  it("keeps each operator's pool: every holder's shares and the totals after the last change, a holder at zero shares gone", () => {
    const events = [delegated(OPERATOR, 100n, 100n, 100n), delegated(ALICE, 300n, 400n, 400n), delegated(BOB, 50n, 450n, 450n), delegated(BOB, 0n, 400n, 400n, 'Undelegated')]
    const { operators } = networkStake(events, 0n)
    expect(operators).toEqual(
      new Map([
        [
          OPERATOR,
          {
            bonded: 400n,
            totalShares: 400n,
            shares: new Map([
              [OPERATOR, 100n],
              [ALICE, 300n],
            ]),
            commissionBps: 0,
          },
        ],
      ]),
    )
  })

  it('a slash lowers the pool’s tokens and keeps its shares; one that empties it voids every delegation, as the contract’s generation bump does', () => {
    const subject = pad(OPERATOR)
    const slash = (bonded: bigint) =>
      event('SlashExecuted', { id: ROUTER, subjectType: '1', subject, fromBonded: '1', fromUnbonding: '0', bonded: `${bonded}`, unbonding: '0', burnt: 'false' })
    const events = [delegated(OPERATOR, 100n, 100n, 100n), delegated(ALICE, 100n, 200n, 200n), slash(150n)]
    expect(networkStake(events, 0n).operators.get(OPERATOR)).toMatchObject({ bonded: 150n, totalShares: 200n })
    expect(networkStake([...events, slash(0n)], 0n).operators.has(OPERATOR)).toBe(false)
    // After the generation bump a new delegation starts a fresh pool: the voided holders hold nothing.
    const fresh = networkStake([...events, slash(0n), delegated(BOB, 10n, 10n, 10n)], 0n).operators.get(OPERATOR)!
    expect(fresh.shares).toEqual(new Map([[BOB, 10n]]))
  })

  it('reads the commission in force at the epoch’s end: a cut at once, a raise from its effectiveAt, a later announcement replacing one not yet in effect', () => {
    const pool = delegated(OPERATOR, 1n, 1n, 1n)
    const at = (events: KindEvent[], seconds: bigint) => networkStake([pool, ...events], seconds * 1000n).operators.get(OPERATOR)!.commissionBps
    // A first announcement is a raise from zero: it waits for its effectiveAt.
    const raise = commission(1_000, 10n, 130n)
    expect([at([raise], 129n), at([raise], 130n)]).toEqual([0, 1_000])
    // A cut during the wait takes effect at once and replaces the raise.
    const cut = commission(500, 50n, 50n)
    expect([at([raise, cut], 60n), at([raise, cut], 200n)]).toEqual([500, 500])
    // A second raise before the first is due replaces it: the first never takes effect.
    const again = commission(2_000, 100n, 220n)
    expect([at([raise, again], 150n), at([raise, again], 220n)]).toEqual([0, 2_000])
    // A raise announced after the first took effect builds on it.
    const later = commission(3_000, 140n, 260n)
    expect([at([raise, later], 200n), at([raise, later], 260n)]).toEqual([1_000, 3_000])
  })

  it('starts from the minimums Staking was deployed with and follows governance’s changes; zero is none', () => {
    const events = [event('MinimumStakeSet', { kind: 'wireless', amount: '50' }), event('MinimumStakeSet', { kind: 'uptime', amount: '0' })]
    expect(networkStake(events, 0n, new Map([['uptime', 10n]])).minimums).toEqual(new Map([['wireless', 50n]]))
    expect(networkStake([], 0n, new Map([['uptime', 10n]])).minimums).toEqual(new Map([['uptime', 10n]]))
  })
})
