import { Command } from 'commander'
import { connect, stateFrom } from '../gov/connect.ts'
import { LEASE_STATES, leaseOf } from '../compute/market.ts'
import { type ComputeFlags, idArgument } from './computeFlags.ts'
import { withNetworkOptions } from './gov.ts'
import { formatTokens, output } from './output.ts'

export function computeStatusCommand(): Command {
  return withNetworkOptions(
    new Command('status')
      .description(
        'a lease as ComputeMarket has it now: its state, provider and price, what it accrued, paid and holds for the approval window, the escrow left, and the collateral at stake',
      )
      .argument('<lease>', "the lease's id", idArgument('the lease')),
  ).action(async (leaseId: bigint, flags: ComputeFlags) => {
    const lease = await leaseOf(connect(stateFrom(flags)), leaseId)
    const state = LEASE_STATES[lease.state]
    output(Boolean(flags.json), { leaseId, ...lease, state }, () =>
      [
        `lease ${leaseId} (order ${lease.orderId}): ${state}`,
        `provider ${lease.provider}, device ${lease.deviceId}, ${formatTokens(lease.pricePerSecond)}/s`,
        `accrued ${formatTokens(lease.accrued)}, paid ${formatTokens(lease.paid)}, releasable ${formatTokens(lease.releasable)}, held ${formatTokens(lease.accrued - lease.paid - lease.releasable)}`,
        `escrow left ${formatTokens(lease.escrowLeft)}, collateral ${formatTokens(lease.collateralLocked)}, verified epochs ${lease.verifiedEpochs}`,
      ].join('\n'),
    )
  })
}
