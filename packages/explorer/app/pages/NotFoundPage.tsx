import { Link } from '../components/Link.tsx'

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div class="page">
      <h1>Nothing here</h1>
      <p>
        The explorer has no page at <code>{path}</code>. <Link href="/">Back to the overview</Link>.
      </p>
    </div>
  )
}
