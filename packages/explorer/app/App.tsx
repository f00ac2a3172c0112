import { ErrorNotice, Loading } from './components/States.tsx'
import { Layout } from './components/Layout.tsx'
import { LiveProvider } from './lib/live.tsx'
import { lazyPage } from './lib/lazyPage.tsx'
import { loadNetwork } from './lib/loadNetwork.ts'
import { NetworkProvider } from './lib/network.tsx'
import { routeOf, usePath } from './lib/router.ts'
import { useResource } from './lib/useResource.ts'
import { DevicePage } from './pages/DevicePage.tsx'
import { DevicesPage } from './pages/DevicesPage.tsx'
import { EpochPage } from './pages/EpochPage.tsx'
import { EpochsPage } from './pages/EpochsPage.tsx'
import { MyDevicesPage } from './pages/MyDevicesPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { OverviewPage } from './pages/OverviewPage.tsx'
import { RecipientPage } from './pages/RecipientPage.tsx'
import { RewardsPage } from './pages/RewardsPage.tsx'
import { SearchPage } from './pages/SearchPage.tsx'
import { ComputeLeasePage } from './pages/compute/ComputeLeasePage.tsx'
import { ComputePage } from './pages/compute/ComputePage.tsx'
import { StorageDealPage } from './pages/storage/StorageDealPage.tsx'
import { StoragePage } from './pages/storage/StoragePage.tsx'

// The map is the one page that needs h3-js; its code is a chunk of its own, loaded on first visit.
const MapPage = lazyPage('map', () => import('./pages/MapPage.tsx').then((module) => module.MapPage))
// Governance carries the Governor's and the other contracts' ABIs, which no other page needs.
const GovernancePage = lazyPage('governance page', () => import('./pages/GovernancePage.tsx').then((module) => module.GovernancePage))
// Economy, likewise: Credits', Staking's and the factories' ABIs.
const EconomyPage = lazyPage('economy page', () => import('./pages/EconomyPage.tsx').then((module) => module.EconomyPage))

export function App() {
  const network = useResource('network', loadNetwork)
  if (network.error) {
    return (
      <main class="boot">
        <ErrorNotice error={network.error} retry={network.reload} title="The explorer cannot reach the network" />
      </main>
    )
  }
  if (network.data === undefined) {
    return (
      <main class="boot">
        <Loading label="Connecting to the network…" />
      </main>
    )
  }
  return (
    <NetworkProvider network={network.data}>
      <LiveProvider>
        <Layout>
          <Page />
        </Layout>
      </LiveProvider>
    </NetworkProvider>
  )
}

function Page() {
  const route = routeOf(usePath())
  switch (route.page) {
    case 'overview':
      return <OverviewPage />
    case 'map':
      return <MapPage />
    case 'devices':
      return <DevicesPage />
    case 'device':
      return <DevicePage key={route.deviceId} deviceId={route.deviceId} />
    case 'epochs':
      return <EpochsPage />
    case 'epoch':
      return <EpochPage key={route.epoch} epoch={route.epoch} />
    case 'rewards':
      return <RewardsPage />
    case 'recipient':
      return <RecipientPage key={route.address} address={route.address} />
    case 'governance':
      return <GovernancePage />
    case 'economy':
      return <EconomyPage />
    case 'storage':
      return <StoragePage />
    case 'storage-deal':
      return <StorageDealPage key={route.dealId} dealId={route.dealId} />
    case 'compute':
      return <ComputePage />
    case 'compute-lease':
      return <ComputeLeasePage key={route.leaseId} leaseId={route.leaseId} />
    case 'search':
      return <SearchPage key={route.term} term={route.term} />
    case 'my-devices':
      return <MyDevicesPage />
    case 'not-found':
      return <NotFoundPage path={route.path} />
  }
}
