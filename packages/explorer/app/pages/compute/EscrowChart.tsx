import type { ComputeEscrowPoint } from '@pinion/oracle/api'
import { Chart } from '../../charts/Chart.tsx'
import { PALETTE } from '../../charts/series.ts'
import { formatCompact, tokensAsNumber } from '../../lib/format.ts'
import { useNetwork } from '../../lib/network.tsx'

/** "12:00:05": a point's time of day, its label on the chart (the tooltip names the event). */
const timeOf = (ms: string) => new Date(Number(ms)).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })

/**
 * A lease's escrow over time, a point per event of the lease: what is left to accrue of what the
 * deposit covers, and what accrued and is held for the approval window, not paid out yet.
 */
export function EscrowChart({ points }: { points: readonly ComputeEscrowPoint[] }) {
  const { token } = useNetwork()
  return (
    <div class="chart-card" data-testid="escrow-chart">
      <Chart
        title="Escrow over time"
        kind="line"
        xLabel="at"
        labels={points.map((p) => `${timeOf(p.timeMs)} ${p.event}`)}
        series={[
          { name: 'left to accrue', color: PALETTE[0]!, values: points.map((p) => tokensAsNumber(p.escrowLeft)) },
          { name: 'held, unpaid', color: PALETTE[2]!, values: points.map((p) => tokensAsNumber(p.held)), dashed: true },
          { name: 'paid', color: PALETTE[3]!, values: points.map((p) => tokensAsNumber(p.paid)) },
        ]}
        format={(v) => `${v.toLocaleString('en', { maximumFractionDigits: 6 })} ${token.symbol}`}
        axisFormat={formatCompact}
        empty="The lease has no events yet."
      />
    </div>
  )
}
