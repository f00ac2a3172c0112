import { type Challenge, type DeviceRecord, type EpochWindow, type Kind, type KindEvent, type KindInputs, NO_KIND_INPUTS, issueChallenges } from '@pinion/kinds'
import type { Address, Hex } from 'viem'
import type { OperatorPool } from './payDelegators.ts'

/** What the chain says of a kind at two moments: events up to the entropy block, and up to the end block. */
export type KindChainFacts = {
  /** The registry as of the entropy block (the last block before the epoch began). */
  devicesAtEntropy: ReadonlyMap<Hex, DeviceRecord>
  /** The kind's events up to and including the entropy block, in chain order. */
  eventsAtEntropy: readonly KindEvent[]
  /** The kind's events up to and including the epoch's end block, in chain order. */
  eventsAtEnd: readonly KindEvent[]
}

/**
 * A kind's inputs for an epoch besides its reports: the challenges it issues (from the epoch's
 * entropy, the registry and stake as of the entropy block), and stake as of the epoch's end and
 * revenue paid during it, folded from its contracts' events. A kind with neither challenges nor
 * chain gets NO_KIND_INPUTS. Pure: the same facts give the same inputs on every oracle and replay.
 */
export function kindInputs(kind: Kind, params: unknown, window: EpochWindow, facts: KindChainFacts): KindInputs {
  if (kind.challenges === undefined && kind.chain === undefined) return NO_KIND_INPUTS
  const atEnd = kind.chain?.fold(facts.eventsAtEnd, window, params)
  return {
    challenges: kindChallenges(kind, params, window, facts.devicesAtEntropy, facts.eventsAtEntropy),
    revenue: atEnd?.revenue ?? new Map(),
    stake: atEnd?.stake ?? new Map(),
    operatorStake: atEnd?.operatorStake ?? new Map(),
  }
}

/**
 * The challenges `kind` issues in `window`, from the registry and its events as of the entropy block
 * (stake, and the kind's own state, folded from them): the one derivation behind both the challenges an oracle serves during the
 * epoch (epochChallenges) and those its verdicts are computed with (kindInputs).
 */
export function kindChallenges(
  kind: Kind,
  params: unknown,
  window: EpochWindow,
  devicesAtEntropy: ReadonlyMap<Hex, DeviceRecord>,
  eventsAtEntropy: readonly KindEvent[],
): Challenge[] {
  if (kind.challenges === undefined) return []
  const atEntropy = kind.chain?.fold(eventsAtEntropy, window, params)
  const stake = atEntropy?.stake ?? new Map<Hex, bigint>()
  return issueChallenges(kind, { epoch: window, devices: devicesAtEntropy, stake, params, chain: atEntropy?.state })
}

/** True when the kind needs facts from the chain beyond the registry at the epoch's end. */
export function needsChainFacts(kind: Kind): boolean {
  return kind.challenges !== undefined || kind.chain !== undefined
}

/**
 * Each kind's inputs with what the network's Staking contract holds added to what its own contracts
 * hold: each device's stake, and each operator's pool (self-bond and delegations).
 */
export function withNetworkStake(inputs: ReadonlyMap<string, KindInputs>, stake: ReadonlyMap<Hex, bigint>, operators: ReadonlyMap<Address, OperatorPool>): Map<string, KindInputs> {
  const merged = new Map<string, KindInputs>()
  for (const [name, base] of inputs) {
    const total = new Map(base.stake)
    for (const [deviceId, amount] of stake) total.set(deviceId, (total.get(deviceId) ?? 0n) + amount)
    const operatorStake = new Map(base.operatorStake)
    for (const [operator, pool] of operators) operatorStake.set(operator, (operatorStake.get(operator) ?? 0n) + pool.bonded)
    merged.set(name, { ...base, stake: total, operatorStake })
  }
  return merged
}
