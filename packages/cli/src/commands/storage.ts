import { Command } from 'commander'

/**
 * `pinion storage`: the storage kind's commands, as one group. Each subcommand is built in a file of
 * its own (storageNode.ts: `pinion storage node`) and handed in by the command table
 * (commandTable.ts), which also holds the group's summary: a new subcommand is one more import in the
 * table's `storage` entry, and this file does not change.
 */
export function storageCommand(summary: string, subcommands: readonly Command[]): Command {
  const storage = new Command('storage').description(summary)
  for (const subcommand of subcommands) storage.addCommand(subcommand)
  return storage
}
