/**
 * A Governor proposal's lifecycle in words: the states OpenZeppelin's Governor numbers, and what a
 * proposal waits for next, counted in the token's clock (seconds: Pinion's token uses timestamps).
 * Browser-safe (the explorer imports it).
 */

/** OpenZeppelin `IGovernor.ProposalState`, in its order. */
export const PROPOSAL_STATES = ['pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed'] as const
export type ProposalState = (typeof PROPOSAL_STATES)[number]

/** `castVote`'s support values (GovernorCountingSimple). */
export const VOTE_SUPPORT = { against: 0, for: 1, abstain: 2 } as const
export type VoteSupport = keyof typeof VOTE_SUPPORT

export function proposalStateOf(index: number): ProposalState {
  const state = PROPOSAL_STATES[index]
  if (state === undefined) throw new RangeError(`proposal state ${index} is not one of OpenZeppelin's 0–${PROPOSAL_STATES.length - 1}`)
  return state
}

/** What a proposal's timing says, in the Governor's own rules. */
export type ProposalTiming = {
  state: ProposalState
  /** The snapshot: votes are counted as of this second; voting opens the second after. */
  voteStart: bigint
  /** The deadline: the last second of the vote. */
  voteEnd: bigint
  /** When a queued proposal becomes executable (unix seconds), or null before it is queued. */
  eta: bigint | null
  quorumReached: boolean
  votes: { for: bigint; against: bigint; abstain: bigint }
}

/**
 * What the proposal waits for, or what became of it, as of chain time `now`, in words that follow
 * its state ("pending: voting opens in 2 s", "queued: timelock: executable in 8 s", "defeated:
 * quorum not reached").
 */
export function waitingFor(p: ProposalTiming, now: bigint): string {
  switch (p.state) {
    case 'pending':
      // Governor: pending while snapshot >= now, active from the second after the snapshot.
      return `voting opens in ${formatSeconds(p.voteStart + 1n - now)}`
    case 'active':
      return `voting ends in ${formatSeconds(p.voteEnd + 1n - now)}`
    case 'succeeded':
      return 'passed, ready to queue in the timelock'
    case 'queued':
      return p.eta === null || p.eta <= now ? 'timelock: executable now' : `timelock: executable in ${formatSeconds(p.eta - now)}`
    case 'defeated':
      return p.quorumReached ? `more votes against (${p.votes.against}) than for (${p.votes.for})` : 'quorum not reached'
    case 'canceled':
      return 'it will never run'
    case 'expired':
      return 'it was not executed in time'
    case 'executed':
      return 'its calls ran'
  }
}

/** "8 s", "5 min", "3 h 20 min", "2 d 4 h": at most two units, rounded up so a wait is never understated. */
export function formatSeconds(seconds: bigint | number): string {
  const s = BigInt(seconds) < 0n ? 0n : BigInt(seconds)
  if (s < 120n) return `${s} s`
  if (s < 7_200n) return `${ceilDiv(s, 60n)} min`
  if (s < 2n * 86_400n) return twoUnits(s, 3_600n, 'h', 60n, 'min')
  return twoUnits(s, 86_400n, 'd', 3_600n, 'h')
}

function twoUnits(s: bigint, big: bigint, bigName: string, small: bigint, smallName: string): string {
  let bigCount = s / big
  let smallCount = ceilDiv(s % big, small)
  if (smallCount * small >= big) {
    bigCount += 1n
    smallCount = 0n
  }
  return smallCount === 0n ? `${bigCount} ${bigName}` : `${bigCount} ${bigName} ${smallCount} ${smallName}`
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b
