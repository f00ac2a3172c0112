import type { Account, Address, Chain, Hash, Hex, PublicClient, TransactionReceipt, Transport, WalletClient } from 'viem'

type Wallet = WalletClient<Transport, Chain, Account>

/** A simulated device of the kind, with its owner's wallet. */
export type DevnetDevice = { deviceId: Hex; behaviour: string; owner: Wallet }

/** What `pinion up` gives a kind's devnet hooks. */
export type DevnetContext<params> = {
  params: params
  client: PublicClient<Transport, Chain>
  /**
   * The receipt of a transaction a hook sent, once mined. Not client.waitForTransactionReceipt: a
   * devnet on driven time mines only when sent something, and viem's wait may then hang (see
   * @pinion/contracts' waitForReceipt).
   */
  receiptOf(hash: Hash): Promise<TransactionReceipt>
  /** The network's token. */
  token: Address
  /** The network's Credits contract (burn the token for service credits, delegate them to a service key), when it runs one. */
  credits?: Address
  /** The kind's contracts as deploy() deployed them, by the names in `chain.contracts`. */
  contracts: Readonly<Record<string, Address>>
  /** The fleet's devices of this kind, in fleet order. */
  devices: readonly DevnetDevice[]
  /** A customer of the simulated network: funded with tokens at genesis. */
  customer: Wallet
  /**
   * The customer's private key (a devnet account's, public anyway), for what a simulated customer
   * signs synchronously as simulated devices ask: the compute kind's usage counter-signatures.
   */
  customerPrivateKey: Hex
  /** Seeded random source in [0, 1). */
  random: () => number
}

/**
 * What `pinion up` does on chain for a simulated network of the kind, beside registering its
 * fleet: operators bonding stake, customers paying for service. Operators and the customer are
 * funded with `genesisTokens` at genesis, so a kind can ask them to bond and to pay.
 */
export type KindDevnet<params> = {
  /** Whole tokens each operator and the customer receive at genesis, to stake and to pay with. */
  readonly genesisTokens: bigint
  /** Once, after the fleet registered and before its first epoch. Idempotent: `pinion up` may run it again on resume. */
  setup?(ctx: DevnetContext<params>): Promise<void>
  /** At the start of each epoch the fleet runs: what customers do (pay for service) during it. */
  epoch?(ctx: DevnetContext<params>, epoch: bigint): Promise<void>
}
