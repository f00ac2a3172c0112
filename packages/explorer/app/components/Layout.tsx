import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { useNetwork } from '../lib/network.tsx'
import { usePath } from '../lib/router.ts'
import { Link } from './Link.tsx'
import { LiveIndicator } from './LiveIndicator.tsx'
import { SearchBox } from './SearchBox.tsx'

/** The tabs; one with a `kind` shows only where the network runs that kind. */
const NAV: readonly { href: string; label: string; kind?: string }[] = [
  { href: '/', label: 'Overview' },
  { href: '/map', label: 'Map' },
  { href: '/devices', label: 'Devices' },
  { href: '/epochs', label: 'Epochs' },
  { href: '/storage', label: 'Storage', kind: 'storage' },
  { href: '/compute', label: 'Compute', kind: 'compute' },
  { href: '/rewards', label: 'Rewards' },
  { href: '/economy', label: 'Economy' },
  { href: '/governance', label: 'Governance' },
  { href: '/my-devices', label: 'My devices' },
]

const isCurrent = (href: string, path: string) =>
  href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`) || (href === '/rewards' && path.startsWith('/recipients/'))

export function Layout({ children }: { children: ComponentChildren }) {
  const { config, status, kinds } = useNetwork()
  const path = usePath()
  const nav = useRef<HTMLUListElement>(null)
  // On a phone the tab bar scrolls sideways: keep the current page's tab in view.
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>('[aria-current="page"]')
    const bar = nav.current
    if (current === null || current === undefined || bar === null) return
    const offset = current.getBoundingClientRect().left - bar.getBoundingClientRect().left + bar.scrollLeft
    bar.scrollLeft = Math.max(0, offset - (bar.clientWidth - current.offsetWidth) / 2)
  }, [path])
  return (
    <div class="layout">
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <Link href="/" class="brand" aria-label={`${config.name} explorer, overview`}>
            <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
              <path d="M16 2l12 7v14l-12 7-12-7V9z" />
            </svg>
            <span class="brand-name">{config.name}</span>
          </Link>
          <LiveIndicator />
          <SearchBox />
        </div>
        <nav class="nav" aria-label="Main">
          <ul ref={nav}>
            {NAV.filter((item) => item.kind === undefined || kinds.includes(item.kind)).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" class="content" tabIndex={-1}>
        {children}
      </main>
      <footer class="footer">
        Chain {status.chainId}
        {config.devnet ? ' (devnet)' : ''} · oracle {status.oracle.slice(0, 10)}… · database {status.database} · Pinion explorer
      </footer>
    </div>
  )
}
