import type { StorageDealDetail, StoragePeriod } from '@pinion/oracle/api'
import { Fragment } from 'preact'
import { Amount } from '../../components/Amount.tsx'
import { Badge } from '../../components/Badge.tsx'
import { Link } from '../../components/Link.tsx'
import { paths } from '../../lib/router.ts'

/**
 * A deal's proving periods, epoch by epoch: whether the oracles found it proven, why a fault was
 * one (the kind's reason, in words), and what StorageMarket did with it once settled on chain.
 */
export function DealPeriodTable({ periods, state }: { periods: readonly StoragePeriod[]; state: StorageDealDetail['state'] }) {
  return (
    <div class="table-scroll">
      <table class="table table-periods" data-testid="deal-periods">
        <caption class="visually-hidden">Proving periods</caption>
        <thead>
          <tr>
            <th scope="col">Epoch</th>
            <th scope="col">Proof</th>
            <th scope="col">Why</th>
            <th scope="col" class="num">
              On chain
            </th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <Fragment key={p.epoch}>
              <tr class="row-period">
                <td>
                  <Link href={paths.epoch(p.epoch)}>{p.epoch}</Link>
                </td>
                <td>{p.proven ? <Badge tone="good">proven</Badge> : <Badge tone="bad">faulted</Badge>}</td>
                <td class="period-why">
                  <Why period={p} />
                </td>
                <td class="num">
                  <Settlement period={p} over={state !== 'active' && state !== 'proposed'} />
                </td>
              </tr>
              {/* On a phone the reason leaves its column for a line of its own, across the screen (styles.css). */}
              {p.proven ? null : (
                <tr class="row-reasons">
                  <td colSpan={4}>
                    <Why period={p} />
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

/** Why a period is what it is: nothing to say for a proven one; a fault's reason code and words. */
function Why({ period }: { period: StoragePeriod }) {
  if (period.proven) return <span class="muted">—</span>
  if (period.reason === null) return <span class="muted">not known to this oracle</span>
  return (
    <span class="period-reason">
      <code class="reason-code">{period.reason}</code> <span class="reason-text">{period.reasonText}</span>
    </span>
  )
}

/** StorageMarket's record of the period: paid from escrow, or a fee burnt; not yet (its root is not committed), or never (the deal had ended). */
function Settlement({ period, over }: { period: StoragePeriod; over: boolean }) {
  const { settlement } = period
  if (settlement === null) return <span class="muted">{over ? 'not recorded: deal over' : 'pending'}</span>
  if (settlement.proven) {
    return (
      <span data-testid="period-paid">
        paid <Amount value={settlement.paid} digits={2} />
      </span>
    )
  }
  return (
    <span data-testid="period-fee">
      fee burnt <Amount value={settlement.fee} digits={2} />
    </span>
  )
}
