import { Command } from 'commander'
import { connect, stateFrom } from '../gov/connect.ts'
import { BID_STATES, ORDER_STATES, bidsOf, orderOf } from '../compute/market.ts'
import { type ComputeFlags, idArgument } from './computeFlags.ts'
import { withNetworkOptions } from './gov.ts'
import { formatTokens, output } from './output.ts'

export function computeBidsCommand(): Command {
  return withNetworkOptions(
    new Command('bids')
      .description("an order's bids, lowest price first: each provider's device, price per second and collateral")
      .argument('<order>', "the order's id", idArgument('the order')),
  ).action(async (orderId: bigint, flags: ComputeFlags) => {
    const gov = connect(stateFrom(flags))
    const order = await orderOf(gov, orderId)
    const bids = (await bidsOf(gov, orderId)).sort((a, b) => (a.pricePerSecond < b.pricePerSecond ? -1 : a.pricePerSecond > b.pricePerSecond ? 1 : Number(a.bidId - b.bidId)))
    output(
      Boolean(flags.json),
      { orderId, state: ORDER_STATES[order.state], biddingEndsAt: order.biddingEndsAt, bids: bids.map((b) => ({ ...b, state: BID_STATES[b.state] })) },
      () =>
        [
          `order ${orderId} (${ORDER_STATES[order.state]}), at most ${formatTokens(order.maxPricePerSecond)}/s, bidding until ${new Date(Number(order.biddingEndsAt) * 1000).toISOString()}`,
          ...(bids.length === 0
            ? ['no bids']
            : bids.map((b) => `bid ${b.bidId}  ${formatTokens(b.pricePerSecond)}/s  device ${b.deviceId}  ${b.provider}  ${BID_STATES[b.state]}`)),
        ].join('\n'),
    )
  })
}
