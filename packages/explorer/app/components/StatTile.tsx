import type { ComponentChildren } from 'preact'

/** One headline figure: label, value and a line of context. */
export function StatTile({ label, value, detail, testId }: { label: string; value: ComponentChildren; detail?: ComponentChildren; testId?: string }) {
  return (
    <div class="stat" data-testid={testId}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
      {detail ? <div class="stat-detail">{detail}</div> : null}
    </div>
  )
}
