import { type Deployment, waitForReceipt } from '@pinion/contracts'
import { type DevnetContext, type DevnetDevice, type Kind, seededRandom } from '@pinion/kinds'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import { kindStream } from './streams.ts'

const TOKEN_UNIT = 10n ** 18n

type Wallet = WalletClient<Transport, Chain, Account>

/**
 * A kind's contracts as deploy() deployed them (`Deployment.kinds`, by contract name): none for a
 * kind without contracts, or a deployment recorded before deployments had kinds.
 */
export function kindContracts(deployment: Deployment, kind: string): Readonly<Record<string, Address>> {
  return deployment.kinds?.[kind] ?? {}
}

/** One kind of the network, with what its devnet hooks are given. */
export type KindDevnetRun = {
  kind: Kind
  params: unknown
  /** The fleet's devices of the kind, in fleet order, with their owners' wallets. */
  devices: readonly DevnetDevice[]
}

/**
 * The genesis allocations the kinds' devnets need (KindDevnet.genesisTokens): each kind with devnet
 * hooks gives its tokens to every operator owning one of its devices and to the customer; an account
 * funded by two kinds gets both. In the token's base units, in the order the accounts first appear.
 */
export function devnetGenesisAllocations(runs: readonly { kind: Kind; owners: readonly Address[] }[], customer: Address): { holder: Address; amount: bigint }[] {
  const amounts = new Map<Address, bigint>()
  for (const { kind, owners } of runs) {
    if (kind.devnet === undefined) continue
    for (const holder of new Set([...owners, customer])) amounts.set(holder, (amounts.get(holder) ?? 0n) + kind.devnet.genesisTokens * TOKEN_UNIT)
  }
  return [...amounts].map(([holder, amount]) => ({ holder, amount }))
}

/** What the kinds' devnet hooks get from `pinion up`, beside their own devices and parameters. */
export type DevnetShared = {
  client: PublicClient<Transport, Chain>
  deployment: Deployment
  customer: Wallet
  customerPrivateKey: Hex
  seed: number
}

/** The context a kind's hook runs with; `purpose` (setup, an epoch) picks its own seeded random stream. */
export function devnetContext(run: KindDevnetRun, shared: DevnetShared, purpose: bigint): DevnetContext<unknown> {
  return {
    params: run.params,
    client: shared.client,
    receiptOf: (hash) => waitForReceipt(shared.client, hash),
    token: shared.deployment.token,
    ...(shared.deployment.credits === undefined ? {} : { credits: shared.deployment.credits }),
    contracts: kindContracts(shared.deployment, run.kind.name),
    devices: run.devices,
    customer: shared.customer,
    customerPrivateKey: shared.customerPrivateKey,
    random: seededRandom((Number(BigInt.asUintN(32, BigInt(shared.seed) * 1_000_003n + purpose)) ^ kindStream(run.kind.name) ^ DEVNET_STREAM) >>> 0),
  }
}

/** Sets the devnet streams apart from the fleet's report and placement streams. */
const DEVNET_STREAM = 0xd5e7

/** The purpose of `setup` (devnetContext): apart from every epoch's, which are the epochs themselves. */
const SETUP = -1n

/**
 * Runs every kind's `setup` hook, in the network's order of kinds (each is idempotent: a resumed
 * network runs it again); the names of the kinds that have one.
 */
export async function setupKindDevnets(runs: readonly KindDevnetRun[], shared: DevnetShared): Promise<string[]> {
  const ran: string[] = []
  for (const run of runs) {
    const setup = run.kind.devnet?.setup
    if (setup === undefined) continue
    await setup.call(run.kind.devnet, devnetContext(run, shared, SETUP))
    ran.push(run.kind.name)
  }
  return ran
}

/** A kind's `epoch` hook for the live fleet (LiveFleetKind.onEpoch), or undefined when it has none. */
export function epochHookOf(run: KindDevnetRun, shared: DevnetShared): ((epoch: bigint) => Promise<void>) | undefined {
  const devnet = run.kind.devnet
  if (devnet?.epoch === undefined) return undefined
  return (epoch) => devnet.epoch!(devnetContext(run, shared, epoch), epoch)
}
