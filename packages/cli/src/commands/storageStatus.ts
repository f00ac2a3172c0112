import { Command } from 'commander'
import { openCatalog } from '../storage/client/catalog.ts'
import { fileHealth } from '../storage/client/fileHealth.ts'
import { output } from './output.ts'
import { DATA_DIR_OPTION, pieceTimeoutOption } from './storageFileFlags.ts'

export function storageStatusCommand(): Command {
  return new Command('status')
    .description(
      'how healthy a stored file is right now: for each segment, how many of its pieces their nodes still hold (HEAD), against the pieces that rebuild it and the repair threshold (exit code 1 when a segment can no longer be rebuilt)',
    )
    .argument('<id>', "the file's id, or the start of it (`pinion storage ls`)")
    .addOption(pieceTimeoutOption())
    .option(...DATA_DIR_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: { dataDir: string; json?: boolean; timeoutMs?: number }) => {
      const file = openCatalog(flags.dataDir).get(id)
      const segments = await fileHealth(file, flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs })
      const { required, repairAt } = file.redundancy
      const worst = segments.some((s) => s.state === 'lost') ? 'lost' : segments.some((s) => s.state === 'repair') ? 'repair' : 'healthy'
      output(Boolean(flags.json), { id: file.id, name: file.name, required, repairAt, state: worst, segments }, () =>
        [
          `${file.name} (${file.id}): ${worst === 'healthy' ? 'healthy' : worst === 'repair' ? 'repair due' : 'LOST: a segment can no longer be rebuilt'}`,
          `  any ${required} pieces rebuild a segment; repair is due at ${repairAt} or fewer`,
          ...segments.map(
            (s) => `  segment ${s.segment}: ${s.healthy} of ${s.stored} pieces healthy, ${s.state === 'healthy' ? 'healthy' : s.state === 'repair' ? 'repair due' : 'lost'}`,
          ),
          ...segments.flatMap((s) => s.missing.map((m) => `    segment ${s.segment} piece ${m.index} on ${m.url}: ${m.why}`)),
        ].join('\n'),
      )
      if (worst === 'lost') process.exitCode = 1
    })
}
