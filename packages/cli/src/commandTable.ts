import type { Command } from 'commander'

/**
 * A top-level command of `pinion`: its name and one-line summary, known without loading it, and how
 * to load it. Each command's module imports what it drives (viem, Fastify, PGlite, the kinds), which
 * takes seconds; `pinion --help` needs only the names and summaries, and `pinion <command>` only
 * that one command. commandTable.test.ts checks each summary against the loaded command's own.
 */
type LazyCommand = { name: string; summary: string; load: () => Promise<Command> }

export const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'init',
    summary: "write a new network's folder (pinion.config.ts and a package.json that installs Pinion) from a kind's template",
    load: async () => (await import('./commands/init.ts')).initCommand(),
  },
  {
    name: 'up',
    summary: 'run a local DePIN: devnet, contracts, oracles and a simulated fleet (Ctrl-C stops; run again to resume)',
    load: async () => (await import('./commands/up.ts')).upCommand(),
  },
  {
    name: 'status',
    summary: 'what the running network is doing: oracles, devices, reports, epochs (exit code 1 when an oracle does not answer)',
    load: async () => (await import('./commands/status.ts')).statusCommand(),
  },
  {
    name: 'fleet',
    summary: "does cheating pay? the devnet's simulated fleet by behaviour: rewards earned, stake slashed, and net against honest devices",
    load: async () => (await import('./commands/fleet.ts')).fleetCommand(),
  },
  { name: 'device', summary: 'make device keys, register devices, run a device', load: async () => (await import('./commands/device.ts')).deviceCommand() },
  {
    name: 'epoch',
    summary: 'list, inspect and replay reward epochs',
    load: async () => {
      const [{ epochCommand }, { replayCommand }] = await Promise.all([import('./commands/epoch.ts'), import('./commands/replay.ts')])
      return epochCommand(replayCommand())
    },
  },
  { name: 'rewards', summary: 'see and claim rewards', load: async () => (await import('./commands/rewards.ts')).rewardsCommand() },
  {
    name: 'credits',
    summary: 'service credits: buy them by burning tokens, see balances and escrows, delegate them to a service key',
    load: async () => (await import('./commands/credits.ts')).creditsCommand(),
  },
  {
    name: 'compute',
    summary:
      'the compute kind: order a WebAssembly job (deploy), see its bids, accept one, deliver the job to its provider, follow the lease (status, logs), fetch, check and counter-sign its results, close it',
    // Each subcommand is a file of its own (commands/compute*.ts), handed to the group here.
    load: async () => {
      const [
        { computeCommand },
        { computeDeployCommand },
        { computeBidsCommand },
        { computeAcceptCommand },
        { computeDeliverCommand },
        { computeStatusCommand },
        { computeLogsCommand },
        { computeResultsCommand },
        { computeCloseCommand },
      ] = await Promise.all([
        import('./commands/compute.ts'),
        import('./commands/computeDeploy.ts'),
        import('./commands/computeBids.ts'),
        import('./commands/computeAccept.ts'),
        import('./commands/computeDeliver.ts'),
        import('./commands/computeStatus.ts'),
        import('./commands/computeLogs.ts'),
        import('./commands/computeResults.ts'),
        import('./commands/computeClose.ts'),
      ])
      return computeCommand(
        'the compute kind: order a WebAssembly job (deploy), see its bids, accept one, deliver the job to its provider, follow the lease (status, logs), fetch, check and counter-sign its results, close it',
        [
          computeDeployCommand(),
          computeBidsCommand(),
          computeAcceptCommand(),
          computeDeliverCommand(),
          computeStatusCommand(),
          computeLogsCommand(),
          computeResultsCommand(),
          computeCloseCommand(),
        ],
      )
    },
  },
  {
    name: 'deploy',
    summary: 'deploy a network to a real chain (deployer key in PINION_DEPLOYER_KEY) and write its network.json',
    load: async () => (await import('./commands/deploy.ts')).deployCommand(),
  },
  {
    name: 'oracle',
    summary: 'run one oracle of a deployed network (signer key in PINION_ORACLE_KEY, store in DATABASE_URL or PGlite)',
    load: async () => (await import('./commands/oracle.ts')).oracleCommand(),
  },
  {
    name: 'gov',
    summary: 'governance: delegate votes, propose, vote, queue and execute proposals, see their status',
    load: async () => (await import('./commands/gov.ts')).govCommand(),
  },
  {
    name: 'params',
    summary: 'the network parameters governance holds (NetworkParams): what is in force, what is scheduled, what the config says',
    load: async () => (await import('./commands/params.ts')).paramsCommand(),
  },
  {
    name: 'provider',
    summary: "the compute kind's provider: run a node that bids for jobs by a price rule, starts the leases it wins, runs their tasks and reports on them",
    load: async () =>
      (await import('./commands/providerRun.ts')).providerCommand(
        "the compute kind's provider: run a node that bids for jobs by a price rule, starts the leases it wins, runs their tasks and reports on them",
      ),
  },
  {
    name: 'roles',
    summary: 'who holds which role on the running network: governance, the guardian, anyone; the deployer should hold none',
    load: async () => (await import('./commands/roles.ts')).rolesCommand(),
  },
  { name: 'sim', summary: 'simulate the network offline: nothing here touches a chain', load: async () => (await import('./commands/sim.ts')).simCommand() },
  {
    name: 'split',
    summary: "reward splits: a device's rewards shared between payees in fixed proportions",
    load: async () => (await import('./commands/split.ts')).splitCommand(),
  },
  {
    name: 'stake',
    summary: 'bond, unbond, delegate and withdraw stake for devices, operators and oracles; see what is at stake',
    load: async () => (await import('./commands/stake.ts')).stakeCommand(),
  },
  {
    name: 'storage',
    summary:
      'the storage kind: store files across storage nodes (put, get, ls, rm, status, repair); run a storage node that keeps pieces on disk within a quota and serves them over HTTP',
    // Each subcommand is a file of its own (commands/storage*.ts), handed to the group here.
    load: async () => {
      const [
        { storageCommand },
        { storageNodeCommand },
        { storagePutCommand },
        { storageGetCommand },
        { storageLsCommand },
        { storageRmCommand },
        { storageStatusCommand },
        { storageRepairCommand },
      ] = await Promise.all([
        import('./commands/storage.ts'),
        import('./commands/storageNode.ts'),
        import('./commands/storagePut.ts'),
        import('./commands/storageGet.ts'),
        import('./commands/storageLs.ts'),
        import('./commands/storageRm.ts'),
        import('./commands/storageStatus.ts'),
        import('./commands/storageRepair.ts'),
      ])
      return storageCommand(
        'the storage kind: store files across storage nodes (put, get, ls, rm, status, repair); run a storage node that keeps pieces on disk within a quota and serves them over HTTP',
        [storageNodeCommand(), storagePutCommand(), storageGetCommand(), storageLsCommand(), storageRmCommand(), storageStatusCommand(), storageRepairCommand()],
      )
    },
  },
]

/**
 * The top-level command `args` (argv without node and the script) asks for, if any: the first word
 * that is not an option, or the command `help <command>` names.
 */
export function requestedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'))
  return words[0] === 'help' ? words[1] : words[0]
}
