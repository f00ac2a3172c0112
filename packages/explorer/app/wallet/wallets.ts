import { type Address, type Chain, type WalletClient, createWalletClient, custom, numberToHex } from 'viem'
import type { ExplorerConfig } from '../../shared/explorerConfig.ts'
import { createDevnetProvider } from './devnetProvider.ts'
import { type Eip1193Provider, injectedProvider } from './eip1193.ts'

/** A wallet the page can send a claim with. */
export type WalletChoice = { id: string; label: string; provider: () => Eip1193Provider; address?: Address }

/** The browser's wallet when there is one, and on the devnet its accounts as in-page wallets. */
export function walletChoices(config: ExplorerConfig, chain: Chain): WalletChoice[] {
  const choices: WalletChoice[] = []
  const injected = injectedProvider()
  if (injected) choices.push({ id: 'injected', label: 'Browser wallet', provider: () => injected })
  for (const account of config.devnet?.accounts ?? []) {
    choices.push({
      id: `devnet-${account.address}`,
      label: `Devnet account ${account.label} (${account.address.slice(0, 8)}…)`,
      address: account.address,
      provider: () => createDevnetProvider(account, chain),
    })
  }
  return choices
}

/** Connects: asks for the account, moves the wallet to the network's chain, gives a viem wallet client. */
export async function connectWallet(choice: WalletChoice, chain: Chain): Promise<{ wallet: WalletClient; account: Address }> {
  const provider = choice.provider()
  const [account] = (await provider.request({ method: 'eth_requestAccounts' })) as Address[]
  if (account === undefined) throw new Error('The wallet gave no account.')
  const current = Number(await provider.request({ method: 'eth_chainId' }))
  if (current !== chain.id) await switchChain(provider, chain)
  return { wallet: createWalletClient({ account, chain, transport: custom(provider) }), account }
}

async function switchChain(provider: Eip1193Provider, chain: Chain): Promise<void> {
  const chainId = numberToHex(chain.id)
  try {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] })
  } catch (error) {
    // 4902: the wallet does not know the chain yet; add it with the explorer's RPC.
    if ((error as { code?: number }).code !== 4902) throw error
    await provider.request({
      method: 'wallet_addEthereumChain',
      params: [{ chainId, chainName: chain.name, nativeCurrency: chain.nativeCurrency, rpcUrls: chain.rpcUrls.default.http }],
    })
  }
}
