/** Round axis ticks covering [min, max]: steps of 1, 2 or 5 × a power of ten. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1]
  if (min === max) {
    if (max === 0) return [0, 1]
    ;[min, max] = min > 0 ? [0, max] : [min, 0]
  }
  const rough = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power
  const first = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let tick = first; tick < max + step * 0.999; tick += step) ticks.push(Number(tick.toPrecision(12)))
  return ticks
}

/** A linear map from [d0, d1] to [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1
  return (value) => r0 + ((value - d0) / span) * (r1 - r0)
}

/** Which x labels to print so they never overlap: every k-th, always the last. */
export function labelEvery(count: number, width: number, labelWidth = 44): number {
  return Math.max(1, Math.ceil((count * labelWidth) / Math.max(width, 1)))
}
