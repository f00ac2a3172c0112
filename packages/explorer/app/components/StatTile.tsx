import type { ComponentChildren } from 'preact'
import { FitContext, useFit } from './fit.ts'

/**
 * One headline figure: label, value and a line of context. The value stays on one line and shrinks,
 * then abbreviates (an Amount's exact value in its title), until it fits the tile at any width.
 */
export function StatTile({ label, value, detail, testId }: { label: string; value: ComponentChildren; detail?: ComponentChildren; testId?: string }) {
  const { ref, level } = useFit<HTMLDivElement>(value)
  return (
    <div class="stat" data-testid={testId}>
      <div class="stat-label">{label}</div>
      <div class="stat-value" ref={ref} data-fit={level}>
        <FitContext.Provider value={level}>{value}</FitContext.Provider>
      </div>
      {detail ? <div class="stat-detail">{detail}</div> : null}
    </div>
  )
}
