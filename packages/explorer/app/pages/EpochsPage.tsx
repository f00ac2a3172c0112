import { Card } from '../components/Card.tsx'
import { EpochTable } from '../components/EpochTable.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { EpochsResponse } from '@pinion/oracle/api'
import { useLiveVersion } from '../lib/live.tsx'
import { useResource } from '../lib/useResource.ts'

export function EpochsPage() {
  const version = useLiveVersion()
  const epochs = useResource('epochs', (signal) => apiGet<EpochsResponse>('/v1/epochs?limit=200', signal), version)
  return (
    <div class="page">
      <header class="page-header">
        <h1>Epochs</h1>
        <p class="lede">Each epoch's reports, emission and reward root; open one to see its pools and signatures and to verify its root.</p>
      </header>
      <Card title="Computed epochs" id="epochs-list">
        {epochs.error ? <ErrorNotice error={epochs.error} retry={epochs.reload} /> : null}
        {epochs.loading ? <Loading label="Loading epochs…" /> : null}
        {epochs.data && epochs.data.epochs.length === 0 ? <Empty>No epoch has been computed yet.</Empty> : null}
        {epochs.data && epochs.data.epochs.length > 0 ? <EpochTable epochs={epochs.data.epochs} caption="Computed epochs" /> : null}
      </Card>
    </div>
  )
}
