import type { ComponentChildren } from 'preact'

/** A titled panel; `id` names the heading so the section is a labelled region. */
export function Card({ title, id, actions, children, class: className }: { title: string; id: string; actions?: ComponentChildren; children: ComponentChildren; class?: string }) {
  return (
    <section class={`card ${className ?? ''}`} aria-labelledby={id}>
      <header class="card-header">
        <h2 id={id}>{title}</h2>
        {actions ? <div class="card-actions">{actions}</div> : null}
      </header>
      <div class="card-body">{children}</div>
    </section>
  )
}
