import type { KindEvent } from '@pinion/kinds'
import { COMPUTE_MARKET } from '@pinion/kinds/compute'
import { describe, expect, it } from 'vitest'
import { escrowSeries } from './computeEscrow.ts'
import { chainNowSec, foldComputeMarket, leaseMoneyAt } from './computeMarket.ts'

const CUSTOMER = '0xc000000000000000000000000000000000000c00'
const OWNER = '0x0000000000000000000000000000000000000001'
/** Bought: 100 s at 10 a second, with 5 of dust the lease never accrues. */
const DEPOSIT = 1_005n
const T0 = 1_000_000n

let block = 0n
const at = (eventName: string, seconds: bigint, args: Record<string, string>): KindEvent => ({
  contract: COMPUTE_MARKET,
  eventName,
  args,
  blockNumber: ++block,
  logIndex: 0,
  timestampMs: seconds * 1000n,
})

/** A lease of an open-ended order (duration 0: until the deposit is spent), started at T0, window 30 s. */
function leaseEvents(...more: KindEvent[]): KindEvent[] {
  return [
    at('OrderPosted', T0 - 20n, {
      orderId: '1',
      customer: CUSTOMER,
      specHash: `0x${'ab'.repeat(32)}`,
      cpuMillis: '1000',
      memoryMiB: '64',
      storageMiB: '0',
      maxPricePerSecond: '10',
      durationSeconds: '0',
      deposit: DEPOSIT.toString(),
      biddingEndsAt: String(T0 - 10n),
      approvalWindowSeconds: '30',
    }),
    at('BidPlaced', T0 - 15n, { bidId: '1', orderId: '1', deviceId: '7', provider: OWNER, pricePerSecond: '10', collateral: '50' }),
    at('LeaseFormed', T0 - 10n, { leaseId: '1', orderId: '1', bidId: '1', provider: OWNER, pricePerSecond: '10' }),
    at('LeaseStarted', T0, { leaseId: '1', startedAt: T0.toString(), endsAt: String(T0 + 100n) }),
    ...more,
  ]
}
const leaseOf = (events: KindEvent[]) => foldComputeMarket(events).leases[0]!

describe('leaseMoneyAt', () => {
  it("computes leaseOf's clock-dependent fields as ComputeMarket does, before and past the lease's end", () => {
    const lease = leaseOf(leaseEvents(at('LeaseSettled', T0 + 40n, { leaseId: '1', paid: '100', releasedUntil: String(T0 + 10n) })))
    // 50 s in: accrued 500; released up to 50 − 30 = 20 s (200), 100 of it paid.
    expect(leaseMoneyAt(lease, T0 + 50n)).toEqual({ endsAt: T0 + 100n, accrued: 500n, paid: 100n, releasable: 100n, escrowLeft: DEPOSIT - 100n, collateralLocked: 50n })
    // Past its end, unsettled: accrual stops at the end (the deposit's 100 s), the dust never accrues.
    expect(leaseMoneyAt(lease, T0 + 500n)).toMatchObject({ accrued: 1_000n, releasable: 900n, escrowLeft: DEPOSIT - 100n })
  })

  it('holds nothing once a fault refunded the held pay and burnt the collateral', () => {
    const lease = leaseOf(leaseEvents(at('LeaseFaulted', T0 + 60n, { leaseId: '1', epoch: '3', fault: '1', paid: '300', refunded: '705', slashed: '50' })))
    expect(lease.state).toBe('faulted')
    expect(lease.stoppedAt).toBe(T0 + 60n)
    expect(leaseMoneyAt(lease, T0 + 90n)).toEqual({ endsAt: T0 + 60n, accrued: 600n, paid: 300n, releasable: 0n, escrowLeft: 0n, collateralLocked: 0n })
  })

  it("never puts the chain's time before its last indexed event", () => {
    const market = foldComputeMarket(leaseEvents())
    expect(chainNowSec(market, 0)).toBe(T0)
    expect(chainNowSec(market, Number((T0 + 9n) * 1000n) + 999)).toBe(T0 + 9n)
  })
})

describe('escrowSeries', () => {
  it('is the deposit-covered total less what accrued at each event, with what is held, down to the close and the finalize', () => {
    const lease = leaseOf(
      leaseEvents(
        at('LeaseApproved', T0 + 20n, { leaseId: '1', approvedUntil: String(T0 + 20n) }),
        at('LeaseSettled', T0 + 20n, { leaseId: '1', paid: '200', releasedUntil: String(T0 + 20n) }),
        at('LeaseClosed', T0 + 50n, { leaseId: '1', reason: '1', stoppedAt: String(T0 + 50n), refunded: '505' }),
        at('LeaseSettled', T0 + 80n, { leaseId: '1', paid: '300', releasedUntil: String(T0 + 50n) }),
        at('LeaseFinalized', T0 + 80n, { leaseId: '1', collateralReturned: '50' }),
      ),
    )
    const series = escrowSeries(lease, (T0 + 1_000n) * 1000n)
    expect(series.map((p) => [p.event, p.timeMs / 1000n - T0, p.accrued, p.paid, p.escrowLeft, p.held])).toEqual([
      ['formed', -10n, 0n, 0n, 1_000n, 0n],
      ['started', 0n, 0n, 0n, 1_000n, 0n],
      ['approved', 20n, 200n, 0n, 800n, 200n],
      ['settled', 20n, 200n, 200n, 800n, 0n],
      // Stopped: the 500 not accrued went back (with the dust); 300 held.
      ['closed', 50n, 500n, 200n, 0n, 300n],
      ['settled', 80n, 500n, 500n, 0n, 0n],
      ['finalized', 80n, 500n, 500n, 0n, 0n],
    ])
    expect(lease.closeReason).toBe('provider')
  })

  it("marks where a running lease's paid-for time ran out, and ends at now", () => {
    const series = escrowSeries(leaseOf(leaseEvents()), (T0 + 150n) * 1000n)
    expect(series.map((p) => [p.event, p.timeMs / 1000n - T0, p.escrowLeft, p.held])).toEqual([
      ['formed', -10n, 1_000n, 0n],
      ['started', 0n, 1_000n, 0n],
      ['ended', 100n, 0n, 1_000n],
      ['now', 150n, 0n, 1_000n],
    ])
  })

  it('drops the escrow of a lease never started once its no-show is claimed', () => {
    const events = leaseEvents().filter((e) => e.eventName !== 'LeaseStarted')
    const lease = leaseOf([...events, at('LeaseNoShow', T0 + 700n, { leaseId: '1', slashed: '50' })])
    expect(lease.state).toBe('no-show')
    expect(escrowSeries(lease, (T0 + 900n) * 1000n).map((p) => [p.event, p.escrowLeft, p.held])).toEqual([
      ['formed', 1_000n, 0n],
      ['no-show', 0n, 0n],
    ])
  })
})
