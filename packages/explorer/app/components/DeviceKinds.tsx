/**
 * The kinds of work a device reported (uptime, wireless…), as the oracle's device endpoints give
 * them: names taken as they come, never looked up in a list, so a network's new kind shows too.
 */
export function DeviceKinds({ kinds }: { kinds: readonly string[] }) {
  if (kinds.length === 0) return <span class="muted">no report yet</span>
  return (
    <span class="kinds" data-testid="device-kinds">
      {kinds.map((kind) => (
        <code class="kind" key={kind}>
          {kind}
        </code>
      ))}
    </span>
  )
}
