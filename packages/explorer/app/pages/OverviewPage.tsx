import { pinionTokenAbi } from '@pinion/contracts/generated'
import { Card } from '../components/Card.tsx'
import { EpochTable } from '../components/EpochTable.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { EmissionPoint, EmissionsResponse, EpochStats, EpochSummary, EpochsResponse, StatsResponse } from '@pinion/oracle/api'
import { useLiveVersion } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { useResource } from '../lib/useResource.ts'
import { LiveFigures } from './LiveFigures.tsx'
import { OverviewCharts } from './OverviewCharts.tsx'

const CHART_EPOCHS = 60

type OverviewData = { stats: EpochStats[]; emissions: EmissionPoint[]; epochs: EpochSummary[]; totalSupply: bigint }

export function OverviewPage() {
  const { client, status } = useNetwork()
  const version = useLiveVersion()
  const overview = useResource(
    'overview',
    async (signal): Promise<OverviewData> => {
      const [stats, emissions, epochs, totalSupply] = await Promise.all([
        apiGet<StatsResponse>(`/v1/stats?limit=${CHART_EPOCHS}`, signal),
        apiGet<EmissionsResponse>(`/v1/emissions?limit=${CHART_EPOCHS}`, signal),
        apiGet<EpochsResponse>('/v1/epochs?limit=8', signal),
        client.readContract({ address: status.contracts.token, abi: pinionTokenAbi, functionName: 'totalSupply' }),
      ])
      return { stats: stats.epochs, emissions: emissions.epochs, epochs: epochs.epochs, totalSupply }
    },
    version,
  )

  return (
    <div class="page">
      <header class="page-header">
        <h1>Overview</h1>
        <p class="lede">The network as its oracles and the chain see it, updated live.</p>
      </header>
      <LiveFigures totalSupply={overview.data?.totalSupply} emission={overview.data?.emissions.at(-1)?.emission} />
      {overview.error ? <ErrorNotice error={overview.error} retry={overview.reload} /> : null}
      {overview.loading ? <Loading label="Loading network history…" /> : null}
      {overview.data ? <OverviewCharts stats={overview.data.stats} emissions={overview.data.emissions} /> : null}
      <Card title="Latest epochs" id="latest-epochs" actions={<Link href="/epochs">All epochs</Link>}>
        {overview.data === undefined ? null : overview.data.epochs.length === 0 ? (
          <Empty>No epoch has been computed yet. Epochs last {status.schedule.epochDuration} s; each is computed once its late reports are in.</Empty>
        ) : (
          <EpochTable epochs={overview.data.epochs} caption="Latest epochs" />
        )}
      </Card>
    </div>
  )
}
