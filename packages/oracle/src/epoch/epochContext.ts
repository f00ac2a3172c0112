import { type Kind, type KindInputs, NO_KIND_INPUTS, kindUnderRules } from '@pinion/kinds'
import type { Address } from 'viem'
import { parseCarried } from './carry.ts'
import { withNetworkStake } from './kindInputs.ts'
import type { OperatorPool } from './payDelegators.ts'
import type { EpochInput, KindsContext } from './types.ts'

/** What every step of an epoch reads besides its reports, as computeEpoch and streamEpoch both set it up. */
export type EpochContext = {
  /** What the kinds see (their inputs with the network's stake added). */
  context: KindsContext
  /** The rules version each kind runs under, by name. */
  rules: Map<string, number>
  /** Each kind's own inputs, before the network's stake is added: what paramsHash signs. */
  inputs: Map<string, KindInputs>
  operators: ReadonlyMap<Address, OperatorPool>
}

/**
 * The kinds under the rules the epoch runs, their parsed parameters, inputs (with what the network's
 * Staking contract holds for each device and operator added, for every kind, beside what the kind's
 * own contracts hold) and what they carried in.
 */
export function epochContext(input: EpochInput): EpochContext {
  const kinds = new Map<string, Kind>()
  const rules = new Map<string, number>()
  for (const [name, kind] of input.kinds) {
    const ruled = kindUnderRules(kind, input.rules?.get(name) ?? defaultRulesVersion(kind, input))
    kinds.set(name, ruled)
    rules.set(name, ruled.rulesVersion)
  }
  const params = new Map<string, unknown>()
  for (const [name, kind] of kinds) params.set(name, kind.parseParams(input.kindParams.get(name)))
  const inputs = new Map<string, KindInputs>()
  for (const name of kinds.keys()) inputs.set(name, input.kindInputs?.get(name) ?? NO_KIND_INPUTS)
  // Signed once in the params document, not per kind.
  const operators = input.operators ?? new Map()
  const staked = input.stake === undefined ? inputs : withNetworkStake(inputs, input.stake, operators)
  const carried = parseCarried(kinds, input.carried)
  return { context: { window: input.window, devices: input.devices, kinds, params, carried, inputs: staked }, rules, inputs, operators }
}

/**
 * The rules version a kind runs under when the input names none: the first, for an epoch computed
 * before rules versions existed (params document 2), which every kind then ran under; else today's.
 */
function defaultRulesVersion(kind: Kind, input: EpochInput): number {
  return input.paramsDocument === 2 ? 1 : kind.rulesVersion
}
