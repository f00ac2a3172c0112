import { pinionTokenAbi } from '@pinion/contracts/generated'
import { Amount } from '../components/Amount.tsx'
import { Card } from '../components/Card.tsx'
import { EpochTable } from '../components/EpochTable.tsx'
import { Link } from '../components/Link.tsx'
import { StatTile } from '../components/StatTile.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { apiGet } from '../lib/api.ts'
import type { EmissionPoint, EpochStats, EpochSummary } from '../lib/apiTypes.ts'
import { formatAgo, formatCount } from '../lib/format.ts'
import { useLive } from '../lib/live.tsx'
import { useNetwork } from '../lib/network.tsx'
import { useResource } from '../lib/useResource.ts'
import { OverviewCharts } from './OverviewCharts.tsx'

const CHART_EPOCHS = 60

type OverviewData = { stats: EpochStats[]; emissions: EmissionPoint[]; epochs: EpochSummary[]; totalSupply: bigint }

export function OverviewPage() {
  const { client, status, token } = useNetwork()
  const live = useLive()
  const overview = useResource(
    'overview',
    async (signal): Promise<OverviewData> => {
      const [stats, emissions, epochs, totalSupply] = await Promise.all([
        apiGet<{ epochs: EpochStats[] }>(`/v1/stats?limit=${CHART_EPOCHS}`, signal),
        apiGet<{ epochs: EmissionPoint[] }>(`/v1/emissions?limit=${CHART_EPOCHS}`, signal),
        apiGet<{ epochs: EpochSummary[] }>('/v1/epochs?limit=8', signal),
        client.readContract({ address: status.contracts.token, abi: pinionTokenAbi, functionName: 'totalSupply' }),
      ])
      return { stats: stats.epochs, emissions: emissions.epochs, epochs: epochs.epochs, totalSupply }
    },
    live.version,
  )
  const snapshot = live.snapshot
  const committed = snapshot?.latestCommittedEpoch ?? status.latestCommittedEpoch
  const latestEmission = overview.data?.emissions.at(-1)

  return (
    <div class="page">
      <header class="page-header">
        <h1>Overview</h1>
        <p class="lede">The network as its oracles and the chain see it, updated live.</p>
      </header>
      <div class="stats" aria-label="Network figures">
        <StatTile
          testId="stat-online"
          label="Devices online"
          value={snapshot ? formatCount(snapshot.onlineDevices) : '…'}
          detail={snapshot ? `of ${formatCount(snapshot.devices)} registered, reporting in the last epoch length` : 'waiting for live data'}
        />
        <StatTile
          testId="stat-committed"
          label="Epochs committed"
          value={committed === null ? '0' : formatCount(Number(committed) + 1)}
          detail={committed === null ? 'no root on chain yet' : `latest root: epoch ${committed}`}
        />
        <StatTile
          testId="stat-supply"
          label="Token supply"
          value={overview.data ? <Amount value={overview.data.totalSupply} digits={0} /> : '…'}
          detail={latestEmission ? <>emitting <Amount value={latestEmission.emission} digits={0} /> per epoch</> : `${token.symbol} minted by the emission schedule`}
        />
        <StatTile
          testId="stat-reports"
          label="Reports accepted"
          value={snapshot ? formatCount(snapshot.reports) : '…'}
          detail={snapshot?.lastReportMs ? `last ${formatAgo(snapshot.lastReportMs)}` : 'none yet'}
        />
      </div>
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

