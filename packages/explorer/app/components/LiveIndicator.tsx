import { formatCount } from '../lib/format.ts'
import { useLive } from '../lib/live.tsx'

/** Whether the page is live, and the chain's and the oracle's latest figures. */
export function LiveIndicator() {
  const { snapshot, streaming } = useLive()
  const live = streaming && snapshot?.connected === true
  return (
    <div class={`live ${live ? 'live-on' : 'live-off'}`} role="status" aria-label={live ? 'Live' : 'Not live'}>
      <span class="live-dot" aria-hidden="true" />
      <span class="live-text">
        {live ? 'Live' : streaming ? 'Network unreachable' : 'Connecting…'}
        {snapshot?.block ? ` · block ${formatCount(Number(snapshot.block))}` : ''}
        {snapshot?.latestEpoch != null ? ` · epoch ${snapshot.latestEpoch}` : ''}
      </span>
    </div>
  )
}
