import { Command } from 'commander'

/**
 * `pinion compute`: the compute kind's customer commands, as one group. Each subcommand is built in a
 * file of its own (computeDeploy.ts: `pinion compute deploy`) and handed in by the command table
 * (commandTable.ts), which also holds the group's summary.
 */
export function computeCommand(summary: string, subcommands: readonly Command[]): Command {
  const compute = new Command('compute').description(summary)
  for (const subcommand of subcommands) compute.addCommand(subcommand)
  return compute
}
