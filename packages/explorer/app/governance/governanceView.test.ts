import { type GovernanceAction, type Proposal, type ProposalState, decodeCall, describeActions, encodeAction } from '@pinion/contracts/governance'
import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { STATE_TONES } from './stateTones.ts'
import { latestUrls, newestFirst, paramsView, percent, quorumProgress, timelockQueue, voteShares } from './governanceView.ts'

const contracts = {
  distributor: '0x1000000000000000000000000000000000000001',
  registry: '0x2000000000000000000000000000000000000002',
  params: '0x3000000000000000000000000000000000000003',
  timelock: '0x4000000000000000000000000000000000000004',
} as const
const A = getAddress('0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
const B = getAddress('0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')

function proposal(overrides: Partial<Proposal> & { id: bigint }): Proposal {
  return {
    proposer: A,
    description: '',
    descriptionHash: '0x',
    calls: [],
    actions: [],
    words: [],
    descriptionMatches: true,
    state: 'pending',
    voteStart: 0n,
    voteEnd: 0n,
    eta: null,
    votes: { for: 0n, against: 0n, abstain: 0n },
    quorum: 0n,
    quorumFinal: true,
    quorumReached: false,
    createdBlock: 1n,
    createdTransaction: '0x',
    executedTransaction: null,
    ...overrides,
  }
}

describe('the Governance page’s data', () => {
  it('shows a proposal’s calls in the CLI’s words, decoded from its calldata', () => {
    const actions: GovernanceAction[] = [
      { action: 'replace-oracle', oracle: A, replacement: B },
      { action: 'schedule-params', name: 'kind/wireless', hash: `0x${'12'.repeat(32)}`, fromEpoch: 1_200n },
    ]
    const decoded = actions.map((a) => decodeCall(encodeAction(a, contracts), contracts))
    expect(describeActions(decoded)).toEqual([`replace oracle ${A} with ${B}`, `wireless parameters → hash 0x${'12'.repeat(32)}, from epoch 1,200`])
  })

  it('gives every state a badge tone, bad for the ones that will never run', () => {
    const states: ProposalState[] = ['pending', 'active', 'canceled', 'defeated', 'succeeded', 'queued', 'expired', 'executed']
    expect(states.map((s) => STATE_TONES[s])).toEqual(['neutral', 'info', 'bad', 'bad', 'good', 'warn', 'neutral', 'good'])
  })

  it('splits the vote bar into shares that fill it exactly', () => {
    expect(voteShares({ for: 0n, against: 0n, abstain: 0n })).toEqual({ for: 0, against: 0, abstain: 0, total: 0n })
    expect(voteShares({ for: 3n, against: 1n, abstain: 0n })).toEqual({ for: 7_500, against: 2_500, abstain: 0, total: 4n })
    // Thirds: 3,333 each and the remainder to one side, so the segments add up to 10,000.
    const thirds = voteShares({ for: 1n, against: 1n, abstain: 1n })
    expect(thirds.for + thirds.against + thirds.abstain).toBe(10_000)
    expect([thirds.for, thirds.against, thirds.abstain].sort()).toEqual([3_333, 3_333, 3_334])
    const big = voteShares({ for: 100_000n * 10n ** 18n, against: 7n, abstain: 0n })
    expect(big).toMatchObject({ for: 10_000, against: 0, abstain: 0 })
    expect(percent(7_500)).toBe('75 %')
    expect(percent(3_333)).toBe('33.3 %')
  })

  it('counts for and abstain votes toward the quorum, capped at full', () => {
    expect(quorumProgress({ votes: { for: 1n, against: 100n, abstain: 1n }, quorum: 4n })).toBe(5_000)
    expect(quorumProgress({ votes: { for: 10n, against: 0n, abstain: 0n }, quorum: 4n })).toBe(10_000)
    expect(quorumProgress({ votes: { for: 0n, against: 0n, abstain: 0n }, quorum: 0n })).toBe(10_000)
  })

  it('lists proposals newest first and the timelock queue soonest first', () => {
    const old = proposal({ id: 1n, createdBlock: 10n, state: 'queued', eta: 500n })
    const recent = proposal({ id: 2n, createdBlock: 20n, state: 'queued', eta: 400n })
    const done = proposal({ id: 3n, createdBlock: 30n, state: 'executed', eta: 300n })
    expect(newestFirst([old, recent, done]).map((p) => p.id)).toEqual([3n, 2n, 1n])
    expect(timelockQueue([old, recent, done], 450n).map(({ proposal: p, secondsLeft }) => [p.id, secondsLeft])).toEqual([
      [2n, 0n],
      [1n, 50n],
    ])
  })

  it('takes each oracle’s latest announced URL', () => {
    const urls = latestUrls([
      { oracle: A, url: 'http://old.example' },
      { oracle: B, url: 'http://b.example' },
      { oracle: A, url: 'http://new.example' },
    ])
    expect(urls.get(A.toLowerCase())).toBe('http://new.example')
    expect(urls.get(B.toLowerCase())).toBe('http://b.example')
  })

  it('tells the parameters in force from the scheduled ones', () => {
    const h = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const
    const view = paramsView(
      new Map([
        [
          'kind/uptime',
          [
            { hash: h(1), fromEpoch: 0n },
            { hash: h(2), fromEpoch: 5n },
            { hash: h(3), fromEpoch: 9n },
          ],
        ],
        ['pools', [{ hash: h(4), fromEpoch: 0n }]],
      ]),
      5n,
    )
    expect(view).toEqual([
      { name: 'kind/uptime', label: 'uptime parameters', inForce: { hash: h(2), fromEpoch: 5n }, scheduled: [{ hash: h(3), fromEpoch: 9n }] },
      { name: 'pools', label: 'pool weights', inForce: { hash: h(4), fromEpoch: 0n }, scheduled: [] },
    ])
  })
})
