import { useEffect } from 'preact/hooks'
import { Card } from '../components/Card.tsx'
import { HexValue } from '../components/HexValue.tsx'
import { Link } from '../components/Link.tsx'
import { Empty, ErrorNotice, Loading } from '../components/States.tsx'
import { findShortId } from '../lib/findShortId.ts'
import { formatCount } from '../lib/format.ts'
import { navigate } from '../lib/router.ts'
import { parseShortId } from '../lib/shortId.ts'
import { useResource } from '../lib/useResource.ts'

/** Matches listed at most: a short prefix may match thousands. */
const LISTED = 50

/**
 * What a short id (`0x1234ab…cdef`) or hex prefix names: one match leads straight to its page (in
 * place of this one in the history), several are listed, none says so.
 */
export function SearchPage({ term }: { term: string }) {
  const id = parseShortId(term)
  const results = useResource(`search-${term}`, async (signal) => (id === undefined ? undefined : findShortId(id, signal)))
  const only = results.data?.matches.length === 1 ? results.data.matches[0] : undefined
  useEffect(() => {
    if (only !== undefined) navigate(only.path, { replace: true })
  }, [only])

  return (
    <div class="page">
      <header class="page-header">
        <h1>Search</h1>
        <p class="lede">
          Devices, addresses and epoch roots whose id matches <code class="hex">{term}</code>.
        </p>
      </header>
      <Card title="Matches" id="search-results">
        {id === undefined ? (
          <Empty>
            <code>{term}</code> is not a short id. Search for a device id or address (0x and hex digits, or a short id such as 0x1234ab…cdef as the lists show them) or an epoch
            number.
          </Empty>
        ) : null}
        {results.error ? <ErrorNotice error={results.error} retry={results.reload} title="The search failed" /> : null}
        {id !== undefined && (results.loading || only !== undefined) ? <Loading label="Searching…" /> : null}
        {results.data?.matches.length === 0 ? (
          <Empty>
            <span role="status">
              Nothing matches <code class="hex">{term}</code>
              {results.data.searchedDevices < results.data.totalDevices
                ? ` among the first ${formatCount(results.data.searchedDevices)} of ${formatCount(results.data.totalDevices)} devices; type more of the id, or all of it.`
                : ': no device, owner, recipient or recent epoch root has an id that starts and ends so.'}
            </span>
          </Empty>
        ) : null}
        {results.data !== undefined && results.data.matches.length > 1 ? (
          <>
            <p class="muted small" role="status">
              {formatCount(results.data.matches.length)} matches{results.data.matches.length > LISTED ? `, the first ${LISTED} listed` : ''}: type more of the id to go straight to
              one.
            </p>
            <ul class="result-list" data-testid="search-results">
              {results.data.matches.slice(0, LISTED).map((match) => (
                <li key={`${match.kind} ${match.value}`}>
                  <span class="badge badge-neutral">{match.kind}</span>
                  <Link href={match.path} aria-label={`${match.kind} ${match.value}`}>
                    <HexValue value={match.value} />
                  </Link>
                  {match.epoch !== undefined ? <span class="muted small">epoch {match.epoch}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
    </div>
  )
}
