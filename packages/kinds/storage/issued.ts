import type { Hex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import { PROVE_POSSESSION_CHALLENGE_TYPE, type ProvePossession, decodeProvePossession } from './payload.ts'

/** A proving period of the epoch: its challenge and its decoded question. */
type IssuedPeriod = { challenge: Challenge; question: ProvePossession }

/** The epoch's proving periods by challenge id. */
export type PeriodIndex = ReadonlyMap<Hex, IssuedPeriod>

// verify runs once per report against the same inputs: index them once per epoch, keyed by the
// inputs' own array, so the index lives exactly as long as the epoch's inputs do.
const indexes = new WeakMap<readonly Challenge[], PeriodIndex>()

/**
 * The storage kind's proving periods among `challenges` (kind "storage", type "prove-possession"),
 * decoded. A challenge whose payload is not a ProvePossession is left out, so proofs naming it are
 * UNKNOWN_CHALLENGE.
 */
export function periodIndex(challenges: readonly Challenge[]): PeriodIndex {
  let index = indexes.get(challenges)
  if (index !== undefined) return index
  const byId = new Map<Hex, IssuedPeriod>()
  for (const challenge of challenges) {
    if (challenge.kind !== 'storage' || challenge.challengeType !== PROVE_POSSESSION_CHALLENGE_TYPE) continue
    try {
      byId.set(challenge.challengeId, { challenge, question: decodeProvePossession(challenge.payload) })
    } catch {}
  }
  index = byId
  indexes.set(challenges, index)
  return index
}
