import { creditsDeployParams, economyRules } from '../up/economy.ts'
import { Command } from 'commander'
import { PRODUCTION_DISPUTE_WINDOW_SECONDS, chainFor, deploy, productionGovernance } from '@pinion/contracts'
import { kinds as allKinds } from '@pinion/kinds'
import { TIMELOCK_TREASURY, governedParams } from '@pinion/oracle'
import { PinionError } from '@pinion/protocol'
import { type Address, type Hex, createPublicClient, createWalletClient, http, isAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { loadConfig } from '../config/loadConfig.ts'
import { type NetworkState, writeState } from '../state.ts'
import { parseAddress } from '../gov/parse.ts'
import { checkDisputeWindow } from './disputeWindow.ts'
import { printRoles } from './roles.ts'

const TOKEN_UNIT = 10n ** 18n

/** Reads a 32-byte private key from the environment variable `name`. */
export function keyFromEnv(name: string): Hex {
  const value = process.env[name]
  if (value === undefined || !/^0x[0-9a-fA-F]{64}$/.test(value)) {
    throw new PinionError('PINION_ERR_KEY', `set ${name} to a 0x-prefixed 32-byte private key (it is never read from a flag, so it stays out of shell history)`)
  }
  return value as Hex
}

/** Parses `--oracle <address>=<url>`, repeatable. */
function parseOracle(value: string, previous: { address: Address; url: string }[] = []) {
  const [address, url] = value.split('=')
  if (!address || !isAddress(address) || !url || !/^https?:\/\//.test(url)) {
    throw new PinionError('PINION_ERR_CONFIG', `--oracle must be <address>=<http(s) url>, got "${value}"`)
  }
  return [...previous, { address, url }]
}

/**
 * Parses `--dispute-window <seconds>` (deploy() checks the distributor's 30-day bound, and
 * checkDisputeWindow that the distributor can hold the roots pending in it).
 */
function parseDisputeWindow(value: string): number {
  if (!/^\d+$/.test(value)) throw new PinionError('PINION_ERR_CONFIG', `--dispute-window must be a whole number of seconds, got "${value}"`)
  return Number(value)
}

type DeployFlags = {
  rpcUrl: string
  oracle: { address: Address; url: string }[]
  maker?: string
  guardian?: string
  disputeWindow?: number
  config?: string
  out: string
  json?: boolean
}

export function deployCommand(): Command {
  return new Command('deploy')
    .description('deploy a network to a real chain (deployer key in PINION_DEPLOYER_KEY) and write its network.json')
    .requiredOption('--rpc-url <url>', 'the chain to deploy to')
    .requiredOption('--oracle <address=url>', "an oracle's signer address and base URL (repeat for each)", parseOracle)
    .option('--maker <address>', 'a maker to approve for the network’s device class')
    .option('--guardian <address>', 'may pause and veto roots, nothing else: a multisig (none when omitted)')
    .option(
      '--dispute-window <seconds>',
      'seconds before a committed root pays (default one day); at most 14 epochs, as the distributor holds 15 roots pending',
      parseDisputeWindow,
    )
    .option('--config <file>', 'network config (default ./pinion.config.ts)')
    .option('--out <file>', 'where to write the network description', 'network.json')
    .option('--json', 'machine-readable output')
    .action(async (flags: DeployFlags) => {
      const { config } = await loadConfig(flags.config)
      const disputeWindowSeconds = flags.disputeWindow ?? PRODUCTION_DISPUTE_WINDOW_SECONDS
      // Before any transaction: a window the distributor cannot hold would deploy a network that stalls.
      checkDisputeWindow(disputeWindowSeconds, config.epochs.durationSeconds)
      const guardian = flags.guardian === undefined ? undefined : parseAddress(flags.guardian, '--guardian')
      const account = privateKeyToAccount(keyFromEnv('PINION_DEPLOYER_KEY'))
      const probe = createPublicClient({ transport: http(flags.rpcUrl) })
      const chain = chainFor(await probe.getChainId(), config.name, flags.rpcUrl)
      const wallet = createWalletClient({ account, chain, transport: http(flags.rpcUrl) })
      const { timestamp } = await probe.getBlock()
      const schedule = { genesisTime: timestamp, epochDuration: BigInt(config.epochs.durationSeconds) }
      const cap = config.token.cap * TOKEN_UNIT
      // The config's parameters are in force from genesis, as `pinion up` puts them: an oracle refuses
      // to compute an epoch under parameters governance never approved (PINION_ERR_PARAMS_MISMATCH).
      const params = governedParams(
        new Map(Object.keys(config.kinds).map((name) => [name, allKinds.get(name)!])),
        new Map(Object.entries(config.kinds)),
        Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
        { name: config.residualPool, recipient: config.treasury ?? TIMELOCK_TREASURY },
        economyRules(config),
      )
      const deployment = await deploy(wallet, {
        token: { name: config.token.name, symbol: config.token.symbol, cap },
        emissions: { ...schedule, initialEpochEmission: config.epochs.initialEmission * TOKEN_UNIT, halvingInterval: BigInt(config.epochs.halvingInterval) },
        oracles: { signers: flags.oracle.map((o) => o.address), quorum: config.oracles.quorum },
        // The proposal threshold is 0.25% of the cap, the most the supply can reach.
        governance: productionGovernance(cap),
        disputeWindowSeconds,
        ...(guardian === undefined ? {} : { guardian }),
        // Each kind's own contracts (packages/contracts/src/kinds/<kind>/), beside the network's.
        kinds: Object.keys(config.kinds),
        // Payment operators are granted by governance once the network runs (none at deployment).
        credits: creditsDeployParams(config, []),
        params,
        // The maker is approved while deploying: afterwards only governance may approve makers.
        ...(flags.maker === undefined ? {} : { registry: { makers: [{ deviceClass: config.deviceClass, maker: flags.maker as Address }] } }),
      })
      const state: NetworkState = {
        name: config.name,
        chainId: chain.id,
        rpcUrl: flags.rpcUrl,
        deployment,
        schedule: { genesisTime: schedule.genesisTime.toString(), epochDuration: schedule.epochDuration.toString() },
        oracles: flags.oracle,
        deviceClass: config.deviceClass,
        // The residual pool pays the timelock unless the config names a treasury: governance spends it.
        treasury: config.treasury ?? deployment.timelock,
      }
      writeState(flags.out, state, true)
      await printRoles(Boolean(flags.json), deployment, probe, { summary: `deployed ${config.name} on chain ${chain.id}; wrote ${flags.out}`, fields: state })
    })
}
