import type { StorageDealsResponse, StorageProvidersResponse } from '@pinion/oracle/api'
import { useState } from 'preact/hooks'
import { Card } from '../../components/Card.tsx'
import { Pager } from '../../components/Pager.tsx'
import { Empty, ErrorNotice, Loading } from '../../components/States.tsx'
import { apiGet } from '../../lib/api.ts'
import { formatCount } from '../../lib/format.ts'
import { useLiveVersion } from '../../lib/live.tsx'
import { useResource } from '../../lib/useResource.ts'
import { StorageDealTable } from './StorageDealTable.tsx'
import { StorageProviderTable } from './StorageProviderTable.tsx'

const PAGE_SIZE = 25

/** The storage kind's section: its providers and the deals customers made with them on StorageMarket. */
export function StoragePage() {
  const version = useLiveVersion()
  const [providerPage, setProviderPage] = useState(0)
  const [dealPage, setDealPage] = useState(0)
  const providers = useResource(
    `storage-providers-${providerPage}`,
    (signal) => apiGet<StorageProvidersResponse>(`/v1/kinds/storage/providers?limit=${PAGE_SIZE}&offset=${providerPage * PAGE_SIZE}`, signal),
    version,
  )
  const deals = useResource(
    `storage-deals-${dealPage}`,
    (signal) => apiGet<StorageDealsResponse>(`/v1/kinds/storage/deals?limit=${PAGE_SIZE}&offset=${dealPage * PAGE_SIZE}`, signal),
    version,
  )
  const pagesOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <div class="page">
      <header class="page-header">
        <h1>Storage</h1>
        <p class="lede">
          Providers keep customers' files under deals on StorageMarket and prove it every epoch with Merkle proofs of leaves the chain draws. Each proven period releases its price
          from the deal's escrow; a fault burns a fee from the provider's collateral.
        </p>
      </header>
      <Card title={providers.data ? `${formatCount(providers.data.total)} providers` : 'Providers'} id="storage-providers-title">
        {providers.error ? <ErrorNotice error={providers.error} retry={providers.reload} /> : null}
        {providers.loading ? <Loading label="Loading providers…" /> : null}
        {providers.data && providers.data.providers.length === 0 ? <Empty>No deal has been made with a provider yet.</Empty> : null}
        {providers.data && providers.data.providers.length > 0 ? (
          <>
            <StorageProviderTable providers={providers.data.providers} />
            <p class="muted">
              Reputation as of epoch {providers.data.reputationEpoch ?? '—'}; periods, pay and fees as StorageMarket recorded them once each epoch's root was committed.
            </p>
            {providers.data.total > PAGE_SIZE ? <Pager label="Provider pages" page={providerPage} pages={pagesOf(providers.data.total)} onPage={setProviderPage} /> : null}
          </>
        ) : null}
      </Card>
      <Card title={deals.data ? `${formatCount(deals.data.total)} deals` : 'Deals'} id="storage-deals-title">
        {deals.error ? <ErrorNotice error={deals.error} retry={deals.reload} /> : null}
        {deals.loading ? <Loading label="Loading deals…" /> : null}
        {deals.data && deals.data.deals.length === 0 ? <Empty>No customer has proposed a deal yet.</Empty> : null}
        {deals.data && deals.data.deals.length > 0 ? (
          <>
            <StorageDealTable deals={deals.data.deals} />
            {deals.data.total > PAGE_SIZE ? <Pager label="Deal pages" page={dealPage} pages={pagesOf(deals.data.total)} onPage={setDealPage} /> : null}
          </>
        ) : null}
      </Card>
    </div>
  )
}
