import type { ComputeTask } from '@pinion/oracle/api'
import { Fragment } from 'preact'
import { Badge } from '../../components/Badge.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { formatCount } from '../../lib/format.ts'
import { paths } from '../../lib/router.ts'

/**
 * A lease's tasks and how each was verified: the epochs its result was committed to and revealed
 * in, the fuel its provider claimed, and the outcome — accepted (not drawn), re-executed by every
 * oracle and agreed, or rejected with the kind's reason in words. The table-periods class gives it
 * the storage periods' phone layout: the reason leaves its column for a line of its own.
 */
export function LeaseTaskTable({ tasks }: { tasks: readonly ComputeTask[] }) {
  return (
    <div class="table-scroll">
      <table class="table table-periods" data-testid="lease-tasks">
        <caption class="visually-hidden">Tasks and their verification</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Task
            </th>
            <th scope="col">Verification</th>
            <th scope="col">Why</th>
            <th scope="col">Committed, revealed</th>
            <th scope="col" class="num" title="Fuel the provider claimed for the run: its work units">
              Fuel
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <Fragment key={t.task}>
              <tr class="row-period">
                <td class="num">{t.task}</td>
                <td>
                  <Verification task={t} />
                </td>
                <td class="period-why">
                  <Why task={t} />
                </td>
                <td>
                  <Epochs task={t} />
                </td>
                <td class="num">{t.reveals[0] === undefined ? <span class="muted">—</span> : formatCount(Number(t.reveals[0].fuelUsed))}</td>
              </tr>
              {t.verification === 'rejected' ? (
                <tr class="row-reasons">
                  <td colSpan={5}>
                    <Why task={t} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Verification({ task }: { task: ComputeTask }) {
  switch (task.verification) {
    case 'agreed':
      return <Badge tone="good">re-executed, agreed</Badge>
    case 'accepted':
      return <Badge tone="info">accepted, not drawn</Badge>
    case 'committed':
      return <Badge tone="neutral">committed, not revealed</Badge>
    case 'rejected':
      return <Badge tone="bad">{task.drawn ? 're-executed, rejected' : 'rejected'}</Badge>
  }
}

function Why({ task }: { task: ComputeTask }) {
  if (task.reason === null) return <span class="muted">—</span>
  return (
    <span class="period-reason">
      <code class="reason-code">{task.reason}</code> <span class="reason-text">{task.reasonText}</span>
    </span>
  )
}

/** The epochs of the task's first commitment and reveal, each linking to its epoch, the report id in its title. */
function Epochs({ task }: { task: ComputeTask }) {
  const commit = task.commits[0]
  const reveal = task.reveals[0]
  const extra = task.commits.length + task.reveals.length - (commit ? 1 : 0) - (reveal ? 1 : 0)
  return (
    <span>
      {commit ? (
        <span title={`commit ${commit.reportId}`}>
          <Link href={paths.epoch(commit.epoch)}>{commit.epoch}</Link>
        </span>
      ) : (
        <span class="muted">—</span>
      )}
      {' → '}
      {reveal ? (
        <span title={`reveal ${reveal.reportId}`}>
          <Link href={paths.epoch(reveal.epoch)}>{reveal.epoch}</Link>
        </span>
      ) : (
        <span class="muted">not yet</span>
      )}
      {extra > 0 ? <span class="muted"> (+{extra} more)</span> : null}
      {reveal ? (
        <div class="muted">
          result <HexValue value={reveal.resultHash} />
        </div>
      ) : null}
    </span>
  )
}
