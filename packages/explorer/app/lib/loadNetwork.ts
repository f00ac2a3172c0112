import type { ExplorerConfig } from '../../shared/explorerConfig.ts'
import type { Reasons, StatusResponse } from '@pinion/oracle/api'
import { ApiError, apiGet, getJson } from './api.ts'
import { chainOf, publicClientFor, readToken } from './chain.ts'
import type { Network, Status } from './network.tsx'
import { kindsOf } from './networkKinds.ts'

/** Everything pages share, read once at startup: the explorer's config, the oracle's status, the network's kinds, the token. */
export async function loadNetwork(signal: AbortSignal): Promise<Network> {
  const [config, status, reasons] = await Promise.all([
    getJson<ExplorerConfig>('/config.json', signal),
    apiGet<StatusResponse>('/v1/status', signal).then(withNetworkFacts),
    apiGet<Reasons>('/v1/reasons', signal),
  ])
  const chain = chainOf(status, config.name)
  const client = publicClientFor(chain)
  const token = await readToken(client, status.contracts.token)
  return { config, status, kinds: kindsOf(reasons), chain, client, token }
}

/** The status, once it names the network's chain and contracts (an oracle API started without them does not). */
function withNetworkFacts(status: StatusResponse): Status {
  const { chainId, networkId, contracts, schedule, database } = status
  if (chainId === undefined || networkId === undefined || contracts === undefined || schedule === undefined || database === undefined) {
    throw new ApiError(
      'PINION_ERR_UNEXPECTED_RESPONSE',
      "The oracle's /v1/status names no chain and contracts: it was started without a network, so there is nothing to explore.",
      200,
    )
  }
  return { ...status, chainId, networkId, contracts, schedule, database }
}
