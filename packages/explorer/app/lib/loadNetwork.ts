import type { ExplorerConfig } from '../../shared/explorerConfig.ts'
import { apiGet, getJson } from './api.ts'
import type { Status } from './apiTypes.ts'
import { chainOf, publicClientFor, readToken } from './chain.ts'
import type { Network } from './network.tsx'

/** Everything pages share, read once at startup: the explorer's config, the oracle's status, the token. */
export async function loadNetwork(signal: AbortSignal): Promise<Network> {
  const [config, status] = await Promise.all([getJson<ExplorerConfig>('/config.json', signal), apiGet<Status>('/v1/status', signal)])
  const chain = chainOf(status, config.name)
  const client = publicClientFor(chain)
  const token = await readToken(client, status.contracts.token)
  return { config, status, chain, client, token }
}
