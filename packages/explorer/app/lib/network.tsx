import { type ComponentChildren, createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { NetworkFacts, StatusResponse } from '@pinion/oracle/api'
import type { Chain, PublicClient } from 'viem'
import type { ExplorerConfig } from '../../shared/explorerConfig.ts'
import type { TokenInfo } from './chain.ts'

/**
 * The oracle's /v1/status with its network facts (chain, contracts, schedule), which every oracle
 * started for a network serves; loadNetwork refuses a status without them.
 */
export type Status = StatusResponse & NetworkFacts

/** What every page knows about the network: loaded once when the app starts. */
export type Network = {
  config: ExplorerConfig
  status: Status
  /** The kinds the network runs (uptime, storage…), sorted. */
  kinds: readonly string[]
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
