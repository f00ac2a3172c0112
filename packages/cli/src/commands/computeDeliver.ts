import { Command } from 'commander'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { deliverJob } from '../compute/client/deliverJob.ts'
import { loadJob } from '../compute/jobStore.ts'
import { leaseOf, orderOf } from '../compute/market.ts'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import { type ComputeFlags, idArgument } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { output } from './output.ts'

export type ProviderFlags = ComputeFlags & { provider: string }

export function computeDeliverCommand(): Command {
  return withSignerOptions(
    new Command('deliver')
      .description(
        "hand a lease's job to the provider that won it (as Akash's tenant sends its manifest): the manifest, module and inputs this data directory deployed, signed by the lease's customer; the provider checks them against the order's specHash and runs the tasks",
      )
      .argument('<lease>', "the lease's id", idArgument('the lease'))
      .requiredOption('--provider <url>', "the provider's compute node, e.g. http://127.0.0.1:8700"),
  ).action(async (leaseId: bigint, flags: ProviderFlags) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    const lease = await leaseOf(signer, leaseId)
    const { specHash } = await orderOf(signer, lease.orderId)
    const job = loadJob(flags.dataDir ?? DEFAULT_DATA_DIR, specHash)
    const delivered = await deliverJob(
      flags.provider,
      { leaseId, specHash: job.specHash },
      { manifest: job.manifestBytes, module: job.module, inputs: job.inputs },
      signer.wallet.account as never,
    )
    output(
      Boolean(flags.json),
      { leaseId, specHash: job.specHash, ...delivered },
      () => `lease ${leaseId}: ${delivered.stored ? 'delivered' : 'already held'} ${delivered.tasks} tasks to ${flags.provider}`,
    )
  })
}
