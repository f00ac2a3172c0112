import { Command } from 'commander'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import { readJobSpec } from '../compute/jobSpec.ts'
import { saveJob } from '../compute/jobStore.ts'
import { postOrder } from '../compute/market.ts'
import type { ComputeFlags } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { formatTokens, output } from './output.ts'

export function computeDeployCommand(): Command {
  return withSignerOptions(
    new Command('deploy')
      .description(
        "order a job: reads the job spec (a WASI module or a shipped workload, its tasks' inputs, the limits of each run, the price and duration), keeps the job in the data directory to deliver to the provider that wins it, and posts the order on ComputeMarket with its deposit in escrow; prints the order's id",
      )
      .argument('<spec>', 'the job spec, a JSON file (see docs/compute.md)'),
  ).action(async (path: string, flags: ComputeFlags) => {
    const spec = readJobSpec(path)
    const signer = connectSigner(stateFrom(flags), flags.account)
    const job = saveJob(flags.dataDir ?? DEFAULT_DATA_DIR, spec.job, spec.image)
    const { orderId, deposit } = await postOrder(signer, { specHash: job.specHash, ...spec.order })
    output(Boolean(flags.json), { orderId, specHash: job.specHash, tasks: job.manifest.tasks.length, deposit }, () =>
      [`order ${orderId}: ${job.manifest.name}, ${job.manifest.tasks.length} tasks, ${formatTokens(deposit)} in escrow`, `job ${job.specHash}`].join('\n'),
    )
  })
}
