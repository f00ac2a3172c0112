import { type Proposal, waitingFor } from '@pinion/contracts/governance'
import { Amount } from '../components/Amount.tsx'
import { Badge } from '../components/Badge.tsx'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Empty } from '../components/States.tsx'
import { newestFirst, percent, quorumProgress, voteShares } from '../governance/governanceView.ts'
import { STATE_TONES } from '../governance/stateTones.ts'
import { formatTime } from '../lib/format.ts'

/** Every proposal, newest first: its calls in words, its state, its votes and quorum. */
export function ProposalList({ proposals, now }: { proposals: Proposal[]; now: bigint }) {
  return (
    <Card title="Proposals" id="proposals">
      <div data-testid="proposals">
        {proposals.length === 0 ? (
          <Empty>
            No proposal yet. Token holders delegate their votes (<code>pinion gov delegate</code>), then propose (<code>pinion gov propose</code>).
          </Empty>
        ) : (
          <ol class="proposals">
            {newestFirst(proposals).map((p) => (
              <ProposalItem key={p.id.toString()} proposal={p} now={now} />
            ))}
          </ol>
        )}
      </div>
    </Card>
  )
}

function ProposalItem({ proposal: p, now }: { proposal: Proposal; now: bigint }) {
  const id = p.id.toString()
  return (
    <li class="proposal" data-testid="proposal" data-state={p.state} data-proposal-id={id}>
      <div class="proposal-head">
        <h3 class="proposal-title" title={id}>
          Proposal {id.slice(0, 10)}…
        </h3>
        <Badge tone={STATE_TONES[p.state]}>{p.state}</Badge>
        <span class="proposal-waiting small muted" data-testid="proposal-waiting">
          {waitingFor(p, now)}
        </span>
      </div>
      <ol class="proposal-actions" data-testid="proposal-actions">
        {p.words.map((words, i) => (
          <li key={i}>{words}</li>
        ))}
      </ol>
      {p.descriptionMatches ? null : (
        <div class="proposal-mismatch" role="note" data-testid="proposal-description-mismatch">
          <strong>Its description does not say what its calls do.</strong> The calls above are what would run; the description reads:
          <pre class="hex-block">{p.description}</pre>
        </div>
      )}
      <VoteBar proposal={p} />
      <div class="small muted proposal-meta">
        proposed by <HexValue value={p.proposer} />
        {p.eta === null ? null : <> · executable from {formatTime(Number(p.eta) * 1000)}</>}
      </div>
    </li>
  )
}

/** For, against and abstain as one bar, the counts beside it, and how far the quorum is. */
function VoteBar({ proposal: p }: { proposal: Proposal }) {
  const shares = voteShares(p.votes)
  const sides = [
    { side: 'for', label: 'For', share: shares.for, amount: p.votes.for },
    { side: 'against', label: 'Against', share: shares.against, amount: p.votes.against },
    { side: 'abstain', label: 'Abstain', share: shares.abstain, amount: p.votes.abstain },
  ] as const
  const summary = shares.total === 0n ? 'No votes yet' : sides.map((s) => `${s.label} ${percent(s.share)}`).join(', ')
  return (
    <div class="votes">
      <div class="vote-bar" role="img" aria-label={summary} data-testid="vote-bar">
        {sides.map((s) =>
          s.share === 0 ? null : <span key={s.side} class={`vote-segment vote-${s.side}`} style={{ width: `${s.share / 100}%` }} data-testid={`vote-${s.side}`} />,
        )}
      </div>
      <ul class="vote-legend">
        {sides.map((s) => (
          <li key={s.side}>
            <span class={`legend-swatch vote-${s.side}`} aria-hidden="true" />
            {s.label} <Amount value={s.amount} digits={0} /> <span class="muted">({percent(s.share)})</span>
          </li>
        ))}
      </ul>
      <div class="quorum small" data-testid="proposal-quorum" data-reached={String(p.quorumReached)}>
        <span class="quorum-track" aria-hidden="true">
          <span class="quorum-fill" style={{ width: `${quorumProgress(p) / 100}%` }} />
        </span>
        {p.quorumReached ? 'Quorum reached' : 'Quorum not reached'}: <Amount value={p.quorum} digits={0} /> of for + abstain votes needed
        {p.quorumFinal ? '' : ' (at today’s supply; fixed at the snapshot)'}
      </div>
    </div>
  )
}
