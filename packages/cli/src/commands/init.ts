import { Command } from 'commander'
import { TEMPLATE_KINDS, initNetwork } from '../init/init.ts'
import { output } from './output.ts'

export function initCommand(): Command {
  return new Command('init')
    .description(`write a pinion.config.ts for a new network of one kind (${TEMPLATE_KINDS.join(', ')}), ready for \`pinion up\``)
    .requiredOption('--kind <kind>', `the kind of network: ${TEMPLATE_KINDS.join(' or ')}`)
    .option('--dir <dir>', 'the folder to write it in (created if missing)', '.')
    .option('--json', 'machine-readable output')
    .action((flags: { kind: string; dir: string; json?: boolean }) => {
      const result = initNetwork(flags.kind, flags.dir)
      output(Boolean(flags.json), result, () =>
        [`wrote ${result.configPath}${result.wrotePackageJson ? ' (and a package.json marking the folder as ES modules)' : ''}`, `next: cd ${flags.dir} && npx pinion up`].join(
          '\n',
        ),
      )
    })
}
