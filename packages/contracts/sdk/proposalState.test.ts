import { describe, expect, it } from 'vitest'
import { type ProposalTiming, formatSeconds, proposalStateOf, waitingFor } from './proposalState.ts'

const timing = (overrides: Partial<ProposalTiming>): ProposalTiming => ({
  state: 'pending',
  voteStart: 1_001n,
  voteEnd: 1_021n,
  eta: null,
  quorumReached: false,
  votes: { for: 0n, against: 0n, abstain: 0n },
  ...overrides,
})

describe('proposal state', () => {
  it("numbers states as OpenZeppelin's IGovernor does", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(proposalStateOf)).toEqual(['pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed'])
    expect(() => proposalStateOf(8)).toThrow(/proposal state 8/)
  })

  it('says what a proposal waits for, in chain seconds, by the Governor’s rules', () => {
    // Pending through the snapshot second itself; voting opens the second after.
    expect(waitingFor(timing({}), 1_000n)).toBe('voting opens in 2 s')
    expect(waitingFor(timing({ state: 'active' }), 1_002n)).toBe('voting ends in 20 s')
    expect(waitingFor(timing({ state: 'succeeded' }), 1_030n)).toBe('passed, ready to queue in the timelock')
    expect(waitingFor(timing({ state: 'queued', eta: 1_040n }), 1_032n)).toBe('timelock: executable in 8 s')
    expect(waitingFor(timing({ state: 'queued', eta: 1_040n }), 1_040n)).toBe('timelock: executable now')
    expect(waitingFor(timing({ state: 'defeated' }), 1_030n)).toBe('quorum not reached')
    expect(waitingFor(timing({ state: 'defeated', quorumReached: true, votes: { for: 1n, against: 2n, abstain: 0n } }), 1_030n)).toBe('more votes against (2) than for (1)')
    expect(waitingFor(timing({ state: 'executed' }), 1_050n)).toBe('its calls ran')
  })

  it('formats waits in at most two units, rounded up', () => {
    expect(formatSeconds(0n)).toBe('0 s')
    expect(formatSeconds(-5)).toBe('0 s')
    expect(formatSeconds(119)).toBe('119 s')
    expect(formatSeconds(121)).toBe('3 min')
    expect(formatSeconds(7_200)).toBe('2 h')
    expect(formatSeconds(7_201)).toBe('2 h 1 min')
    expect(formatSeconds(2 * 86_400)).toBe('2 d')
    expect(formatSeconds(7 * 86_400 - 1)).toBe('7 d')
    expect(formatSeconds(2 * 86_400 + 3_601)).toBe('2 d 2 h')
  })
})
