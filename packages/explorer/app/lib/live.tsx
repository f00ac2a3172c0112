import { type ComponentChildren, createContext } from 'preact'
import { useContext, useEffect, useMemo, useState } from 'preact/hooks'
import type { LiveSnapshot } from '../../shared/liveSnapshot.ts'

export type Live = {
  snapshot: LiveSnapshot | undefined
  /** Whether the event stream is open. */
  streaming: boolean
  /**
   * Changes when pages should fetch again: an epoch computed or committed, a device registered.
   * (Blocks and reports move every second; refetching on those would only burn requests.)
   */
  version: string
}

const LiveContext = createContext<Live>({ snapshot: undefined, streaming: false, version: '' })

/** Subscribes to the server's live events (/events) for the whole app. */
export function LiveProvider({ children }: { children: ComponentChildren }) {
  const [snapshot, setSnapshot] = useState<LiveSnapshot>()
  const [streaming, setStreaming] = useState(false)
  useEffect(() => {
    const events = new EventSource('/events')
    events.onopen = () => setStreaming(true)
    events.onerror = () => setStreaming(false)
    events.onmessage = (message: MessageEvent<string>) => setSnapshot(JSON.parse(message.data) as LiveSnapshot)
    return () => events.close()
  }, [])
  const version = snapshot ? `${snapshot.latestEpoch}/${snapshot.latestCommittedEpoch}/${snapshot.devices}` : ''
  const live = useMemo(() => ({ snapshot, streaming, version }), [snapshot, streaming, version])
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>
}

export const useLive = (): Live => useContext(LiveContext)
