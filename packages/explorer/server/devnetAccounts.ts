import { DEVNET_CHAIN_ID } from '@pinion/contracts'
import { type Hex, hexToNumber } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevnetAccount } from '../shared/explorerConfig.ts'
import { ExplorerError } from './errors.ts'

/**
 * The devnet accounts the page's in-page wallet may use, after checking that the chain really is
 * the embedded devnet: a key is served to browsers only when it can control nothing of value.
 */
export async function devnetAccountsFor(rpcUrl: string, accounts: readonly { label: string; privateKey: Hex }[]): Promise<DevnetAccount[]> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId' }),
    signal: AbortSignal.timeout(10_000),
  }).catch((cause: unknown) => {
    throw new ExplorerError('PINION_ERR_UPSTREAM_UNAVAILABLE', `the chain RPC at ${rpcUrl} did not answer eth_chainId`, { cause })
  })
  const { result } = (await response.json()) as { result?: Hex }
  const chainId = result === undefined ? undefined : hexToNumber(result)
  if (chainId !== DEVNET_CHAIN_ID) {
    throw new ExplorerError(
      'PINION_ERR_NOT_DEVNET',
      `devnet accounts were given, but the chain at ${rpcUrl} has id ${chainId}, not the devnet's ${DEVNET_CHAIN_ID}; no key is served`,
    )
  }
  return accounts.map(({ label, privateKey }) => ({ label, address: privateKeyToAccount(privateKey).address, privateKey }))
}
