import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { ErrorNotice, Loading } from '../components/States.tsx'

/**
 * A page whose code loads when it is first shown (a separate chunk of the bundle): the map page
 * carries h3-js, most of the app's weight, which no other page needs. Loads once; a failed load
 * (the server restarted with a new bundle, the network dropped) offers to try again.
 */
export function lazyPage<props extends object>(label: string, load: () => Promise<ComponentType<props>>): ComponentType<props> {
  let loaded: ComponentType<props> | undefined
  let loading: Promise<ComponentType<props>> | undefined
  return function LazyPage(props: props) {
    const [page, setPage] = useState(() => loaded)
    const [error, setError] = useState<Error | undefined>()
    const [attempt, setAttempt] = useState(0)
    useEffect(() => {
      if (page !== undefined) return
      let live = true
      loading ??= load().then((component) => (loaded = component))
      loading.then(
        (component) => live && setPage(() => component),
        (failure: unknown) => {
          loading = undefined
          if (live) setError(failure instanceof Error ? failure : new Error(String(failure)))
        },
      )
      return () => {
        live = false
      }
    }, [page, attempt])
    if (page !== undefined) {
      const Page = page
      return <Page {...props} />
    }
    if (error !== undefined) {
      const retry = () => {
        setError(undefined)
        setAttempt((n) => n + 1)
      }
      return <ErrorNotice error={error} retry={retry} title={`The ${label} did not load`} />
    }
    return <Loading label={`Loading the ${label}…`} />
  }
}
