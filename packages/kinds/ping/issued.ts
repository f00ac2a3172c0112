import type { Hex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import { PING_CHALLENGE_TYPE, decodePing, pongAnswer } from './payload.ts'

/** A ping challenge of the epoch and the one answer that counts for it. */
type IssuedPing = { challenge: Challenge; answer: Hex }

/** The epoch's ping challenges by id, and how many each device was issued. */
export type PingIndex = { byId: ReadonlyMap<Hex, IssuedPing>; issuedTo: ReadonlyMap<Hex, number> }

// verify runs once per report against the same inputs: index them once per epoch, not once per report.
// Keyed by the inputs' own array, so the index lives exactly as long as the epoch's inputs do.
const indexes = new WeakMap<readonly Challenge[], PingIndex>()

/**
 * The ping challenges among `challenges` (kind "ping", type "ping"), with their expected answers.
 * A challenge whose payload is not a Ping is left out, so answers to it are UNKNOWN_CHALLENGE.
 */
export function pingIndex(challenges: readonly Challenge[]): PingIndex {
  let index = indexes.get(challenges)
  if (index !== undefined) return index
  const byId = new Map<Hex, IssuedPing>()
  const issuedTo = new Map<Hex, number>()
  for (const challenge of challenges) {
    if (challenge.kind !== 'ping' || challenge.challengeType !== PING_CHALLENGE_TYPE) continue
    let nonce: Hex
    try {
      nonce = decodePing(challenge.payload)
    } catch {
      continue
    }
    byId.set(challenge.challengeId, { challenge, answer: pongAnswer(nonce, challenge.deviceId) })
    issuedTo.set(challenge.deviceId, (issuedTo.get(challenge.deviceId) ?? 0) + 1)
  }
  index = { byId, issuedTo }
  indexes.set(challenges, index)
  return index
}
