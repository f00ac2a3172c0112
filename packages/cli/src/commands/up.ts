import { Command } from 'commander'
import { PinionError } from '@pinion/protocol'
import { DEVNET_DISPUTE_WINDOW_SECONDS, devnetAccounts, devnetPrivateKey, rewardDistributorAbi } from '@pinion/contracts'
import { type LogLevel, type Progress, createLogger, createProgress } from '@pinion/contracts/log'
import { type Address, createPublicClient, http } from 'viem'
import { withFleetSize } from '../config/fleetConfig.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { DEFAULT_DATA_DIR } from '../state.ts'
import { poolOperatorOf } from '../up/economy.ts'
import { devnetRoles } from '../up/roles.ts'
import { type RunningNetwork, up } from '../up/up.ts'
import { logLevelOption } from './logLevelOption.ts'
import { claimRewards, rewardsOf } from './rewards.ts'
import { formatTokens as formatAmount, getJson, output } from './output.ts'
import { createLiveView } from '../up/liveView.ts'

/** The exit code of `pinion up` stopped by a second Ctrl-C before the first had finished stopping it (128 + SIGINT). */
const EXIT_ON_SECOND_SIGNAL = 130

type UpFlags = { config?: string; dataDir: string; epochs?: string; json?: boolean; devices?: string; transport?: string; verbose?: boolean; logLevel: LogLevel }

export function upCommand(): Command {
  return new Command('up')
    .description('run a local DePIN: devnet, contracts, oracles and a simulated fleet (Ctrl-C stops; run again to resume)')
    .option('--config <file>', 'network config (default ./pinion.config.ts, else the built-in devnet network)')
    .option('--data-dir <dir>', 'where the chain, the oracles and the fleet keep their state', DEFAULT_DATA_DIR)
    .option('--epochs <n>', 'exit once n epochs are committed on chain and a recipient has claimed')
    .option('--devices <n>', "size of the simulated fleet: n devices (of each kind's fleet, when the config has one per kind), or per kind, e.g. uptime=6,wireless=10")
    .option(
      '--transport <http|mqtt>',
      "how the simulated fleet reaches the oracles: http, or mqtt through a broker each oracle embeds (README: MQTT); default the config's devices.transport, else http",
    )
    .option('--json', 'machine-readable stdout: one JSON line per committed epoch, or with --epochs only the summary, as JSON')
    .addOption(logLevelOption())
    .option('--verbose', 'the same as --log-level debug')
    .action(async (flags: UpFlags, command: Command) => {
      // stdout is the human view — each epoch as it is committed, then the summary — or --json's JSON,
      // and only it. stderr has the warnings and errors of the oracles and the fleet, each distinct
      // one once (EVENT_LEVELS in @pinion/oracle: a halted pipeline, an epoch not signed, a vetoed
      // root are warn or above); with --log-level or --verbose, every log line at that level instead.
      const level = flags.verbose && flags.logLevel === 'info' ? 'debug' : flags.logLevel
      const logsAsked = flags.verbose === true || command.getOptionValueSource('logLevel') !== 'default'
      const pretty = process.stderr.isTTY === true
      const logger = createLogger({ level, pretty })
      if (flags.transport !== undefined && flags.transport !== 'http' && flags.transport !== 'mqtt') {
        throw new PinionError('PINION_ERR_CONFIG', `--transport must be http or mqtt, got ${JSON.stringify(flags.transport)}`)
      }
      const { config: loaded, source } = await loadConfig(flags.config)
      const config = flags.devices === undefined ? loaded : withFleetSize(loaded, flags.devices)
      const say = (line: string) => {
        if (!flags.json) console.log(line)
      }
      say(`pinion up — ${config.name} (${source})`)
      const view = createLiveView({
        quorum: config.oracles.quorum,
        symbol: config.token.symbol,
        // Under --json with --epochs, stdout is the summary alone, as it always was.
        print: (line) => {
          if (!flags.json || flags.epochs === undefined) console.log(line)
        },
        ...(logsAsked ? {} : { warn: (line: string) => console.error(line) }),
        json: Boolean(flags.json),
      })
      const network = await up({
        config,
        dataDir: flags.dataDir,
        databaseUrl: process.env.DATABASE_URL,
        transport: flags.transport ?? config.devices.transport,
        log: (line) => say(`  ${line}`),
        ...(logsAsked ? { logging: { level, pretty } } : {}),
        onEvent: (event, fields, eventLevel) => view.onEvent(event, fields, eventLevel),
      })
      view.useOracles(network.state.oracles)
      say(describe(network, config.epochs.durationSeconds))

      // SIGINT (Ctrl-C) or SIGTERM stops the network, quietly; a second one exits at once (anvil's
      // watchdog and the oracles' threads end with this process).
      let requested = false
      let onSignal: (signal: NodeJS.Signals) => void = () => {}
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
        onSignal = (signal) => {
          if (requested) process.exit(EXIT_ON_SECOND_SIGNAL)
          requested = true
          view.close()
          resolve(signal)
        }
      })
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      try {
        if (flags.epochs !== undefined) {
          const count = Number(flags.epochs)
          const progress = createProgress({ task: 'epochs committed', total: count, logger })
          const summary = await Promise.race([untilEpochs(network, count, config.epochs.durationSeconds, progress), stopRequested]).finally(() => progress.end())
          if (typeof summary !== 'string') {
            view.close()
            output(Boolean(flags.json), summary, () => humanSummary(summary, config.token.symbol))
            process.exitCode = summary.claim.matchesExplained ? 0 : 1
            return
          }
          process.exitCode = 1
        } else {
          await stopRequested
        }
        say('\nstopping…')
      } finally {
        view.close()
        await network.stop()
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
      say('stopped; `npx pinion up` resumes where this left off')
    })
}

function describe(network: RunningNetwork, epochSeconds: number): string {
  const { state } = network
  return [
    '',
    `  explorer   ${network.explorer.url}`,
    `  chain      ${state.rpcUrl} (chain id ${state.chainId}, anvil)`,
    `  contracts  token ${state.deployment.token}`,
    `             registry ${state.deployment.registry}`,
    `             distributor ${state.deployment.distributor}`,
    ...state.oracles.map((o, i) => `  oracle ${i}   ${o.url}  (signer ${o.address})`),
    `  fleet      ${network.fleetSize} simulated devices (${Object.entries(network.fleetByKind)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ')}), ${network.operators.length} operators`,
    `  epochs     every ${epochSeconds} s; roots need ${state.oracles.length > 1 ? 'a quorum of' : ''} oracle signatures`,
    '',
    '  try:  npx pinion status   ·   npx pinion epoch list   ·   npx pinion rewards show <operator>',
    '',
  ].join('\n')
}

type Summary = Awaited<ReturnType<typeof untilEpochs>>

/**
 * Waits for `count` roots committed for epochs the fleet reported in (the epochs that pass while the
 * network starts are empty, and would leave nothing to claim), then, once the dispute window has
 * made one of them claimable, has an operator claim and checks that its balance equals the sum of
 * its devices' explained rewards.
 */
async function untilEpochs(network: RunningNetwork, count: number, epochSeconds: number, progress: Progress) {
  const { state } = network
  const client = createPublicClient({ transport: http(state.rpcUrl), pollingInterval: 250 })
  const startBlock = await client.getBlockNumber()
  const deadline = Date.now() + (count + 4) * epochSeconds * 1000 + DEVNET_DISPUTE_WINDOW_SECONDS * 1000 + 60_000
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1_000))
  let events: Awaited<ReturnType<typeof committed>> = []
  async function committed() {
    const all = await client.getContractEvents({ address: state.deployment.distributor, abi: rewardDistributorAbi, eventName: 'RootCommitted', fromBlock: startBlock })
    return all.filter((e) => e.args.epoch! >= network.fleet.firstEpoch)
  }
  let shown = -1
  while ((events = await committed()).length < count) {
    if (events.length !== shown) progress.update((shown = events.length))
    if (Date.now() > deadline) throw new PinionError('PINION_ERR_UP', `only ${events.length} of ${count} epochs of the fleet were committed in time`)
    await pause()
  }

  progress.update(events.length, 'claiming')
  // Not the pool's operator: its delegator is paid part of its devices' rewards, so its claim is less than they explain.
  const pooled = poolOperatorOf(devnetRoles(0).operators).address
  const operators = devnetAccounts(10)
    .map((a, i) => ({ address: a.address, index: i }))
    .filter((a) => network.operators.includes(a.address) && a.address !== pooled)
  let claim: Awaited<ReturnType<typeof claimRewards>> | undefined
  let claimant: Address | undefined
  // A committed root becomes claimable once its dispute window has passed.
  while (claim === undefined) {
    for (const operator of operators) {
      const position = await rewardsOf(state, operator.address)
      if (position.claimable > 0n) {
        claim = await claimRewards(state, operator.address, devnetPrivateKey(operator.index))
        claimant = operator.address
        break
      }
    }
    if (claim === undefined && Date.now() > deadline) break
    if (claim === undefined) await pause()
  }
  if (claim === undefined || claimant === undefined || claim.claimedThrough === null) throw new PinionError('PINION_ERR_UP', 'no operator had anything claimable in time')
  const claimedEpoch = claim.claimedThrough.epoch
  let explained = 0n
  for (const deviceId of claim.devices) {
    const device = await getJson<{ earnings: { epoch: string; amount: string }[] }>(`${state.oracles[0]!.url}/v1/devices/${deviceId}`)
    for (const e of device.earnings) if (BigInt(e.epoch) <= claimedEpoch) explained += BigInt(e.amount)
  }
  return {
    network: state.name,
    chainId: state.chainId,
    rpcUrl: state.rpcUrl,
    contracts: state.deployment,
    oracles: state.oracles,
    devices: network.fleetSize,
    epochs: events.map((e) => ({ epoch: e.args.epoch!, root: e.args.root!, totalCumulative: e.args.totalCumulative!, transaction: e.transactionHash })),
    claim: {
      recipient: claimant,
      epoch: claimedEpoch,
      transaction: claim.transaction,
      paid: claim.paid,
      balance: claim.balance,
      explained,
      matchesExplained: claim.balance === explained,
    },
  }
}

function humanSummary(summary: Summary, symbol: string): string {
  const formatTokens = (amount: bigint) => formatAmount(amount, symbol)
  return [
    `${summary.epochs.length} epochs committed on chain:`,
    ...summary.epochs.map((e) => `  epoch ${e.epoch}  root ${e.root}  total ${formatTokens(e.totalCumulative)}  tx ${e.transaction}`),
    `claimed ${formatTokens(summary.claim.paid)} for ${summary.claim.recipient} (epoch ${summary.claim.epoch}) in ${summary.claim.transaction}`,
    `balance ${formatTokens(summary.claim.balance)} ${summary.claim.matchesExplained ? '=' : '≠'} explained rewards ${formatTokens(summary.claim.explained)}`,
  ].join('\n')
}
