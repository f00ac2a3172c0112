import { Link } from '../components/Link.tsx'
import { paths } from '../lib/router.ts'

/** A path the explorer has no page for (the server answers such paths 404 with the app's HTML). */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <div class="page not-found" data-testid="not-found">
      <h1>Nothing here</h1>
      <p>
        The explorer has no page at <code class="hex hex-full">{path}</code>.
      </p>
      <p>
        <Link href="/">Back to the overview</Link>, look through the <Link href="/devices">devices</Link> or <Link href="/epochs">epochs</Link>, see{' '}
        <Link href={paths.myDevices}>your devices</Link>, or search above by id.
      </p>
    </div>
  )
}
