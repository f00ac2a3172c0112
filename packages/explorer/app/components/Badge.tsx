import type { ComponentChildren } from 'preact'

export type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info'

export function Badge({ tone, children }: { tone: Tone; children: ComponentChildren }) {
  return <span class={`badge badge-${tone}`}>{children}</span>
}
