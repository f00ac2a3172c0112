/** An order a provider may bid on: open, its bidding window not over. */
export type OpenOrder = { orderId: bigint; maxPricePerSecond: bigint; biddingEndsAt: bigint }

/**
 * How a provider prices its bids (Akash providers price by a script; this is the simple rule): a
 * fraction of the order's maximum, in basis points, never below its own floor.
 */
export type PriceRule = { fractionBps: number; minPricePerSecond: bigint }

/**
 * The bids a provider places now: on open orders it has not bid on, the best-paying first, while its
 * leases running and bids open stay within its capacity, each at the rule's price — skipping orders
 * whose maximum is below the provider's floor. Pure: the loop (providerLoop.ts) reads the market and
 * sends the bids.
 */
export function bidsToPlace(input: {
  orders: readonly OpenOrder[]
  alreadyBid: ReadonlySet<bigint>
  /** Leases running plus bids open: what the provider already committed its capacity to. */
  engaged: number
  capacity: number
  rule: PriceRule
  nowSeconds: bigint
}): { orderId: bigint; pricePerSecond: bigint }[] {
  const { rule } = input
  let room = input.capacity - input.engaged
  const bids: { orderId: bigint; pricePerSecond: bigint }[] = []
  const candidates = input.orders
    .filter((o) => o.biddingEndsAt > input.nowSeconds && !input.alreadyBid.has(o.orderId))
    .sort((a, b) => (a.maxPricePerSecond !== b.maxPricePerSecond ? (a.maxPricePerSecond > b.maxPricePerSecond ? -1 : 1) : a.orderId < b.orderId ? -1 : 1))
  for (const order of candidates) {
    if (room <= 0) break
    const priced = (order.maxPricePerSecond * BigInt(rule.fractionBps)) / 10_000n
    const pricePerSecond = priced > rule.minPricePerSecond ? priced : rule.minPricePerSecond
    if (pricePerSecond === 0n || pricePerSecond > order.maxPricePerSecond) continue
    bids.push({ orderId: order.orderId, pricePerSecond })
    room -= 1
  }
  return bids
}
