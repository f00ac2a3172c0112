import { type LeaseEvent, type MarketLease, coveredSeconds, endOf } from './computeMarket.ts'

/** One point of a lease's escrow over time. */
export type EscrowPoint = {
  timeMs: bigint
  /** What happened then: one of the lease's events, `ended` (its paid-for time ran out) or `now`. */
  event: LeaseEvent['name'] | 'ended' | 'now'
  /** What the lease had accrued by then: price × seconds it ran. */
  accrued: bigint
  /** What had gone to the provider's balance by then. */
  paid: bigint
  /**
   * The escrow still to accrue: what the deposit covers (price × the seconds it buys, capped by the
   * duration) less what had accrued; 0 once the lease stopped (the rest went back to the customer).
   */
  escrowLeft: bigint
  /** Accrued and not paid out: pay held for the approval window; 0 once a fault refunded it or the lease was finalized. */
  held: bigint
}

/**
 * A lease's escrow from its forming to now, a point per event of its own (formed, started,
 * approved, settled, closed, faulted, finalized, no-show), one where its paid-for time ran out if
 * that passed before now unmarked, and one for now while it is not over. Between points accrual is
 * linear (a constant price per second), so the points are the whole story. `nowMs` is the chain's
 * time (chainNowSec); points never go past it.
 */
export function escrowSeries(lease: MarketLease, nowMs: bigint): EscrowPoint[] {
  const price = lease.pricePerSecond
  const covered = price * coveredSeconds(lease)
  const points: EscrowPoint[] = []
  let paid = 0n
  let startedAt: bigint | null = null
  let stoppedAt: bigint | null = null
  let over = false
  let refundedHeld = false
  const accruedAt = (timeMs: bigint) => {
    if (startedAt === null) return 0n
    const end = stoppedAt ?? startedAt + coveredSeconds(lease)
    const until = timeMs / 1000n < end ? timeMs / 1000n : end
    return until > startedAt ? price * (until - startedAt) : 0n
  }
  const point = (timeMs: bigint, event: EscrowPoint['event']) => {
    const accrued = accruedAt(timeMs)
    const stopped = over || stoppedAt !== null
    points.push({ timeMs, event, accrued, paid, escrowLeft: stopped ? 0n : covered - accrued, held: refundedHeld ? 0n : accrued - paid })
  }
  const endMs = () => (startedAt === null ? null : (startedAt + coveredSeconds(lease)) * 1000n)
  for (const event of lease.events) {
    // The paid-for time ran out between the last point and this event: mark where escrow reached 0.
    const end = endMs()
    const last = points.at(-1)
    if (end !== null && stoppedAt === null && !over && last !== undefined && last.timeMs < end && end < event.timeMs) point(end, 'ended')
    switch (event.name) {
      case 'started':
        startedAt = event.at
        break
      case 'settled':
        paid += event.paid
        break
      case 'closed':
        if (startedAt === null) over = true
        else stoppedAt = event.at
        break
      case 'faulted':
        paid += event.paid
        stoppedAt ??= startedAt === null ? null : event.timeMs / 1000n < endOf({ ...lease, startedAt }) ? event.timeMs / 1000n : endOf({ ...lease, startedAt })
        over = true
        refundedHeld = true
        break
      case 'finalized':
      case 'no-show':
        over = true
        break
    }
    point(event.timeMs, event.name)
  }
  const finished = lease.state === 'faulted' || lease.state === 'finalized' || lease.state === 'no-show'
  const last = points.at(-1)
  if (!finished && last !== undefined && nowMs > last.timeMs) {
    const end = endMs()
    if (end !== null && stoppedAt === null && last.timeMs < end && end < nowMs) point(end, 'ended')
    point(nowMs, 'now')
  }
  return points
}
