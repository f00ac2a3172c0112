import { type GovernanceContracts, chainFor } from '@pinion/contracts'
import { type Account, type Chain, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, http } from 'viem'
import { type NetworkState, DEFAULT_DATA_DIR, readState } from '../state.ts'
import { signerAccount } from './account.ts'

/** A network to read governance from: its state, a client and the governed contracts. */
export type Gov = { state: NetworkState; client: PublicClient<Transport, Chain>; contracts: GovernanceContracts }
/** …and an account to send from. */
export type GovSigner = Gov & { wallet: WalletClient<Transport, Chain, Account> }

/** Where the network is described: `pinion up`'s data directory, or the file `pinion deploy` wrote. */
export type NetworkFlags = { dataDir?: string; network?: string }

export function stateFrom(flags: NetworkFlags): NetworkState {
  return flags.network === undefined ? readState(flags.dataDir ?? DEFAULT_DATA_DIR) : readState(flags.network, true)
}

/** Receipts are polled often: the devnet mines at once, and viem's 4 s default would dominate a command. */
const POLLING_MS = 250

export function connect(state: NetworkState, pollingInterval = POLLING_MS): Gov {
  const chain = chainFor(state.chainId, state.name, state.rpcUrl)
  const client = createPublicClient({ chain, transport: http(state.rpcUrl), pollingInterval })
  const { distributor, registry, params, timelock, governor } = state.deployment
  return { state, client, contracts: { distributor, registry, params, timelock, governor } }
}

/** `connect` with the account PINION_KEY or `--account` names (see signerAccount). */
export function connectSigner(state: NetworkState, accountName?: string, pollingInterval = POLLING_MS): GovSigner {
  const gov = connect(state, pollingInterval)
  const account = signerAccount(state.chainId, accountName)
  const wallet = createWalletClient({ account, chain: gov.client.chain, transport: http(state.rpcUrl), pollingInterval })
  return { ...gov, wallet }
}
