import type { Series } from './series.ts'

type Scale = (value: number) => number

/** Lines with a soft area under the first series, and dots where there are few points. */
export function LineMarks({ series, x, y }: { series: Series[]; x: Scale; y: Scale }) {
  return (
    <g>
      {series.map((s, index) => {
        const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
        const baseline = y(0).toFixed(1)
        return (
          <g key={s.name}>
            {index === 0 && points.length > 1 ? (
              <path class="area" d={`M${x(0).toFixed(1)},${baseline}L${points.join('L')}L${x(s.values.length - 1).toFixed(1)},${baseline}Z`} fill={s.color} />
            ) : null}
            <path class="line" d={`M${points.join('L')}`} stroke={s.color} stroke-dasharray={s.dashed ? '6 4' : undefined} />
            {s.values.length <= 24 ? s.values.map((v, i) => <circle key={i} class="dot" cx={x(i)} cy={y(v)} r={2.5} fill={s.color} />) : null}
          </g>
        )
      })}
    </g>
  )
}

/** Bars per x position: stacked, or side by side within the band. */
export function BarMarks({ series, x, y, band, stacked }: { series: Series[]; x: Scale; y: Scale; band: number; stacked: boolean }) {
  const barWidth = Math.max(1, Math.min(band * 0.7, 48))
  const length = Math.max(0, ...series.map((s) => s.values.length))
  const bars = []
  for (let i = 0; i < length; i++) {
    let base = 0
    for (const [k, s] of series.entries()) {
      const value = s.values[i] ?? 0
      if (value <= 0) continue
      const width = stacked ? barWidth : barWidth / series.length
      const left = x(i) - barWidth / 2 + (stacked ? 0 : k * width)
      const top = y(stacked ? base + value : value)
      const bottom = y(stacked ? base : 0)
      bars.push(<rect key={`${i}-${s.name}`} x={left} y={top} width={Math.max(width - (stacked ? 0 : 1), 1)} height={Math.max(bottom - top, 0.5)} fill={s.color} rx={1.5} />)
      if (stacked) base += value
    }
  }
  return <g>{bars}</g>
}
