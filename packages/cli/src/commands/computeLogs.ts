import { Command } from 'commander'
import { leaseUrl, request } from '../compute/client/providerHttp.ts'
import { taskStates } from '../compute/client/fetchResults.ts'
import type { ProviderFlags } from './computeDeliver.ts'
import { idArgument } from './computeFlags.ts'
import { output } from './output.ts'

export function computeLogsCommand(): Command {
  return new Command('logs')
    .description("each task's state on its provider and what the task wrote to stderr (its log)")
    .argument('<lease>', "the lease's id", idArgument('the lease'))
    .requiredOption('--provider <url>', "the provider's compute node, e.g. http://127.0.0.1:8700")
    .option('--json', 'machine-readable output')
    .action(async (leaseId: bigint, flags: Pick<ProviderFlags, 'provider' | 'json'>) => {
      const { tasks } = await taskStates(flags.provider, leaseId)
      const logs = await Promise.all(
        tasks.map(async (task) => {
          if (task.state !== 'done') return { task: task.task, state: task.state, log: '' }
          const { body } = await request(`${leaseUrl(flags.provider, leaseId)}/tasks/${task.task}/log`, { method: 'GET' }, [200], {})
          return { task: task.task, state: task.state, exitCode: task.exitCode, fuelUsed: task.fuelUsed, log: Buffer.from(body).toString('utf8') }
        }),
      )
      output(Boolean(flags.json), { leaseId, tasks: logs }, () =>
        logs.map((t) => `task ${t.task} (${t.state}${'exitCode' in t ? `, exit ${t.exitCode}, ${t.fuelUsed} fuel` : ''})${t.log ? `\n${t.log.trimEnd()}` : ''}`).join('\n'),
      )
    })
}
