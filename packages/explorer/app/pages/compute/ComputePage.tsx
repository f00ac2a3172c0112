import type { ComputeLeasesResponse, ComputeOrdersResponse, ComputeProvidersResponse } from '@pinion/oracle/api'
import { useState } from 'preact/hooks'
import { Card } from '../../components/Card.tsx'
import { Pager } from '../../components/Pager.tsx'
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx'
import { apiGet } from '../../lib/api.ts'
import { formatCount, formatTime } from '../../lib/format.ts'
import { useLiveVersion } from '../../lib/live.tsx'
import { useResource } from '../../lib/useResource.ts'
import { ComputeLeaseTable } from './ComputeLeaseTable.tsx'
import { ComputeOrderTable } from './ComputeOrderTable.tsx'
import { ComputeProviderTable } from './ComputeProviderTable.tsx'

const PAGE_SIZE = 25

/** The compute kind's section: its providers, the leases they run, and the orders and bids on ComputeMarket. */
export function ComputePage() {
  const version = useLiveVersion()
  const [providerPage, setProviderPage] = useState(0)
  const [leasePage, setLeasePage] = useState(0)
  const [orderPage, setOrderPage] = useState(0)
  const providers = useResource(
    `compute-providers-${providerPage}`,
    (signal) => apiGet<ComputeProvidersResponse>(`/v1/kinds/compute/providers?limit=${PAGE_SIZE}&offset=${providerPage * PAGE_SIZE}`, signal),
    version,
  )
  const leases = useResource(
    `compute-leases-${leasePage}`,
    (signal) => apiGet<ComputeLeasesResponse>(`/v1/kinds/compute/leases?limit=${PAGE_SIZE}&offset=${leasePage * PAGE_SIZE}`, signal),
    version,
  )
  const orders = useResource(
    `compute-orders-${orderPage}`,
    (signal) => apiGet<ComputeOrdersResponse>(`/v1/kinds/compute/orders?limit=${PAGE_SIZE}&offset=${orderPage * PAGE_SIZE}`, signal),
    version,
  )
  const pagesOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <div class="page">
      <header class="page-header">
        <h1>Compute</h1>
        <p class="lede">
          Customers order WebAssembly jobs on ComputeMarket; providers bid a price a second, and the winner's lease is paid from escrow as it runs, each accrual held for an
          approval window. Providers commit to each task's result before revealing it; every oracle re-executes a random sample, and a wrong, hidden or over-claimed result closes
          the lease and burns its collateral.
        </p>
      </header>
      <Card title={providers.data ? `${formatCount(providers.data.total)} providers` : 'Providers'} id="compute-providers-title">
        {providers.error ? <ErrorNotice error={providers.error} retry={providers.reload} /> : null}
        {providers.loading ? <Loading label="Loading providers…" /> : null}
        {providers.data && providers.data.providers.length === 0 ? <Empty>No provider has bid on an order yet.</Empty> : null}
        {providers.data && providers.data.providers.length > 0 ? (
          <>
            <ComputeProviderTable providers={providers.data.providers} />
            <p class="muted">
              Reputation as of epoch {providers.data.reputationEpoch ?? '—'}; tasks as the oracles accepted them, epoch by epoch; pay and collateral as ComputeMarket recorded them.
            </p>
            {providers.data.total > PAGE_SIZE ? <Pager label="Provider pages" page={providerPage} pages={pagesOf(providers.data.total)} onPage={setProviderPage} /> : null}
          </>
        ) : null}
      </Card>
      <Card title={leases.data ? `${formatCount(leases.data.total)} leases` : 'Leases'} id="compute-leases-title">
        {leases.error ? <ErrorNotice error={leases.error} retry={leases.reload} /> : null}
        {leases.loading ? <Loading label="Loading leases…" /> : null}
        {leases.data && leases.data.leases.length === 0 ? <Empty>No bid has been accepted yet.</Empty> : null}
        {leases.data && leases.data.leases.length > 0 ? (
          <>
            <ComputeLeaseTable leases={leases.data.leases} />
            <p class="muted">Money as of {formatTime(leases.data.asOfMs)}, the chain's time as the oracle knows it.</p>
            {leases.data.total > PAGE_SIZE ? <Pager label="Lease pages" page={leasePage} pages={pagesOf(leases.data.total)} onPage={setLeasePage} /> : null}
          </>
        ) : null}
      </Card>
      <Card title={orders.data ? `${formatCount(orders.data.total)} orders` : 'Orders'} id="compute-orders-title">
        {orders.error ? <ErrorNotice error={orders.error} retry={orders.reload} /> : null}
        {orders.loading ? <Loading label="Loading orders…" /> : null}
        {orders.data && orders.data.orders.length === 0 ? <Empty>No customer has posted an order yet.</Empty> : null}
        {orders.data && orders.data.orders.length > 0 ? (
          <>
            <ComputeOrderTable orders={orders.data.orders} />
            {orders.data.total > PAGE_SIZE ? <Pager label="Order pages" page={orderPage} pages={pagesOf(orders.data.total)} onPage={setOrderPage} /> : null}
          </>
        ) : null}
      </Card>
    </div>
  )
}
