import { randomInt } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { countersign } from '../compute/client/countersign.ts'
import { fetchResults } from '../compute/client/fetchResults.ts'
import { raytraceImage } from '../compute/client/raytraceImage.ts'
import { loadJob } from '../compute/jobStore.ts'
import { leaseOf, orderOf } from '../compute/market.ts'
import { connectSigner, stateFrom } from '../gov/connect.ts'
import type { ProviderFlags } from './computeDeliver.ts'
import { idArgument } from './computeFlags.ts'
import { withSignerOptions } from './gov.ts'
import { output } from './output.ts'
import { wholeFlag } from './storageFileFlags.ts'

type ResultsFlags = ProviderFlags & { out: string; check: number }

export function computeResultsCommand(): Command {
  return withSignerOptions(
    new Command('results')
      .description(
        "fetch a lease's outputs from its provider, check each against the result hash the provider reports, re-run --check of them here exactly as the oracles would, and counter-sign the usage of each checked task (what lets the provider reveal and be paid); writes task-<n>.out, and image.png for a ray-traced job",
      )
      .argument('<lease>', "the lease's id", idArgument('the lease'))
      .requiredOption('--provider <url>', "the provider's compute node, e.g. http://127.0.0.1:8700")
      .option('-o, --out <dir>', 'where to write the outputs', '.')
      .addOption(new Option('--check <n>', 'tasks to re-run here before counter-signing (chosen at random)').argParser(wholeFlag('--check', 1_000)).default(1)),
  ).action(async (leaseId: bigint, flags: ResultsFlags) => {
    const signer = connectSigner(stateFrom(flags), flags.account)
    const lease = await leaseOf(signer, leaseId)
    const { specHash } = await orderOf(signer, lease.orderId)
    const job = loadJob(flags.dataDir ?? DEFAULT_DATA_DIR, specHash)
    // Which tasks the customer re-runs is its own secret: a provider that knew could cheat on the rest.
    const order = job.inputs.map((_, i) => i).sort(() => randomInt(3) - 1)
    const sample = order.slice(0, Math.min(flags.check, job.inputs.length))
    const { tasks } = await fetchResults(flags.provider, leaseId, job.manifestBytes, { verifySample: { module: job.module, inputs: job.inputs, tasks: sample } })
    mkdirSync(flags.out, { recursive: true })
    const written: string[] = []
    let countersigned = 0
    for (const task of tasks) {
      if (task.output === null || task.resultHash === undefined || task.fuelUsed === undefined) continue
      const file = join(flags.out, `task-${task.task}.out`)
      writeFileSync(file, task.output)
      written.push(file)
      if (!task.countersigned) {
        await countersign(flags.provider, { leaseId, specHash: job.specHash }, task.task, { resultHash: task.resultHash, fuelUsed: task.fuelUsed }, signer.wallet.account as never)
        countersigned += 1
      }
    }
    const complete = tasks.every((t) => t.output !== null)
    if (complete && job.image !== undefined) {
      const image = join(flags.out, 'image.png')
      writeFileSync(image, raytraceImage(tasks, job.image))
      written.push(image)
    }
    const done = tasks.filter((t) => t.output !== null).length
    output(Boolean(flags.json), { leaseId, done, of: tasks.length, reRun: sample, countersigned, written }, () =>
      [
        `lease ${leaseId}: ${done} of ${tasks.length} tasks done, ${sample.length} re-run here and matched, ${countersigned} counter-signed`,
        ...written.map((f) => `wrote ${f}`),
      ].join('\n'),
    )
  })
}
