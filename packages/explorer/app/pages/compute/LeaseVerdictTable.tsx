import type { ComputeLeaseVerdict } from '@pinion/oracle/api'
import { Fragment } from 'preact'
import { Amount } from '../../components/Amount.tsx'
import { Badge } from '../../components/Badge.tsx'
import { Link } from '../../components/Link.tsx'
import { paths } from '../../lib/router.ts'

/** A lease's verdicts, epoch by epoch: the oracles' (verified or the fault's reason, in words), and what ComputeMarket recorded. */
export function LeaseVerdictTable({ verdicts, over }: { verdicts: readonly ComputeLeaseVerdict[]; over: boolean }) {
  return (
    <div class="table-scroll">
      <table class="table table-periods" data-testid="lease-verdicts">
        <caption class="visually-hidden">Verdicts</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Verdict</th>
            <th scope="col">Why</th>
            <th scope="col" class="num">
              On chain
            </th>
          </tr>
        </thead>
        <tbody>
          {verdicts.map((v) => (
            <Fragment key={v.epoch}>
              <tr class="row-period">
                <td>
                  <Link href={paths.epoch(v.epoch)}>{v.epoch}</Link>
                </td>
                <td>{v.fault === 0 ? <Badge tone="good">verified</Badge> : <Badge tone="bad">fault</Badge>}</td>
                <td class="period-why">
                  <Why verdict={v} />
                </td>
                <td class="num">
                  <OnChain verdict={v} over={over} />
                </td>
              </tr>
              {v.fault === 0 ? null : (
                <tr class="row-reasons">
                  <td colSpan={4}>
                    <Why verdict={v} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Why({ verdict }: { verdict: ComputeLeaseVerdict }) {
  if (verdict.fault === 0) return <span class="muted">—</span>
  if (verdict.reason === null) return <span class="muted">fault code {verdict.fault}</span>
  return (
    <span class="period-reason">
      <code class="reason-code">{verdict.reason}</code> <span class="reason-text">{verdict.reasonText}</span>
    </span>
  )
}

function OnChain({ verdict, over }: { verdict: ComputeLeaseVerdict; over: boolean }) {
  const recorded = verdict.onChain
  if (recorded === null) return <span class="muted">{over ? 'not recorded: lease over' : 'pending'}</span>
  if (recorded.outcome === 'verified') return <span>verified</span>
  if (recorded.outcome === 'skipped') return <span class="muted">skipped: lease over</span>
  return (
    <span data-testid="verdict-fault">
      <Amount value={recorded.slashed} digits={2} /> burnt, <Amount value={recorded.refunded} digits={2} /> refunded
    </span>
  )
}
