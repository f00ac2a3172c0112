import { useEffect, useState } from 'preact/hooks'

/*
 * A small history router: pages are real paths (/devices/0x…), so links can be shared and opened
 * in new tabs; the server answers every page path with the same HTML.
 */

const NAVIGATED = 'pinion:navigated'

/** Goes to `path`; `replace` swaps the current history entry (a search page that led straight on). */
export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (path === location.pathname + location.search) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATED))
  window.scrollTo(0, 0)
}

/** The current path (without query), re-rendering on navigation and on back/forward. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname)
  useEffect(() => {
    const update = () => setPath(location.pathname)
    window.addEventListener('popstate', update)
    window.addEventListener(NAVIGATED, update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener(NAVIGATED, update)
    }
  }, [])
  return path
}

export type Route =
  | { page: 'overview' }
  | { page: 'map' }
  | { page: 'devices' }
  | { page: 'device'; deviceId: string }
  | { page: 'epochs' }
  | { page: 'epoch'; epoch: string }
  | { page: 'rewards' }
  | { page: 'recipient'; address: string }
  | { page: 'governance' }
  | { page: 'economy' }
  | { page: 'storage' }
  | { page: 'storage-deal'; dealId: string }
  | { page: 'compute' }
  | { page: 'compute-lease'; leaseId: string }
  | { page: 'search'; term: string }
  | { page: 'my-devices' }
  | { page: 'not-found'; path: string }

/** Which page a path shows. */
export function routeOf(path: string): Route {
  let parts: string[]
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  } catch {
    return { page: 'not-found', path } // not valid percent-encoding
  }
  const [first, second, ...rest] = parts
  // The pages three segments deep: a storage deal, a compute lease.
  if (first === 'storage' && second === 'deals' && rest.length === 1) return { page: 'storage-deal', dealId: rest[0]! }
  if (first === 'compute' && second === 'leases' && rest.length === 1) return { page: 'compute-lease', leaseId: rest[0]! }
  if (rest.length > 0) return { page: 'not-found', path }
  if (first === undefined) return { page: 'overview' }
  if (first === 'map' && second === undefined) return { page: 'map' }
  if (first === 'devices') return second === undefined ? { page: 'devices' } : { page: 'device', deviceId: second }
  if (first === 'epochs') return second === undefined ? { page: 'epochs' } : { page: 'epoch', epoch: second }
  if (first === 'rewards' && second === undefined) return { page: 'rewards' }
  if (first === 'recipients' && second !== undefined) return { page: 'recipient', address: second }
  if (first === 'governance' && second === undefined) return { page: 'governance' }
  if (first === 'economy' && second === undefined) return { page: 'economy' }
  if (first === 'storage' && second === undefined) return { page: 'storage' }
  if (first === 'compute' && second === undefined) return { page: 'compute' }
  if (first === 'search' && second !== undefined) return { page: 'search', term: second }
  if (first === 'my-devices' && second === undefined) return { page: 'my-devices' }
  return { page: 'not-found', path }
}

export const paths = {
  device: (deviceId: string) => `/devices/${deviceId}`,
  epoch: (epoch: string | bigint) => `/epochs/${epoch}`,
  recipient: (address: string) => `/recipients/${address}`,
  search: (term: string) => `/search/${encodeURIComponent(term)}`,
  storage: '/storage',
  storageDeal: (dealId: string | bigint) => `/storage/deals/${dealId}`,
  compute: '/compute',
  computeLease: (leaseId: string | bigint) => `/compute/leases/${leaseId}`,
  myDevices: '/my-devices',
}
