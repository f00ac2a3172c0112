import type { ComputeLeaseDetail } from '@pinion/oracle/api'
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { Amount } from '../../components/Amount.tsx'
import { Card } from '../../components/Card.tsx'
import { Facts } from '../../components/Facts.tsx'
import { HexValue } from '../../components/HexValue.tsx'
import { Link } from '../../components/Link.tsx'
import { Pager } from '../../components/Pager.tsx'
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx'
import { apiGet } from '../../lib/api.ts'
import { formatCount, formatTime } from '../../lib/format.ts'
import { useLiveVersion } from '../../lib/live.tsx'
import { paths } from '../../lib/router.ts'
import { useResource } from '../../lib/useResource.ts'
import { formatDuration } from './duration.ts'
import { EscrowChart } from './EscrowChart.tsx'
import { LeaseTaskTable } from './LeaseTaskTable.tsx'
import { LeaseVerdictTable } from './LeaseVerdictTable.tsx'
import { LeaseStateBadge } from './MarketBadges.tsx'

const VERDICTS_PER_PAGE = 50

const CLOSED_BY: Record<NonNullable<ComputeLeaseDetail['closeReason']>, string> = {
  customer: 'closed by its customer',
  provider: 'closed by its provider',
  'time-up': 'its duration was up',
  depleted: 'its deposit was spent',
  fault: 'closed for a fault',
}

/** One compute lease: its terms and money, its escrow over time, its tasks with their verification, and its verdicts epoch by epoch. */
export function ComputeLeasePage({ leaseId }: { leaseId: string }) {
  const version = useLiveVersion()
  const [page, setPage] = useState(0)
  const data = useResource(
    `compute-lease-${leaseId}`,
    (signal) => apiGet<ComputeLeaseDetail>(`/v1/kinds/compute/leases/${encodeURIComponent(leaseId)}?limit=${VERDICTS_PER_PAGE}&offset=${page * VERDICTS_PER_PAGE}`, signal),
    `${version}/${page}`,
  )
  if (data.error) {
    return (
      <div class="page">
        <h1>Lease</h1>
        <ErrorNotice error={data.error} retry={data.reload} title="This lease cannot be shown" />
      </div>
    )
  }
  if (data.data === undefined) return <Loading label="Loading the lease…" />
  const lease = data.data
  const over = lease.state === 'finalized' || lease.state === 'faulted' || lease.state === 'no-show'
  const reexecuted = lease.tasks.filter((t) => t.drawn === true).length
  const rejected = lease.tasks.filter((t) => t.verification === 'rejected').length

  return (
    <div class="page">
      <header class="page-header">
        <h1>
          Lease #{lease.leaseId} <LeaseStateBadge state={lease.state} />
        </h1>
        <p class="lede" data-testid="lease-summary">
          <Amount value={lease.pricePerSecond} digits={6} /> a second for {formatDuration(lease.durationSeconds)}: <Amount value={lease.accrued} digits={4} /> accrued,{' '}
          <Amount value={lease.paid} digits={4} /> paid. {formatCount(lease.tasks.length)} task{lease.tasks.length === 1 ? '' : 's'} reported, {formatCount(reexecuted)} re-executed
          by the oracles, {formatCount(rejected)} rejected.
        </p>
      </header>
      <Card title="Terms" id="lease-terms">
        <Facts
          items={[
            [
              'Provider',
              <>
                <Link href={paths.device(lease.deviceId)} aria-label={`Device ${lease.deviceId}`}>
                  <HexValue value={lease.deviceId} />
                </Link>{' '}
                <span class="muted">operated by</span>{' '}
                <Link href={paths.recipient(lease.provider)}>
                  <HexValue value={lease.provider} />
                </Link>
              </>,
            ],
            [
              'Customer',
              <Link href={paths.recipient(lease.customer)}>
                <HexValue value={lease.customer} />
              </Link>,
            ],
            ['Order', `#${lease.orderId} (bid #${lease.bidId})`],
            ['Job (spec hash)', <HexValue value={lease.specHash} />],
            ['Price a second', <Amount value={lease.pricePerSecond} digits={6} />],
            ['Deposit', <Amount value={lease.deposit} />],
            ['Started', lease.startedAtMs === null ? <span class="muted">not yet</span> : formatTime(lease.startedAtMs)],
            [
              over || lease.state === 'closed' ? 'Stopped' : 'Ends',
              lease.endsAtMs === null ? (
                <span class="muted">—</span>
              ) : (
                <>
                  {formatTime(lease.endsAtMs)}
                  {lease.closeReason === null ? null : <span class="muted"> ({CLOSED_BY[lease.closeReason]})</span>}
                </>
              ),
            ],
            [
              'Approval window',
              `${formatDuration(lease.approvalWindowSeconds, '0 s')}${lease.approvedUntilMs === null ? '' : `; approved up to ${formatTime(lease.approvedUntilMs)}`}`,
            ],
            [
              'Escrow left',
              <>
                <Amount value={lease.escrowLeft} /> <span class="muted">· releasable now</span> <Amount value={lease.releasable} />
              </>,
            ],
            ['Collateral locked', <Amount value={lease.collateralLocked} />],
            ...(lease.fault === null
              ? []
              : ([
                  [
                    'Fault',
                    <span data-testid="lease-fault">
                      in epoch <Link href={paths.epoch(lease.fault.epoch)}>{lease.fault.epoch}</Link>:{' '}
                      {lease.fault.reason === null ? `code ${lease.fault.code}` : <code class="reason-code">{lease.fault.reason}</code>}{' '}
                      <span class="reason-text">{lease.fault.reasonText}</span> <Amount value={lease.fault.refunded} /> refunded to the customer,{' '}
                      <Amount value={lease.fault.slashed} /> of collateral burnt.
                    </span>,
                  ],
                ] as [string, ComponentChildren][])),
          ]}
        />
        <p class="muted">As of {formatTime(lease.asOfMs)}, the chain's time as the oracle knows it.</p>
      </Card>
      <Card title="Escrow" id="lease-escrow">
        <EscrowChart points={lease.escrow} />
      </Card>
      <Card title={`Tasks: ${formatCount(lease.tasks.length)}`} id="lease-tasks-title">
        {lease.tasks.length === 0 ? <Empty>Its provider has reported no task of this lease yet.</Empty> : <LeaseTaskTable tasks={lease.tasks} />}
      </Card>
      <Card title="Verdicts" id="lease-verdicts-title">
        {lease.verdicts.length === 0 ? (
          <Empty>No epoch has judged this lease yet.</Empty>
        ) : (
          <>
            <LeaseVerdictTable verdicts={lease.verdicts} over={over} />
            {lease.verdictsTotal > VERDICTS_PER_PAGE ? (
              <Pager label="Verdict pages" page={page} pages={Math.ceil(lease.verdictsTotal / VERDICTS_PER_PAGE)} onPage={setPage} />
            ) : null}
          </>
        )}
      </Card>
    </div>
  )
}
