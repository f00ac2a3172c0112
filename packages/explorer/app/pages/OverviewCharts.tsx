import { Chart } from '../charts/Chart.tsx'
import { PALETTE } from '../charts/series.ts'
import type { EmissionPoint, EpochStats } from '@pinion/oracle/api'
import { formatCompact, formatCount, tokensAsNumber } from '../lib/format.ts'
import { useNetwork } from '../lib/network.tsx'

/** The overview's four charts: devices, supply, emission and pools, per epoch. */
export function OverviewCharts({ stats, emissions }: { stats: EpochStats[]; emissions: EmissionPoint[] }) {
  const { token } = useNetwork()
  const tokens = (value: number) => `${value.toLocaleString('en', { maximumFractionDigits: 2 })} ${token.symbol}`
  const epochs = emissions.map((e) => e.epoch)
  const paidByEpoch = new Map(stats.map((s) => [s.epoch, s.paidDevices]))
  const pools = [...new Set(stats.flatMap((s) => Object.keys(s.pools)))].sort()

  return (
    <div class="chart-grid">
      <div class="card chart-card">
        <Chart
          title="Devices online per epoch"
          kind="line"
          labels={epochs}
          series={[
            { name: 'with a valid report', color: PALETTE[0]!, values: emissions.map((e) => e.reportingDevices) },
            { name: 'earning', color: PALETTE[3]!, values: epochs.map((epoch) => paidByEpoch.get(epoch) ?? 0) },
          ]}
          format={(v) => formatCount(v)}
        />
      </div>
      <div class="card chart-card">
        <Chart
          title="Token supply minted and rewards earned"
          kind="line"
          labels={epochs}
          series={[
            { name: 'minted by emissions, to date', color: PALETTE[0]!, values: emissions.map((e) => tokensAsNumber(e.emitted)) },
            { name: 'earned by recipients, to date', color: PALETTE[1]!, dashed: true, values: emissions.map((e) => tokensAsNumber(e.totalCumulative)) },
          ]}
          format={tokens}
          axisFormat={formatCompact}
        />
      </div>
      <div class="card chart-card">
        <Chart
          title="Emission per epoch"
          kind="bar"
          labels={epochs}
          series={[{ name: 'emission', color: PALETTE[2]!, values: emissions.map((e) => tokensAsNumber(e.emission)) }]}
          format={tokens}
          axisFormat={formatCompact}
        />
      </div>
      <div class="card chart-card">
        <Chart
          title="Pool sizes per epoch"
          kind="bar"
          stacked
          labels={stats.map((s) => s.epoch)}
          series={pools.map((pool, i) => ({ name: pool, color: PALETTE[i % PALETTE.length]!, values: stats.map((s) => tokensAsNumber(s.pools[pool] ?? '0')) }))}
          format={tokens}
          axisFormat={formatCompact}
        />
      </div>
    </div>
  )
}
