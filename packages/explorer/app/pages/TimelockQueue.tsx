import { type Proposal, formatSeconds } from '@pinion/contracts/governance'
import { Card } from '../components/Card.tsx'
import { Empty } from '../components/States.tsx'
import { timelockQueue } from '../governance/governanceView.ts'

/** Passed proposals waiting out the timelock's delay, soonest first: the last moment to react (or for the guardian to cancel). */
export function TimelockQueue({ proposals, now, delay }: { proposals: Proposal[]; now: bigint; delay: bigint }) {
  const queue = timelockQueue(proposals, now)
  return (
    <Card title="Timelock queue" id="timelock-queue">
      <div data-testid="timelock-queue">
        {queue.length === 0 ? (
          <Empty>Nothing queued. A passed proposal waits here {formatSeconds(delay)} before anyone may execute it.</Empty>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Queued proposals</caption>
              <thead>
                <tr>
                  <th scope="col">Proposal</th>
                  <th scope="col">Does</th>
                  <th scope="col">Executable</th>
                </tr>
              </thead>
              <tbody>
                {queue.map(({ proposal, eta, secondsLeft }) => (
                  <tr key={proposal.id.toString()} data-testid="timelock-entry">
                    <td title={proposal.id.toString()}>{proposal.id.toString().slice(0, 10)}…</td>
                    <td class="wrap-anywhere">
                      {proposal.words[0] ?? ''}
                      {proposal.words.length > 1 ? <span class="muted"> and {proposal.words.length - 1} more</span> : null}
                    </td>
                    <td>
                      <span data-testid="timelock-eta">{secondsLeft === 0n ? 'now' : `in ${formatSeconds(secondsLeft)}`}</span>
                      <div class="small muted">{new Date(Number(eta) * 1000).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' })}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Card>
  )
}
