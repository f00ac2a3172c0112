import type { Address, Hex } from 'viem'
import type { Challenge } from './challenge.ts'

/**
 * What an epoch gives a kind besides reports, assembled by the oracle's assembleEpochInput from the
 * chain (and, for challenges, from the epoch's entropy), so every oracle and every replay sees the
 * same. Maps are keyed by lower-case device id or address; absent means zero.
 */
export type KindInputs = {
  /** The challenges issued to devices this epoch (Kind.challenges), in ascending id order. */
  readonly challenges: readonly Challenge[]
  /** What customers paid for each device's service during the epoch, in the token's smallest unit. */
  readonly revenue: ReadonlyMap<Hex, bigint>
  /** Stake bonded for each device as of the epoch's end, in the token's smallest unit. */
  readonly stake: ReadonlyMap<Hex, bigint>
  /** Stake bonded by each operator as of the epoch's end, in the token's smallest unit. */
  readonly operatorStake: ReadonlyMap<Address, bigint>
}

/** The inputs of a kind that has none: no challenges, no revenue, no stake. */
export const NO_KIND_INPUTS: KindInputs = Object.freeze({
  challenges: Object.freeze([]) as readonly Challenge[],
  revenue: new Map<Hex, bigint>(),
  stake: new Map<Hex, bigint>(),
  operatorStake: new Map<Address, bigint>(),
})

/** True when `inputs` holds nothing: the kind's epoch depends on its reports alone. */
export function hasNoInputs(inputs: KindInputs): boolean {
  return inputs.challenges.length === 0 && inputs.revenue.size === 0 && inputs.stake.size === 0 && inputs.operatorStake.size === 0
}
