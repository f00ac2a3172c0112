/** One named line or bar stack of a chart, one value per x label. */
export type Series = {
  name: string
  color: string
  values: number[]
  /** Drawn dashed: tells apart lines that may lie on top of each other. */
  dashed?: boolean
}

/** Colours for series, distinguishable for common colour-vision deficiencies (Okabe–Ito based). */
export const PALETTE = ['#4f46e5', '#0891b2', '#d97706', '#16a34a', '#db2777', '#7c3aed', '#64748b']

/** The largest value the chart must show: the tallest stack, or the highest point. */
export function maxValue(series: readonly Series[], stacked: boolean): number {
  const length = Math.max(0, ...series.map((s) => s.values.length))
  let max = 0
  for (let i = 0; i < length; i++) {
    const values = series.map((s) => s.values[i] ?? 0)
    max = Math.max(max, stacked ? values.reduce((a, b) => a + b, 0) : Math.max(...values))
  }
  return max
}
