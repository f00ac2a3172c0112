import { type ComponentChildren, createContext } from 'preact'
import { useContext, useEffect, useMemo, useState } from 'preact/hooks'
import type { LiveSnapshot } from '../../shared/liveSnapshot.ts'

export type Live = {
  snapshot: LiveSnapshot | undefined
  /** Whether the event stream is open. */
  streaming: boolean
}

// Two contexts: live figures change every second (block, reports) and only counters read them;
// pages read the version, which changes when they should fetch again, and so re-render rarely.
const LiveContext = createContext<Live>({ snapshot: undefined, streaming: false })
const VersionContext = createContext('')

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
  // Blocks and reports move every second; refetching on those would only burn requests.
  const version = snapshot ? `${snapshot.latestEpoch}/${snapshot.latestCommittedEpoch}/${snapshot.devices}` : ''
  const live = useMemo(() => ({ snapshot, streaming }), [snapshot, streaming])
  return (
    <LiveContext.Provider value={live}>
      <VersionContext.Provider value={version}>{children}</VersionContext.Provider>
    </LiveContext.Provider>
  )
}

/** The latest live figures (re-renders about once a second). */
export const useLive = (): Live => useContext(LiveContext)

/**
 * Changes when pages should fetch again: an epoch computed or committed, a device registered.
 * Pass it as useResource's `refresh`.
 */
export const useLiveVersion = (): string => useContext(VersionContext)
