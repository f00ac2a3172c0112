import type { CoverageCell } from '@pinion/oracle/api'

export type ColourMode = 'status' | 'earnings'

/** Status categories, worst last; the map legend lists them in this order. */
export const STATUS_COLOURS = [
  { key: 'all', label: 'All devices earning', colour: '#16a34a' },
  { key: 'some', label: 'Some devices earning', colour: '#d97706' },
  { key: 'none', label: 'No device earning', colour: '#dc2626' },
  { key: 'inactive', label: 'Suspended or retired', colour: '#94a3b8' },
] as const

export function statusOf(cell: CoverageCell): (typeof STATUS_COLOURS)[number] {
  const [all, some, none, inactive] = STATUS_COLOURS
  if (cell.active === 0) return inactive
  if (cell.earning >= cell.active) return all
  return cell.earning > 0 ? some : none
}

const LOW = [224, 231, 255] // indigo-100
const HIGH = [49, 46, 129] // indigo-900
export const NO_EARNINGS_COLOUR = '#e2e8f0'

/** Earnings on a log scale (a few big earners must not wash out everyone else). */
export function earningsColour(earned: bigint, max: bigint): string {
  if (earned <= 0n || max <= 0n) return NO_EARNINGS_COLOUR
  const t = Math.log1p(Number(earned / 10n ** 12n)) / Math.log1p(Number(max / 10n ** 12n) || 1)
  const mix = LOW.map((low, i) => Math.round(low + (HIGH[i]! - low) * Math.min(1, Math.max(0.15, t))))
  return `rgb(${mix.join(',')})`
}

export const EARNINGS_GRADIENT = `linear-gradient(90deg, rgb(${LOW.join(',')}), rgb(${HIGH.join(',')}))`
