import { economyRules } from '../up/economy.ts'
import { type GovernanceAction, networkParamsAbi, pinionGovernorAbi, pinionTimelockAbi } from '@pinion/contracts'
import { kinds as allKinds } from '@pinion/kinds'
import { type GovernedParams, governedParams } from '@pinion/oracle'
import type { Address, Hex } from 'viem'
import type { NetworkConfig } from '../config/network.ts'
import type { Gov } from './connect.ts'
import { GovError } from './errors.ts'

/**
 * The parameter sets a config asks for, named and hashed as NetworkParams holds them (governedParams):
 * the residual pool pays the config's treasury, else `treasury` (the network's), written by its role
 * when it is the network's `timelock`.
 */
export function localParams(config: NetworkConfig, treasury: Address, timelock?: Address): GovernedParams[] {
  const kinds = new Map(
    Object.keys(config.kinds).map((name) => {
      const kind = allKinds.get(name)
      if (kind === undefined) throw new GovError('PINION_ERR_GOV_CONFIG', `kinds.${name} is not a kind Pinion knows; expected one of ${[...allKinds.keys()].join(', ')}`)
      return [name, kind] as const
    }),
  )
  return governedParams(
    kinds,
    new Map(Object.entries(config.kinds)),
    Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
    { name: config.residualPool, recipient: config.treasury ?? treasury },
    economyRules(config),
    timelock,
  )
}

export type ParamsEntry = { hash: Hex; fromEpoch: bigint }
export type ParamsOnChain = { currentEpoch: bigint; genesisTime: bigint; epochDuration: bigint; history: Map<string, ParamsEntry[]> }

export async function readParams({ client, contracts }: Gov): Promise<ParamsOnChain> {
  const params = { address: contracts.params, abi: networkParamsAbi } as const
  const [names, currentEpoch, [genesisTime, epochDuration]] = await Promise.all([
    client.readContract({ ...params, functionName: 'names' }),
    client.readContract({ ...params, functionName: 'currentEpoch' }),
    client.readContract({ ...params, functionName: 'epochSchedule' }),
  ])
  const histories = await Promise.all(names.map((name) => client.readContract({ ...params, functionName: 'historyOf', args: [name] })))
  return {
    currentEpoch,
    genesisTime,
    epochDuration,
    history: new Map(names.map((name, i) => [name, histories[i]!.map((e) => ({ hash: e.hash, fromEpoch: e.fromEpoch }))])),
  }
}

/** How a local parameter set stands against the chain. */
type ParamsMatch = 'in force' | 'scheduled' | 'differs' | 'not on chain' | 'not in config'

export type ParamsRow = {
  name: string
  inForce: ParamsEntry | null
  scheduled: ParamsEntry[]
  local: Hex | null
  match: ParamsMatch
}

/** For each name on chain or in the config: the hash in force now (and since when), those scheduled, and the config's. */
export function paramsRows(chain: ParamsOnChain, local: readonly GovernedParams[] | null): ParamsRow[] {
  const names = [...new Set([...chain.history.keys(), ...(local ?? []).map((p) => p.name)])]
  return names.map((name) => {
    const history = chain.history.get(name) ?? []
    const inForce = history.filter((e) => e.fromEpoch <= chain.currentEpoch).at(-1) ?? null
    const scheduled = history.filter((e) => e.fromEpoch > chain.currentEpoch)
    const localHash = local?.find((p) => p.name === name)?.hash ?? null
    const latest = history.at(-1)
    const match: ParamsMatch =
      localHash === null ? 'not in config' : latest === undefined ? 'not on chain' : latest.hash !== localHash ? 'differs' : scheduled.length > 0 ? 'scheduled' : 'in force'
    return { name, inForce, scheduled, local: localHash, match }
  })
}

/** The epoch of unix time `t` on the params schedule (0 before genesis). */
const epochAt = (chain: ParamsOnChain, t: bigint) => (t < chain.genesisTime ? 0n : (t - chain.genesisTime) / chain.epochDuration)

/**
 * The earliest time a proposal sent now could execute: the next block, the voting delay, the vote,
 * a second to end it (the deadline is the vote's last second), then the timelock's delay.
 */
async function earliestExecution({ client, contracts }: Gov): Promise<{ now: bigint; at: bigint }> {
  const [block, votingDelay, votingPeriod, timelockDelay] = await Promise.all([
    client.getBlock({ blockTag: 'latest' }),
    client.readContract({ address: contracts.governor, abi: pinionGovernorAbi, functionName: 'votingDelay' }),
    client.readContract({ address: contracts.governor, abi: pinionGovernorAbi, functionName: 'votingPeriod' }),
    client.readContract({ address: contracts.timelock, abi: pinionTimelockAbi, functionName: 'getMinDelay' }),
  ])
  return { now: block.timestamp, at: block.timestamp + 1n + votingDelay + votingPeriod + 1n + timelockDelay }
}

/**
 * The proposal that schedules every local parameter set whose hash differs from the latest on chain,
 * from `fromEpoch` — by default the first epoch that starts after the proposal could execute, plus
 * one epoch of margin (a vote that needs the whole period, a queue or execute sent late).
 */
export async function planParams(
  gov: Gov,
  local: readonly GovernedParams[],
  fromEpoch?: bigint,
): Promise<{ actions: GovernanceAction[]; fromEpoch: bigint; earliestEpoch: bigint }> {
  const [chain, { at }] = await Promise.all([readParams(gov), earliestExecution(gov)])
  // schedule() refuses an epoch that has begun when it executes: the epoch after the one it executes in is the first possible.
  const earliestEpoch = epochAt(chain, at) + 1n
  const chosen = fromEpoch ?? earliestEpoch + 1n
  if (chosen < earliestEpoch) {
    throw new GovError(
      'PINION_ERR_GOV_EPOCH',
      `from epoch ${chosen.toLocaleString('en')} begins before the proposal could execute (in epoch ${(earliestEpoch - 1n).toLocaleString('en')} at the earliest: voting delay, vote and timelock); expected ${earliestEpoch.toLocaleString('en')} or later`,
    )
  }
  const rows = paramsRows(chain, local).filter((row) => row.match === 'differs' || row.match === 'not on chain')
  if (rows.length === 0) {
    throw new GovError(
      'PINION_ERR_GOV_NOTHING_TO_PROPOSE',
      `every parameter set of the config (${local.map((p) => p.name).join(', ')}) matches the latest on chain; nothing to propose`,
    )
  }
  for (const row of rows) {
    const latest = chain.history.get(row.name)?.at(-1)
    if (latest !== undefined && chosen < latest.fromEpoch) {
      throw new GovError(
        'PINION_ERR_GOV_EPOCH',
        `from epoch ${chosen.toLocaleString('en')} is before the change of ${row.name} already scheduled from epoch ${latest.fromEpoch.toLocaleString('en')}; expected ${latest.fromEpoch.toLocaleString('en')} or later`,
      )
    }
  }
  return {
    actions: rows.map((row) => ({ action: 'schedule-params', name: row.name, hash: row.local!, fromEpoch: chosen })),
    fromEpoch: chosen,
    earliestEpoch,
  }
}
