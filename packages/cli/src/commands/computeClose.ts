import { Command } from 'commander'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import { LEASE_STATES, closeLease, leaseOf } from '../compute/market.ts'
import { type ComputeFlags, idArgument } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { formatTokens, output } from './output.ts'

export function computeCloseCommand(): Command {
  return withSignerOptions(
    new Command('close')
      .description(
        'close a lease (its customer or its provider): it stops accruing, the unspent deposit goes back to the customer, and pay already accrued is still held for the approval window',
      )
      .argument('<lease>', "the lease's id", idArgument('the lease')),
  ).action(async (leaseId: bigint, flags: ComputeFlags) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    await closeLease(signer, leaseId)
    const lease = await leaseOf(signer, leaseId)
    output(
      Boolean(flags.json),
      { leaseId, state: LEASE_STATES[lease.state], accrued: lease.accrued },
      () => `lease ${leaseId} ${LEASE_STATES[lease.state]}: ${formatTokens(lease.accrued)} accrued`,
    )
  })
}
