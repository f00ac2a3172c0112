import { type Chain, type Hex, createWalletClient, http, numberToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { DevnetAccount } from '../../shared/explorerConfig.ts'
import type { Eip1193Provider } from './eip1193.ts'

type TransactionParams = { to?: Hex; data?: Hex; value?: Hex; gas?: Hex }

/**
 * An EIP-1193 provider backed by a devnet account, for browsers without a wallet extension. It
 * signs in the page with the account's (public, test-only) key and sends the signed transaction
 * through the explorer's /rpc; every other call goes to /rpc as is. The explorer offers it only on
 * the embedded devnet.
 */
export function createDevnetProvider(devnet: DevnetAccount, chain: Chain): Eip1193Provider {
  const account = privateKeyToAccount(devnet.privateKey)
  const transport = http(chain.rpcUrls.default.http[0])
  const wallet = createWalletClient({ account, chain, transport })
  const forward = transport({ chain })

  return {
    async request({ method, params }) {
      switch (method) {
        case 'eth_accounts':
        case 'eth_requestAccounts':
          return [account.address]
        case 'eth_chainId':
          return numberToHex(chain.id)
        case 'eth_sendTransaction': {
          const [tx] = params as [TransactionParams]
          return wallet.sendTransaction({
            to: tx.to ?? null,
            data: tx.data,
            value: tx.value === undefined ? undefined : BigInt(tx.value),
            gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
          })
        }
        case 'personal_sign': {
          const [message] = params as [Hex]
          return account.signMessage({ message: { raw: message } })
        }
        default:
          return forward.request({ method, params } as never)
      }
    },
  }
}
