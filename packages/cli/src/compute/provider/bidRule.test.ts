import { describe, expect, it } from 'vitest'
import { bidsToPlace } from './bidRule.ts'

const order = (orderId: bigint, maxPricePerSecond: bigint, biddingEndsAt = 100n) => ({ orderId, maxPricePerSecond, biddingEndsAt })
const rule = { fractionBps: 8_000, minPricePerSecond: 5n }

describe('a provider’s bids', () => {
  it('bids on the best-paying open orders first, at the rule’s fraction of each maximum, within its capacity', () => {
    const orders = [order(1n, 100n), order(2n, 300n), order(3n, 200n), order(4n, 1_000n, 10n)]
    expect(bidsToPlace({ orders, alreadyBid: new Set(), engaged: 0, capacity: 2, rule, nowSeconds: 50n })).toEqual([
      { orderId: 2n, pricePerSecond: 240n },
      { orderId: 3n, pricePerSecond: 160n },
    ])
  })

  it('skips orders it bid on, and bids nothing when leases and open bids fill its capacity', () => {
    const orders = [order(1n, 100n), order(2n, 300n)]
    expect(bidsToPlace({ orders, alreadyBid: new Set([2n]), engaged: 0, capacity: 2, rule, nowSeconds: 50n })).toEqual([{ orderId: 1n, pricePerSecond: 80n }])
    expect(bidsToPlace({ orders, alreadyBid: new Set(), engaged: 2, capacity: 2, rule, nowSeconds: 50n })).toEqual([])
  })

  it('asks its floor where the fraction is below it, and passes on orders whose maximum is under the floor', () => {
    const orders = [order(1n, 6n), order(2n, 4n)]
    expect(bidsToPlace({ orders, alreadyBid: new Set(), engaged: 0, capacity: 5, rule, nowSeconds: 50n })).toEqual([{ orderId: 1n, pricePerSecond: 5n }])
  })
})
