import type { ComponentChildren } from 'preact'

/** A region still loading: announced to screen readers, with a skeleton so the layout holds. */
export function Loading({ label }: { label: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  )
}

/** A failure: what went wrong, the stable code to search for, and a way to try again. */
export function ErrorNotice({ error, retry, title = 'Something went wrong' }: { error: Error; retry?: () => void; title?: string }) {
  const code = (error as { code?: string }).code
  return (
    <div class="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{error.message}</p>
      {code ? <code class="error-code">{code}</code> : null}
      {retry ? (
        <button type="button" class="button button-secondary" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

/** Nothing to show yet, and why. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state state-empty">{children}</div>
}
