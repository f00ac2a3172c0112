import { useId, useState } from 'preact/hooks'
import { Legend } from './Legend.tsx'
import { BarMarks, LineMarks } from './marks.tsx'
import { labelEvery, linear, niceTicks } from './scale.ts'
import { type Series, maxValue } from './series.ts'
import { useWidth } from './useWidth.ts'

export type ChartProps = {
  title: string
  /** One label per x position (epochs, usually). */
  labels: string[]
  series: Series[]
  kind: 'line' | 'bar'
  /** Bars stacked per x position (pool sizes), rather than side by side. */
  stacked?: boolean
  format: (value: number) => string
  /** Short axis format; `format` when absent. */
  axisFormat?: (value: number) => string
  xLabel?: string
  height?: number
  empty?: string
}

const MARGIN = { top: 10, right: 14, bottom: 30, left: 56 }

/** A line or bar chart in SVG at the container's real width, with a hover read-out and a text summary. */
export function Chart({ title, labels, series, kind, stacked = false, format, axisFormat = format, xLabel = 'epoch', height = 200, empty }: ChartProps) {
  const id = useId()
  const [ref, width] = useWidth<HTMLDivElement>()
  const [hover, setHover] = useState<number>()
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 20)
  const innerHeight = height - MARGIN.top - MARGIN.bottom
  const ticks = niceTicks(0, maxValue(series, stacked))
  const y = linear(0, ticks.at(-1) ?? 1, innerHeight, 0)
  const band = innerWidth / Math.max(labels.length, 1)
  const x = (i: number) => (kind === 'bar' || labels.length <= 1 ? band * (i + 0.5) : (i * innerWidth) / (labels.length - 1))
  const every = labelEvery(labels.length, innerWidth)
  const last = labels.length - 1
  const summary =
    labels.length === 0
      ? `${title}: no data yet`
      : `${title}, ${xLabel} ${labels[0]} to ${labels[last]}. Latest: ${series.map((s) => `${s.name} ${format(s.values[last] ?? 0)}`).join(', ')}.`

  const onPointerMove = (event: PointerEvent) => {
    const bounds = (event.currentTarget as SVGElement).getBoundingClientRect()
    const local = event.clientX - bounds.left - MARGIN.left
    const index = kind === 'bar' || labels.length <= 1 ? Math.floor(local / band) : Math.round((local / innerWidth) * last)
    setHover(index >= 0 && index <= last ? index : undefined)
  }

  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="chart-title">
        {title}
      </figcaption>
      {series.length > 1 ? <Legend series={series} /> : null}
      <div class="chart-frame" ref={ref} style={{ height: `${height}px` }}>
        {labels.length === 0 ? (
          <div class="chart-empty">{empty ?? 'No epochs computed yet.'}</div>
        ) : (
          <svg width={width} height={height} role="img" aria-label={summary} onPointerMove={onPointerMove} onPointerLeave={() => setHover(undefined)}>
            <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
              {ticks.map((tick) => (
                <g key={tick} transform={`translate(0,${y(tick)})`}>
                  <line class="grid" x1={0} x2={innerWidth} />
                  <text class="tick" x={-8} dy="0.32em" text-anchor="end">
                    {axisFormat(tick)}
                  </text>
                </g>
              ))}
              {labels.map((label, i) =>
                i % every === 0 || i === last ? (
                  <text key={label} class="tick" x={x(i)} y={innerHeight + 18} text-anchor="middle">
                    {label}
                  </text>
                ) : null,
              )}
              {kind === 'bar' ? <BarMarks series={series} x={x} y={y} band={band} stacked={stacked} /> : <LineMarks series={series} x={x} y={y} />}
              {hover !== undefined ? <line class="hover-line" x1={x(hover)} x2={x(hover)} y1={0} y2={innerHeight} /> : null}
            </g>
          </svg>
        )}
        {hover !== undefined ? (
          <div class="chart-tooltip" style={{ left: `${Math.min(MARGIN.left + x(hover), width - 150)}px` }} aria-hidden="true">
            <div class="chart-tooltip-title">
              {xLabel} {labels[hover]}
            </div>
            {series.map((s) => (
              <div key={s.name}>
                <span class="legend-swatch" style={{ background: s.color }} /> {s.name}: <strong>{format(s.values[hover] ?? 0)}</strong>
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </figure>
  )
}
