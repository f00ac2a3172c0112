/**
 * A dependency-free SVG line-chart writer: small multiples (a grid of charts) in one SVG, each with
 * axes, ticks, grid lines, a legend and optional vertical markers. Deterministic: the same figure
 * gives the same bytes (coordinates are written with one decimal, ticks are computed without
 * logarithms).
 */

type LineSeries = {
  label: string
  /** Any SVG colour. */
  color: string
  /** One value per x, x = 0, 1, 2…; all series of a chart have the same length. */
  values: readonly number[]
  dashed?: boolean
}

/** A vertical line at `x` with a label, e.g. a halving. */
export type Marker = { x: number; label: string }

export type LineChart = {
  title: string
  xLabel: string
  yLabel: string
  series: readonly LineSeries[]
  /** Stretch the y axis to include 0 (for flows that can go negative). */
  includeZero?: boolean
  markers?: readonly Marker[]
}

export type Figure = {
  title: string
  subtitle?: string
  /** A line under the grid, e.g. the command that drew the figure. */
  footnote?: string
  /** Charts per row; they fill the grid row by row. */
  columns: number
  chartWidth: number
  chartHeight: number
  charts: readonly LineChart[]
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
/** The figure's title and subtitle above the grid. */
const HEADER_HEIGHT = 58
/** The footnote's line under the grid. */
const FOOTER_HEIGHT = 28
/** Room around each chart's plot area: title and legend above, tick labels left and below. */
const MARGIN = { left: 66, right: 18, top: 58, bottom: 46 } as const
/** A rough width of one character of the 12 px legend font, to lay the legend out without measuring text. */
const LEGEND_CHAR_WIDTH = 6.8

/** `text` safe inside an SVG element or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** A coordinate with one decimal, without "-0.0". */
const coordinate = (value: number): string => {
  const text = value.toFixed(1)
  return text === '-0.0' ? '0.0' : text
}

/**
 * A "nice" tick step for `range` split into about `target` intervals: 1, 2, 2.5 or 5 times a power
 * of ten, found by multiplying and dividing by ten (no logarithms, so the same on every platform).
 */
export function niceStep(range: number, target = 5): number {
  if (!(range > 0) || !Number.isFinite(range)) throw new RangeError(`range is ${range}, expected a positive finite number`)
  const raw = range / target
  let power = 1
  while (power * 10 <= raw) power *= 10
  while (power > raw) power /= 10
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= raw) return factor * power
  return 10 * power
}

/** Ticks covering `[min, max]`: multiples of niceStep from the one at or below `min` to the one at or above `max`. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(max >= min)) throw new RangeError(`ticks from ${min} to ${max}: expected min <= max`)
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) / 10
    return niceTicks(min - pad, max + pad, target)
  }
  const step = niceStep(max - min, target)
  const first = Math.floor(min / step)
  const last = Math.ceil(max / step)
  const ticks: number[] = []
  // 12 significant digits drop the binary noise of a decimal step (14 × 0.2 = 2.8000000000000003).
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)))
  return ticks
}

/** A tick label: 12k, 1.5M, −3.25k, 0.5 (a real minus sign; at most two decimals). */
export function formatTick(value: number): string {
  const magnitude = Math.abs(value)
  const [scaled, suffix] = magnitude >= 1e9 ? [magnitude / 1e9, 'B'] : magnitude >= 1e6 ? [magnitude / 1e6, 'M'] : magnitude >= 1e3 ? [magnitude / 1e3, 'k'] : [magnitude, '']
  const text = `${Number(scaled.toFixed(2))}${suffix}`
  return value < 0 && text !== '0' ? `−${text}` : text
}

/**
 * The points of `values` to draw in `buckets` columns: all of them when they fit, otherwise each
 * column's lowest and highest (in their order), so that the line keeps its envelope.
 */
export function decimate(values: readonly number[], buckets: number): { index: number; value: number }[] {
  if (values.length <= 2 * buckets) return values.map((value, index) => ({ index, value }))
  const points: { index: number; value: number }[] = []
  for (let bucket = 0; bucket < buckets; bucket++) {
    const from = Math.floor((bucket * values.length) / buckets)
    const to = Math.floor(((bucket + 1) * values.length) / buckets)
    let [low, high] = [from, from]
    for (let i = from; i < to; i++) {
      if (values[i]! < values[low]!) low = i
      if (values[i]! > values[high]!) high = i
    }
    for (const index of low === high ? [low] : [Math.min(low, high), Math.max(low, high)]) points.push({ index, value: values[index]! })
  }
  return points
}

/** `points` without the inner points of runs at the same height: a flat stretch needs only its ends. */
export function flatRunsDropped<T extends readonly [string, string]>(points: readonly T[]): T[] {
  return points.filter((point, i) => i === 0 || i === points.length - 1 || point[1] !== points[i - 1]![1] || point[1] !== points[i + 1]![1])
}

/** One chart, drawn with its top-left corner at (`left`, `top`). */
function chartSvg(chart: LineChart, left: number, top: number, width: number, height: number): string {
  const length = chart.series[0]?.values.length ?? 0
  if (length === 0) throw new RangeError(`chart "${chart.title}" has no values`)
  for (const series of chart.series) {
    if (series.values.length !== length) throw new RangeError(`chart "${chart.title}": series "${series.label}" has ${series.values.length} values, expected ${length}`)
    if (series.values.some((v) => !Number.isFinite(v))) throw new RangeError(`chart "${chart.title}": series "${series.label}" has a value that is not a finite number`)
  }
  let [low, high] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
  for (const series of chart.series) for (const value of series.values) [low, high] = [Math.min(low, value), Math.max(high, value)]
  if (chart.includeZero) [low, high] = [Math.min(low, 0), Math.max(high, 0)]
  const yTicks = niceTicks(low, high)
  const [yMin, yMax] = [yTicks[0]!, yTicks[yTicks.length - 1]!]
  const xMax = Math.max(1, length - 1)
  // x is an index: only whole ticks mean anything.
  const xTicks = niceTicks(0, xMax, 6).filter((t) => t <= xMax && Number.isInteger(t))

  const plot = { left: left + MARGIN.left, top: top + MARGIN.top, width: width - MARGIN.left - MARGIN.right, height: height - MARGIN.top - MARGIN.bottom }
  const xOf = (x: number) => plot.left + (x / xMax) * plot.width
  const yOf = (y: number) => plot.top + plot.height - ((y - yMin) / (yMax - yMin)) * plot.height
  const bottom = plot.top + plot.height
  const out: string[] = []

  out.push(`<g class="chart">`)
  out.push(`<text x="${coordinate(left + MARGIN.left)}" y="${coordinate(top + 20)}" font-size="15" font-weight="600">${escapeXml(chart.title)}</text>`)
  // Legend, on one line under the title.
  let legendX = left + MARGIN.left
  const legendY = top + 40
  for (const series of chart.series) {
    out.push(
      `<line x1="${coordinate(legendX)}" y1="${coordinate(legendY - 4)}" x2="${coordinate(legendX + 18)}" y2="${coordinate(legendY - 4)}" stroke="${series.color}" stroke-width="2.5"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    )
    out.push(`<text x="${coordinate(legendX + 23)}" y="${coordinate(legendY)}" font-size="12">${escapeXml(series.label)}</text>`)
    legendX += 23 + series.label.length * LEGEND_CHAR_WIDTH + 16
  }
  // Grid and y ticks.
  for (const tick of yTicks) {
    const y = coordinate(yOf(tick))
    out.push(`<line x1="${coordinate(plot.left)}" y1="${y}" x2="${coordinate(plot.left + plot.width)}" y2="${y}" stroke="${tick === 0 ? '#888' : '#e4e4e4'}" stroke-width="1"/>`)
    out.push(`<text x="${coordinate(plot.left - 6)}" y="${y}" font-size="12" text-anchor="end" dominant-baseline="middle" fill="#444">${formatTick(tick)}</text>`)
  }
  // x ticks.
  for (const tick of xTicks) {
    const x = coordinate(xOf(tick))
    out.push(`<line x1="${x}" y1="${coordinate(bottom)}" x2="${x}" y2="${coordinate(bottom + 5)}" stroke="#444" stroke-width="1"/>`)
    out.push(`<text x="${x}" y="${coordinate(bottom + 18)}" font-size="12" text-anchor="middle" fill="#444">${tick.toLocaleString('en')}</text>`)
  }
  // Markers, behind the lines.
  for (const marker of chart.markers ?? []) {
    if (marker.x < 0 || marker.x > xMax) continue
    const x = coordinate(xOf(marker.x))
    out.push(`<line x1="${x}" y1="${coordinate(plot.top)}" x2="${x}" y2="${coordinate(bottom)}" stroke="#999" stroke-width="1" stroke-dasharray="3 3"/>`)
    out.push(`<text x="${coordinate(xOf(marker.x) + 4)}" y="${coordinate(plot.top + 12)}" font-size="11" fill="#666">${escapeXml(marker.label)}</text>`)
  }
  // Axes.
  out.push(`<line x1="${coordinate(plot.left)}" y1="${coordinate(plot.top)}" x2="${coordinate(plot.left)}" y2="${coordinate(bottom)}" stroke="#444" stroke-width="1"/>`)
  out.push(`<line x1="${coordinate(plot.left)}" y1="${coordinate(bottom)}" x2="${coordinate(plot.left + plot.width)}" y2="${coordinate(bottom)}" stroke="#444" stroke-width="1"/>`)
  out.push(`<text x="${coordinate(plot.left + plot.width / 2)}" y="${coordinate(bottom + 38)}" font-size="12" text-anchor="middle">${escapeXml(chart.xLabel)}</text>`)
  const yLabelX = coordinate(left + 14)
  const yLabelY = coordinate(plot.top + plot.height / 2)
  out.push(`<text x="${yLabelX}" y="${yLabelY}" font-size="12" text-anchor="middle" transform="rotate(-90 ${yLabelX} ${yLabelY})">${escapeXml(chart.yLabel)}</text>`)
  // Lines.
  for (const series of chart.series) {
    const points = flatRunsDropped(decimate(series.values, Math.max(1, Math.round(plot.width))).map((p) => [coordinate(xOf(p.index)), coordinate(yOf(p.value))] as const))
      .map(([x, y]) => `${x},${y}`)
      .join(' ')
    out.push(
      `<polyline class="series" data-label="${escapeXml(series.label)}" fill="none" stroke="${series.color}" stroke-width="1.6" stroke-linejoin="round"${series.dashed ? ' stroke-dasharray="6 4"' : ''} points="${points}"/>`,
    )
  }
  out.push('</g>')
  return out.join('\n')
}

/** The figure as a standalone SVG document. */
export function figureSvg(figure: Figure): string {
  if (!Number.isInteger(figure.columns) || figure.columns < 1) throw new RangeError(`columns is ${figure.columns}, expected a whole number of 1 or more`)
  const rows = Math.ceil(figure.charts.length / figure.columns)
  const width = figure.columns * figure.chartWidth
  const height = HEADER_HEIGHT + rows * figure.chartHeight + (figure.footnote === undefined ? 0 : FOOTER_HEIGHT)
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" role="img">`,
    `<title>${escapeXml(figure.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="18" font-weight="700">${escapeXml(figure.title)}</text>`,
  ]
  if (figure.subtitle !== undefined) out.push(`<text x="16" y="46" font-size="12" fill="#444">${escapeXml(figure.subtitle)}</text>`)
  figure.charts.forEach((chart, i) => {
    const column = i % figure.columns
    const row = Math.floor(i / figure.columns)
    out.push(chartSvg(chart, column * figure.chartWidth, HEADER_HEIGHT + row * figure.chartHeight, figure.chartWidth, figure.chartHeight))
  })
  if (figure.footnote !== undefined) out.push(`<text x="16" y="${height - 12}" font-size="12" fill="#444">${escapeXml(figure.footnote)}</text>`)
  out.push('</svg>', '')
  return out.join('\n')
}
