import type { ComponentChildren } from 'preact'

/** A list of labelled facts (a <dl>), two columns on wide screens. */
export function Facts({ items }: { items: [label: string, value: ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([label, value]) => (
        <div class="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
