import type { StorageDealDetail } from '@pinion/oracle/api'
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
import { formatBytes } from '../../lib/formatBytes.ts'
import { useLiveVersion } from '../../lib/live.tsx'
import { paths } from '../../lib/router.ts'
import { useResource } from '../../lib/useResource.ts'
import { DealPeriodTable } from './DealPeriodTable.tsx'
import { DealStateBadge } from './DealStateBadge.tsx'

const PERIODS_PER_PAGE = 50

/** One storage deal: its terms and what StorageMarket holds, its pieces, and its proving periods epoch by epoch. */
export function StorageDealPage({ dealId }: { dealId: string }) {
  const version = useLiveVersion()
  const [page, setPage] = useState(0)
  // Another page of periods is fetched like a live update: the page shown stays until it arrives.
  const data = useResource(
    `storage-deal-${dealId}`,
    (signal) => apiGet<StorageDealDetail>(`/v1/kinds/storage/deals/${encodeURIComponent(dealId)}?limit=${PERIODS_PER_PAGE}&offset=${page * PERIODS_PER_PAGE}`, signal),
    `${version}/${page}`,
  )
  if (data.error) {
    return (
      <div class="page">
        <h1>Deal</h1>
        <ErrorNotice error={data.error} retry={data.reload} title="This deal cannot be shown" />
      </div>
    )
  }
  if (data.data === undefined) return <Loading label="Loading the deal…" />
  const deal = data.data
  const periodsProven = deal.periodsRecorded - deal.faults

  return (
    <div class="page">
      <header class="page-header">
        <h1>
          Deal #{deal.dealId} <DealStateBadge state={deal.state} />
        </h1>
        <p class="lede" data-testid="deal-summary">
          {formatBytes(deal.bytes)} in {formatCount(deal.pieces.length)} piece{deal.pieces.length === 1 ? '' : 's'}, at <Amount value={deal.pricePerPeriod} /> a period for{' '}
          {formatCount(deal.periods)} periods: {formatCount(deal.periodsRecorded)} recorded on chain, {formatCount(periodsProven)} proven and {formatCount(deal.faults)} faulted.
        </p>
      </header>
      <Card title="Terms" id="deal-terms">
        <Facts
          items={[
            [
              'Provider',
              <>
                <Link href={paths.device(deal.deviceId)} aria-label={`Device ${deal.deviceId}`}>
                  <HexValue value={deal.deviceId} />
                </Link>
                {deal.provider === null ? (
                  <span class="muted"> (not accepted yet)</span>
                ) : (
                  <>
                    {' '}
                    <span class="muted">operated by</span>{' '}
                    <Link href={paths.recipient(deal.provider)}>
                      <HexValue value={deal.provider} />
                    </Link>
                  </>
                )}
              </>,
            ],
            [
              'Customer',
              <Link href={paths.recipient(deal.customer)}>
                <HexValue value={deal.customer} />
              </Link>,
            ],
            ['Price a period', <Amount value={deal.pricePerPeriod} />],
            ['Periods', `${formatCount(deal.periodsRecorded)} of ${formatCount(deal.periods)} recorded`],
            ['Escrow left', <Amount value={deal.escrowLeft} />],
            [
              'Collateral left',
              <>
                <Amount value={deal.collateralLeft} /> <span class="muted">of</span> <Amount value={deal.collateral} />
              </>,
            ],
            [
              'A fault costs',
              <>
                <Amount value={deal.faultFee} />
                <span class="muted">; {formatCount(deal.maxConsecutiveFaults)} in a row terminate it</span>
              </>,
            ],
            ['Accepted', deal.acceptedAtMs === null ? <span class="muted">not yet</span> : formatTime(deal.acceptedAtMs)],
            ...(deal.termination === null
              ? []
              : ([
                  [
                    'Terminated',
                    <span data-testid="deal-termination">
                      after epoch <Link href={paths.epoch(deal.termination.epoch)}>{deal.termination.epoch}</Link>: <Amount value={deal.termination.refunded} /> refunded to the
                      customer, <Amount value={deal.termination.slashed} /> of collateral burnt
                    </span>,
                  ],
                ] as [string, ComponentChildren][])),
          ]}
        />
      </Card>
      <Card title={`Pieces: ${formatBytes(deal.bytes)}`} id="deal-pieces">
        <div class="table-scroll">
          <table class="table" data-testid="deal-pieces">
            <caption class="visually-hidden">Pieces</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">PDP root</th>
                <th scope="col" class="num">
                  Tree height
                </th>
                <th scope="col" class="num">
                  Leaves
                </th>
                <th scope="col" class="num">
                  Bytes
                </th>
              </tr>
            </thead>
            <tbody>
              {deal.pieces.map((piece, index) => (
                <tr key={piece.root}>
                  <td class="num">{index}</td>
                  <td>
                    <HexValue value={piece.root} />
                  </td>
                  <td class="num">{piece.height}</td>
                  <td class="num">{formatCount(Number(piece.leafCount))}</td>
                  <td class="num">{formatBytes(BigInt(piece.leafCount) * 32n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title="Proving periods" id="deal-periods-title">
        {deal.provingPeriods.length === 0 ? (
          <Empty>{deal.provider === null ? 'The provider has not accepted the deal: it owes no proofs yet.' : 'No epoch has judged a period of this deal yet.'}</Empty>
        ) : (
          <>
            <DealPeriodTable periods={deal.provingPeriods} state={deal.state} />
            {deal.provingPeriodsTotal > PERIODS_PER_PAGE ? (
              <Pager label="Period pages" page={page} pages={Math.ceil(deal.provingPeriodsTotal / PERIODS_PER_PAGE)} onPage={setPage} />
            ) : null}
          </>
        )}
      </Card>
    </div>
  )
}
