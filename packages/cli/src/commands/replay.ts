import { Command } from 'commander'
import { rewardDistributorAbi } from '@pinion/contracts'
import { createProgress } from '@pinion/contracts/log'
import { kinds as allKinds } from '@pinion/kinds'
import { type PreviousEpoch, assembleEpochInput, chainFacts, computeEpoch, splitReportBatch } from '@pinion/oracle'
import { economyRules } from '../up/economy.ts'
import { networkIdOf } from '@pinion/protocol'
import { type Address, type Hex, createPublicClient, http } from 'viem'
import type { NetworkConfig } from '../config/network.ts'
import { loadConfig } from '../config/loadConfig.ts'
import { DEFAULT_DATA_DIR, type NetworkState, readState } from '../state.ts'
import { output } from './output.ts'

/**
 * Recomputes epochs 0..`target` from their published inputs and the chain alone — reports from the
 * oracle's /inputs endpoint, everything else as assembleEpochInput reads it from the chain
 * (chainFacts: the registry's events, the kinds' contracts' events, the Emissions contract) — and
 * compares the result with the roots on chain and the oracle's.
 */
export async function replayEpochs(state: NetworkState, config: NetworkConfig, target: bigint, onEpoch?: (replayed: number, total: number) => void) {
  const client = createPublicClient({ transport: http(state.rpcUrl) })
  const schedule = { genesisTime: BigInt(state.schedule.genesisTime), epochDuration: BigInt(state.schedule.epochDuration) }
  const kinds = new Map(Object.keys(config.kinds).map((name) => [name, allKinds.get(name)!]))
  const facts = chainFacts(client as never, state.deployment, schedule, kinds)
  const rules = {
    networkId: networkIdOf(state.chainId, state.deployment.registry),
    kinds,
    kindParams: new Map(Object.entries(config.kinds)),
    pools: Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
    residual: { name: config.residualPool, recipient: state.treasury },
    economy: economyRules(config),
  }
  let previous: PreviousEpoch = { cumulative: new Map<Address, bigint>(), carried: new Map<string, unknown>() }
  let last
  for (let epoch = 0n; epoch <= target; epoch++) {
    const response = await fetch(`${state.oracles[0]!.url}/v1/epochs/${epoch}/inputs`)
    if (!response.ok) throw new Error(`the oracle has no published inputs for epoch ${epoch} (${response.status})`)
    // The bytes as published, never decoded and re-encoded: the inputsHash covers them exactly.
    const reports = splitReportBatch(new Uint8Array(await response.arrayBuffer()))
    const { input } = await assembleEpochInput(facts, rules, epoch, reports, previous)
    // The rules each kind ran under, as the oracle stored them: a lie would change the paramsHash
    // and root it signed, which the replay compares with the chain's.
    const ran = (await fetch(`${state.oracles[0]!.url}/v1/epochs/${epoch}`).then((r) => r.json())) as { rules?: Record<string, number>; paramsDocument?: 2 | 3 }
    const result = await computeEpoch({
      ...input,
      ...(ran.rules === undefined || Object.keys(ran.rules).length === 0 ? {} : { rules: new Map(Object.entries(ran.rules)) }),
      ...(ran.paramsDocument === undefined ? {} : { paramsDocument: ran.paramsDocument }),
    })
    previous = {
      cumulative: new Map(result.cumulative.map((e) => [e.recipient, e.cumulativeAmount])),
      carried: result.carried,
      ...(result.credits === null ? {} : { creditsCharged: result.credits.charged }),
    }
    last = result
    onEpoch?.(Number(epoch) + 1, Number(target) + 1)
  }
  const [onChain] = await client.getContractEvents({
    address: state.deployment.distributor,
    abi: rewardDistributorAbi,
    eventName: 'RootCommitted',
    args: { epoch: target },
    fromBlock: state.deployment.blockNumber,
  })
  const oracle = (await fetch(`${state.oracles[0]!.url}/v1/epochs/${target}`).then((r) => r.json())) as { root?: Hex }
  return {
    epoch: target,
    root: last!.root,
    inputsHash: last!.inputsHash,
    paramsHash: last!.paramsHash,
    reports: last!.counts.reports,
    onChainRoot: onChain?.args.root ?? null,
    oracleRoot: oracle.root ?? null,
    matchesChain: onChain?.args.root === last!.root,
    matchesOracle: oracle.root === last!.root,
  }
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('recompute an epoch from its published inputs and the chain, and compare with the committed root')
    .argument('<epoch>', 'epoch number')
    .option('--config <file>', 'the network config the oracles run (default ./pinion.config.ts)')
    .option('--data-dir <dir>', 'where `pinion up` keeps its state', DEFAULT_DATA_DIR)
    .option('--json', 'machine-readable output')
    .action(async (epoch: string, flags: { config?: string; dataDir: string; json?: boolean }) => {
      const { config } = await loadConfig(flags.config)
      const target = BigInt(epoch)
      // Replay recomputes every epoch up to the target (cumulative amounts build on each other).
      const progress = createProgress({ task: 'epochs replayed', total: Number(target) + 1 })
      const result = await replayEpochs(readState(flags.dataDir), config, target, (replayed) => progress.update(replayed)).finally(() => progress.end())
      output(Boolean(flags.json), result, () =>
        [
          `epoch ${result.epoch} replayed from ${result.reports} published reports`,
          `  root         ${result.root}`,
          `  on chain     ${result.onChainRoot ?? 'not committed'} ${result.onChainRoot === null ? '' : result.matchesChain ? '✓ matches' : '✗ DIFFERS'}`,
          `  oracle       ${result.oracleRoot ?? 'not computed'} ${result.matchesOracle ? '✓ matches' : '✗ DIFFERS'}`,
        ].join('\n'),
      )
      if (!result.matchesOracle || (result.onChainRoot !== null && !result.matchesChain)) process.exitCode = 1
    })
}
