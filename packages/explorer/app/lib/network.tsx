import { type ComponentChildren, createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Chain, PublicClient } from 'viem'
import type { ExplorerConfig } from '../../shared/explorerConfig.ts'
import type { Status } from './apiTypes.ts'
import type { TokenInfo } from './chain.ts'

/** What every page knows about the network: loaded once when the app starts. */
export type Network = {
  config: ExplorerConfig
  status: Status
  chain: Chain
  client: PublicClient
  token: TokenInfo
}

const NetworkContext = createContext<Network | undefined>(undefined)

export function NetworkProvider({ network, children }: { network: Network; children: ComponentChildren }) {
  return <NetworkContext.Provider value={network}>{children}</NetworkContext.Provider>
}

export function useNetwork(): Network {
  const network = useContext(NetworkContext)
  if (network === undefined) throw new Error('useNetwork() outside NetworkProvider')
  return network
}
