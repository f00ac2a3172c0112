import { Command } from 'commander'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import { acceptOrder } from '../compute/market.ts'
import { type ComputeFlags, idArgument } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { output } from './output.ts'

export function computeAcceptCommand(): Command {
  return withSignerOptions(
    new Command('accept')
      .description(
        "accept a bid on an order, forming its lease: the bid named (the order's customer, at any time), or without one the lowest (anyone, once bidding is over); prints the lease's id",
      )
      .argument('<order>', "the order's id", idArgument('the order'))
      .argument('[bid]', 'the bid to accept (default: the lowest, earliest on a tie)', idArgument('the bid')),
  ).action(async (orderId: bigint, bidId: bigint | undefined, flags: ComputeFlags) => {
    const leaseId = await acceptOrder(connectSigner(stateFrom(flags), flags.account), orderId, bidId)
    output(Boolean(flags.json), { orderId, leaseId }, () => `lease ${leaseId} formed on order ${orderId}`)
  })
}
