import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

export type Resource<T> = {
  data: T | undefined
  error: Error | undefined
  /** True until the first answer for this identity (not while refreshing data already shown). */
  loading: boolean
  reload(): void
}

/**
 * Loads data for a page. `identity` names what is shown (a device id, an epoch): when it changes
 * the old data goes. `refresh` changes when the network moved (a new epoch): the data is fetched
 * again while the old stays on screen, so live updates never flash a spinner.
 */
export function useResource<T>(identity: string, load: (signal: AbortSignal) => Promise<T>, refresh?: unknown): Resource<T> {
  const [state, setState] = useState<{ identity: string; data?: T; error?: Error }>({ identity })
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    const controller = new AbortController()
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ identity, data })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        // A failed refresh keeps the data already shown; only a first load shows the error.
        setState((previous) =>
          previous.identity === identity && previous.data !== undefined ? previous : { identity, error: error instanceof Error ? error : new Error(String(error)) },
        )
      },
    )
    return () => controller.abort()
  }, [identity, refresh, attempt])

  // Fetches again: after an error from scratch (the spinner shows), else keeping what is shown.
  const reload = useCallback(() => {
    setState((previous) => (previous.error ? { identity } : previous))
    setAttempt((n) => n + 1)
  }, [identity])
  const current = state.identity === identity ? state : { identity }
  return { data: current.data, error: current.error, loading: current.data === undefined && current.error === undefined, reload }
}
