import { Command, Option } from 'commander'
import { TEMPLATE_KINDS, initNetwork } from '../init/init.ts'
import { describeSource, providePinion } from '../init/pinionSource.ts'
import { output } from './output.ts'

export function initCommand(): Command {
  return new Command('init')
    .description("write a new network's folder (pinion.config.ts and a package.json that installs Pinion) from a kind's template")
    .requiredOption('--kind <kind>', `the kind of network: ${TEMPLATE_KINDS.join(' or ')}`)
    .option('--dir <dir>', 'the folder to write it in (created if missing), anywhere: it installs Pinion itself', '.')
    .addOption(new Option('--packages <dir>', 'install Pinion from the package tarballs in <dir> (npm run pack:packages in the checkout) instead').env('PINION_PACKAGES'))
    .option('--registry', 'install Pinion from the npm registry, even when this command runs from a checkout')
    .option('--json', 'machine-readable output')
    .action((flags: { kind: string; dir: string; packages?: string; registry?: boolean; json?: boolean }) => {
      const result = initNetwork(flags.kind, flags.dir, (folder) =>
        providePinion({ ...(flags.packages === undefined ? {} : { packages: flags.packages }), registry: flags.registry === true }, folder, (line) => console.error(line)),
      )
      const next = `cd ${flags.dir} && npm install && npx pinion up`
      output(Boolean(flags.json), { ...result, next }, () =>
        [`wrote ${result.configPath} and ${result.packageJsonPath}`, ...(result.pinion === undefined ? [] : [`${describeSource(result.pinion)}.`]), `next: ${next}`].join('\n'),
      )
    })
}
