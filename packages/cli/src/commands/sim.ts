import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { REVENUE_MODES, type RevenueMode } from '../sim/operatorRevenue.ts'
import { runScenarios } from '../sim/runScenarios.ts'
import { SCENARIO_NAMES, type ScenarioName } from '../sim/scenarios.ts'
import { scenarioText } from '../sim/summary.ts'
import { tokenomicsSvg } from '../sim/tokenomicsPlot.ts'
import { output } from './output.ts'

/** 100 years of daily epochs: enough for any schedule, and small enough to run in seconds. */
const MAX_EPOCHS = 36_500
/** Text mode prints one line per this many epochs. */
const SUMMARY_PERIOD = 30
const DEFAULT_PLOT = 'docs/images/tokenomics.svg'

/** A whole number from `min` to `max`, or commander's "invalid argument" error. */
const wholeNumber = (min: number, max: number) => (value: string) => {
  const number = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new InvalidArgumentError(`expected a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`)
  }
  return number
}

type TokenomicsFlags = { scenario: ScenarioName | 'all'; epochs: number; mode: RevenueMode; seed: number; out: string; json?: boolean }

export function simCommand(): Command {
  const sim = new Command('sim').description('simulate the network offline: nothing here touches a chain')
  sim
    .command('tokenomics')
    .description(
      'run burn-and-mint demand scenarios over many epochs (Helium-like parameters; docs/tokenomics.md): burn, emissions, supply, credit cost and operator revenue, and an SVG plot',
    )
    .addOption(new Option('--scenario <name>', 'the demand scenario').choices([...SCENARIO_NAMES, 'all']).default('all'))
    .option('--epochs <n>', 'daily epochs to simulate', wholeNumber(1, MAX_EPOCHS), 365)
    .addOption(
      new Option('--mode <mode>', 'how operators are paid: the whole mint with burns re-minted (HIP-20), or the credit spend out of the emission')
        .choices(REVENUE_MODES)
        .default('net-emissions'),
    )
    .option('--seed <s>', 'seed of the token price walk', wholeNumber(0, 0xffff_ffff), 1)
    .option('--out <file>', 'where to write the SVG plot', DEFAULT_PLOT)
    .option('--json', 'print every epoch of every scenario as JSON')
    .action((flags: TokenomicsFlags) => {
      const names = flags.scenario === 'all' ? SCENARIO_NAMES : [flags.scenario]
      const { params, runs } = runScenarios(names, flags.epochs, flags.seed, flags.mode)
      mkdirSync(dirname(flags.out), { recursive: true })
      const command = `pinion sim tokenomics --scenario ${flags.scenario} --epochs ${flags.epochs} --mode ${flags.mode} --seed ${flags.seed}`
      writeFileSync(flags.out, tokenomicsSvg(runs, params, flags.mode, flags.seed, `${command} (docs/tokenomics.md)`))
      const result = {
        mode: flags.mode,
        seed: flags.seed,
        epochs: flags.epochs,
        params,
        plot: flags.out,
        scenarios: runs.map(({ scenario, outcomes }) => ({ name: scenario.name, title: scenario.title, description: scenario.description, epochs: outcomes })),
      }
      output(Boolean(flags.json), result, () =>
        [
          `mode ${flags.mode}, ${flags.epochs.toLocaleString('en')} epochs, seed ${flags.seed}; tokens in whole tokens, flows per ${SUMMARY_PERIOD} epochs, levels at each period's end`,
          ...runs.map((run) => `\n${scenarioText(run, SUMMARY_PERIOD)}`),
          `\nplot: ${flags.out}`,
        ].join('\n'),
      )
    })
  return sim
}
