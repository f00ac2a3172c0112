import { Command } from 'commander'
import { DEFAULT_DATA_DIR, readState } from '../state.ts'
import { getJson, output } from './output.ts'

export function statusCommand(): Command {
  return new Command('status')
    .description('what the running network is doing: oracles, devices, reports, epochs (exit code 1 when an oracle does not answer)')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .action(async (flags: { dataDir: string; json?: boolean }) => {
      const state = readState(flags.dataDir)
      const oracles = await Promise.all(
        state.oracles.map(async (o) => ({ ...o, status: await getJson<Record<string, unknown>>(`${o.url}/v1/status`).catch((e: Error) => ({ error: e.message })) })),
      )
      output(Boolean(flags.json), { network: state.name, chainId: state.chainId, rpcUrl: state.rpcUrl, contracts: state.deployment, oracles }, () =>
        [
          `${state.name} on ${state.rpcUrl} (chain id ${state.chainId})`,
          ...oracles.map((o) => {
            const s = o.status as Record<string, unknown>
            return 'error' in s
              ? `  oracle ${o.address} ${o.url}: unreachable (${String(s.error)})`
              : `  oracle ${o.address} ${o.url}: ${s.devices} devices, ${s.reports} reports, epoch ${s.latestEpoch ?? '–'} computed, ${s.latestCommittedEpoch ?? '–'} committed`
          }),
        ].join('\n'),
      )
      // A health check: an oracle that does not answer is a failure, whatever the others say.
      if (oracles.some((o) => 'error' in (o.status as Record<string, unknown>))) process.exitCode = 1
    })
}
