import { type Proposal, formatSeconds } from '@pinion/contracts/governance'
import { Card } from '../components/Card.tsx'
import { Empty } from '../components/States.tsx'
import { timelockQueue } from '../governance/governanceView.ts'
import { formatTime } from '../lib/format.ts'

/** Passed proposals waiting out the timelock's delay, soonest first: the last moment to react (or for the guardian to cancel). */
export function TimelockQueue({ proposals, now, delay }: { proposals: Proposal[]; now: bigint; delay: bigint }) {
  const queue = timelockQueue(proposals, now)
  return (
    <Card title="Timelock queue" id="timelock-queue">
      <div data-testid="timelock-queue">
        {queue.length === 0 ? (
          <Empty>Nothing queued. A passed proposal waits here {formatSeconds(delay)} before anyone may execute it.</Empty>
        ) : (
          <ol class="timelock-list">
            {queue.map(({ proposal, eta, secondsLeft }) => (
              <li key={proposal.id.toString()} data-testid="timelock-entry" data-proposal-id={proposal.id.toString()}>
                <div class="timelock-head">
                  <strong title={proposal.id.toString()}>Proposal {proposal.id.toString().slice(0, 10)}…</strong>
                  <span data-testid="timelock-eta">{secondsLeft === 0n ? 'executable now' : `executable in ${formatSeconds(secondsLeft)}`}</span>
                  <span class="small muted">{formatTime(Number(eta) * 1000)}</span>
                </div>
                <ol class="proposal-actions">
                  {proposal.words.map((words, i) => (
                    <li key={i}>{words}</li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Card>
  )
}
