import { Command } from 'commander'
import { DEFAULT_DATA_DIR, type NetworkState, readState } from '../state.ts'
import { BASE_UNITS_OPTION, amountFormat, getJson, output } from './output.ts'

type EpochSummary = {
  epoch: string
  root: string
  totalCumulative: string
  emission: string
  reports: number
  validReports: number
  devices: number
  inputsHash: string
  committed: { transaction: string; block: string } | null
  /** The oracle's one word for it, as the explorer shows it: committed, in a later root, pending. */
  rootState: string
}

export function epochCommand(replay: Command): Command {
  const epoch = new Command('epoch').description('list, inspect and replay reward epochs')
  epoch
    .command('list')
    .description('computed epochs, newest first')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .option(...BASE_UNITS_OPTION)
    .action(async (options: { dataDir: string; json?: boolean; baseUnits?: boolean }) => {
      const state = readState(options.dataDir)
      const { epochs } = await getJson<{ epochs: EpochSummary[] }>(`${state.oracles[0]!.url}/v1/epochs`)
      const formatTokens = await amountFormat(state, Boolean(options.baseUnits))
      output(Boolean(options.json), epochs, () =>
        epochs.length === 0
          ? 'no epoch computed yet'
          : epochs
              .map(
                (e) =>
                  `epoch ${e.epoch.padStart(4)}  ${e.rootState.padEnd(15)}  ${e.validReports}/${e.reports} valid reports  emission ${formatTokens(BigInt(e.emission))}  root ${e.root}`,
              )
              .join('\n'),
      )
    })
  epoch
    .command('show')
    .description("one epoch: its inputs hash, root, pools and the oracles' signatures")
    .argument('<epoch>', 'epoch number')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .option(...BASE_UNITS_OPTION)
    .action(async (number: string, options: { dataDir: string; json?: boolean; baseUnits?: boolean }) => {
      const state = readState(options.dataDir)
      const formatTokens = await amountFormat(state, Boolean(options.baseUnits))
      const details = await getJson<EpochSummary & { pools: { pool: string; allocation: string; paid: string; remainder: string }[]; signatures: { oracle: string }[] }>(
        `${state.oracles[0]!.url}/v1/epochs/${number}`,
      )
      output(Boolean(options.json), details, () =>
        [
          `epoch ${details.epoch}`,
          `  inputs hash  ${details.inputsHash}`,
          `  root         ${details.root}`,
          `  total        ${formatTokens(BigInt(details.totalCumulative))} cumulative`,
          `  reports      ${details.validReports} valid of ${details.reports}, ${details.devices} devices`,
          ...details.pools.map(
            (p) =>
              `  pool ${p.pool.padEnd(Math.max(10, ...details.pools.map((q) => q.pool.length)))} ${formatTokens(BigInt(p.allocation))} (paid ${formatTokens(BigInt(p.paid))}, remainder ${formatTokens(BigInt(p.remainder))})`,
          ),
          `  signed by    ${details.signatures.map((s) => oracleName(state, s.oracle)).join(', ') || 'nobody yet'}`,
          `  on chain     ${details.committed ? `${details.rootState} in ${details.committed.transaction}` : details.rootState}`,
        ].join('\n'),
      )
    })
  epoch.addCommand(replay)
  return epoch
}

/** "oracle 1 (0x3c44…)": a signer as `pinion up` and its live view number the network's oracles, with its address. */
function oracleName(state: NetworkState, address: string): string {
  const index = state.oracles.findIndex((o) => o.address.toLowerCase() === address.toLowerCase())
  return index < 0 ? address : `oracle ${index} (${address})`
}
