import { Chart } from '../charts/Chart.tsx'
import { PALETTE } from '../charts/series.ts'
import type { DeviceEpochRow } from '@pinion/oracle/api'
import { formatCompact, formatCount, tokensAsNumber } from '../lib/format.ts'
import { useNetwork } from '../lib/network.tsx'

/** A device over time: what it earned, and how many of its reports were valid, per epoch. */
export function DeviceCharts({ epochs }: { epochs: DeviceEpochRow[] }) {
  const { token } = useNetwork()
  const labels = epochs.map((e) => e.epoch)
  return (
    <div class="chart-grid">
      <div class="card chart-card">
        <Chart
          title="Reward per epoch"
          kind="bar"
          labels={labels}
          series={[{ name: 'reward', color: PALETTE[0]!, values: epochs.map((e) => tokensAsNumber(e.amount)) }]}
          format={(v) => `${v.toLocaleString('en', { maximumFractionDigits: 4 })} ${token.symbol}`}
          axisFormat={formatCompact}
        />
      </div>
      <div class="card chart-card">
        <Chart
          title="Reports per epoch"
          kind="bar"
          stacked
          labels={labels}
          series={[
            { name: 'valid', color: PALETTE[3]!, values: epochs.map((e) => e.validReports) },
            { name: 'invalid', color: '#dc2626', values: epochs.map((e) => e.invalidReports) },
          ]}
          format={(v) => formatCount(v)}
        />
      </div>
    </div>
  )
}
