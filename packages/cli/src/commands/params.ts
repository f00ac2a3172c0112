import { Command } from 'commander'
import { connect, connectSigner, stateFrom } from '../gov/connect.ts'
import type { NetworkFlags } from '../gov/connect.ts'
import { loadedParams } from '../gov/paramsConfig.ts'
import { type ParamsEntry, type ParamsRow, paramsRows, planParams, readParams } from '../gov/paramsPlan.ts'
import { parseWhole } from '../gov/parse.ts'
import { propose } from '../gov/propose.ts'
import { printProposed, withNetworkOptions, withSignerOptions } from './gov.ts'
import { output } from './output.ts'

const entryText = (e: ParamsEntry) => `${e.hash} from epoch ${e.fromEpoch.toLocaleString('en')}`

const MATCH_TEXT: Record<ParamsRow['match'], string> = {
  'in force': 'config matches the hash in force',
  scheduled: 'config matches the scheduled change',
  differs: 'config DIFFERS (pinion params propose)',
  'not on chain': 'config has it, the chain does not (pinion params propose)',
  'not in config': 'not in the config',
}

export function paramsCommand(): Command {
  const params = new Command('params').description('the network parameters governance holds (NetworkParams): what is in force, what is scheduled, what the config says')
  withNetworkOptions(params.command('show').description('per governed name: the hash in force and since when, scheduled changes, whether the config matches'))
    .option('--config <file>', 'network config (default ./pinion.config.ts)')
    .action(async (flags: NetworkFlags & { json?: boolean; config?: string }) => {
      const gov = connect(stateFrom(flags))
      const [chain, local] = await Promise.all([readParams(gov), loadedParams(flags.config, gov.state)])
      const rows = paramsRows(chain, local)
      output(Boolean(flags.json), { currentEpoch: chain.currentEpoch, params: rows }, () =>
        [
          `epoch ${chain.currentEpoch.toLocaleString('en')} now`,
          ...rows.flatMap((row) => [
            row.name,
            `  in force   ${row.inForce === null ? '–' : entryText(row.inForce)}`,
            ...row.scheduled.map((e) => `  scheduled  ${entryText(e)}`),
            `  config     ${row.local ?? '–'}: ${MATCH_TEXT[row.match]}`,
          ]),
        ].join('\n'),
      )
    })
  withSignerOptions(params.command('propose').description('propose, as one proposal, every parameter set of the config whose hash differs from the chain'))
    .requiredOption('--config <file>', 'the network config with the new parameters')
    .option('--from-epoch <n>', 'the epoch they take effect from (default: the first after the proposal could execute, plus one)')
    .option('--note <text>', 'a last line for the description')
    .action(async (flags: NetworkFlags & { json?: boolean; account?: string; config: string; fromEpoch?: string; note?: string }) => {
      const signer = connectSigner(stateFrom(flags), flags.account)
      const local = await loadedParams(flags.config, signer.state)
      const { actions } = await planParams(signer, local, flags.fromEpoch === undefined ? undefined : parseWhole(flags.fromEpoch, 'the from-epoch', 0n, (1n << 64n) - 1n))
      printProposed(Boolean(flags.json), await propose(signer, actions, flags.note))
    })
  return params
}
