import type { Address, Hex } from 'viem'
import type { EpochWindow } from './kind.ts'

/**
 * One event of a kind's own contract, as the follower indexed it. Arguments are canonical strings so
 * that the same log gives the same value on every oracle and in every store: addresses and bytes as
 * lower-case hex, integers as decimal, booleans as "true"/"false".
 */
export type KindEvent = {
  /** The contract's name in the kind's `chain.contracts`. */
  readonly contract: string
  readonly eventName: string
  readonly args: Readonly<Record<string, string>>
  readonly blockNumber: bigint
  readonly logIndex: number
  /** The block's timestamp, unix ms. */
  readonly timestampMs: bigint
}

/** What a kind's events say as of a block: stake per device and operator, and revenue paid inside a window. */
export type KindChainState = {
  stake: Map<Hex, bigint>
  operatorStake: Map<Address, bigint>
  revenue: Map<Hex, bigint>
  /**
   * Optional: anything else of the kind's own the events say as of the block, for its challenges
   * (ChallengeInput.chain): the storage kind's deals and their pieces. Folded from the same events
   * on every oracle, so it is as deterministic as stake; whatever of it decides money must reach the
   * epoch through the challenges (their ids are signed in the params document).
   */
  state?: unknown
}

/** A kind's on-chain side (Kind.chain): the contracts deploy() deploys for it and how their events become inputs. */
export type KindChain<params> = {
  /**
   * Its contracts (packages/contracts/src/kinds/<kind>/<Name>.sol), by name, each with the events
   * the follower indexes, as human-readable ABI signatures (viem's parseAbi), e.g.
   * "event StakeBonded(bytes32 indexed deviceId, address indexed operator, uint256 amount)".
   */
  readonly contracts: Readonly<Record<string, readonly string[]>>
  /**
   * Folds every event of the kind up to some block, in chain order (block, then log index), into
   * the stake as of that block and the revenue paid by blocks whose timestamps fall in `window`.
   */
  fold(events: readonly KindEvent[], window: EpochWindow, params: params): KindChainState
}

/** `events` in chain order (block, then log index): as given when they already are, which is the usual case. */
export function inChainOrder(events: readonly KindEvent[]): readonly KindEvent[] {
  const before = (a: KindEvent, b: KindEvent) => a.blockNumber < b.blockNumber || (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex)
  for (let i = 1; i < events.length; i++) {
    if (before(events[i]!, events[i - 1]!)) return [...events].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
  }
  return events
}
