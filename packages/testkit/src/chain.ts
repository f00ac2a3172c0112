import { DETERMINISTIC_DEPLOYMENT_PROXY, DEVNET_CHAIN_ID, type Devnet, chainFor } from '@pinion/contracts'
import { type Network, type NetworkOptions, deployNetwork, startNetwork } from '@pinion/testkit/localNetwork'
import { type Hex, createTestClient, http } from 'viem'
import { afterEach, beforeAll, beforeEach, inject } from 'vitest'
import './anvilPerWorker.ts'

export type { Network, NetworkOptions }

/**
 * The chain tier's fixture: the core contracts deployed on this worker's anvil (anvilPerWorker.ts),
 * and every test of the calling block starting from the deployed state. Call it at the top of a
 * describe (or of the file); it registers the hooks and returns the network once they ran:
 *
 * - before all: reset the worker's anvil to an empty chain (whatever the previous file left) and
 *   deploy with `options`; the block's own beforeAll hooks run after it, and what they do (register
 *   a device, release an epoch) is part of the state every test starts from;
 * - before each test: take an anvil snapshot; after each: revert to it. So no test sees another's
 *   leftovers, whatever order they run in.
 *
 * Only one such network is live on a worker at a time; a test that needs a second deployment
 * beside it takes an anvil of its own (ownNetwork).
 */
export function deployedNetwork(options: NetworkOptions = {}): () => Network {
  let network: Network | undefined
  beforeAll(async () => {
    network = await workerNetwork(options)
  })
  const current = () => {
    if (network === undefined) throw new Error('deployedNetwork(): the network is deployed in beforeAll; read it inside a hook or test')
    return network
  }
  revertEachTest(current)
  return current
}

/**
 * The same deployment as deployedNetwork, for a file that keeps its network in a variable set in
 * its own beforeAll (then call revertEachTest beside it). Its stop() leaves the worker's anvil running.
 */
export async function workerNetwork(options: NetworkOptions = {}): Promise<Network> {
  return deployNetwork(await resetWorkerAnvil(), options)
}

/** Every test of the calling block starts from the chain state its hooks left: a snapshot before, a revert after. */
export function revertEachTest(network: () => Network): void {
  let snapshot: Hex | undefined
  beforeEach(async () => {
    snapshot = await network().testClient.snapshot()
  })
  afterEach(async () => {
    // evm_revert consumes the snapshot; the next test takes a new one. It answers false rather than
    // failing when the snapshot is gone, which would let the next test start from leftovers.
    if (snapshot === undefined) return
    const reverted = await network().testClient.request({ method: 'evm_revert', params: [snapshot] } as never)
    if (reverted !== true) throw new Error(`evm_revert(${snapshot}) answered ${String(reverted)}: the chain was not put back for the next test`)
    snapshot = undefined
  })
}

/** A network on an anvil of its own, for a test that needs a second deployment (another cap, no fee token); stop() it. */
export const ownNetwork = (options: NetworkOptions = {}): Promise<Network> => startNetwork(options)

/**
 * This worker's anvil, reset to a new chain at the current time, as a Devnet whose stop() leaves
 * it running for the next file. anvil_reset (without a fork) empties the chain, including the
 * deterministic deployment proxy a new anvil starts with; deploy() puts the network at the proxy's
 * CREATE2 addresses, so the proxy's code is put back as it was.
 */
export async function resetWorkerAnvil(): Promise<Devnet> {
  const rpcUrl = workerAnvilUrl()
  const chain = chainFor(DEVNET_CHAIN_ID, 'Pinion devnet', rpcUrl)
  const client = createTestClient({ chain, transport: http(rpcUrl), mode: 'anvil' })
  const proxyCode = (await client.request({ method: 'eth_getCode', params: [DETERMINISTIC_DEPLOYMENT_PROXY, 'latest'] } as never)) as Hex
  await client.request({ method: 'anvil_reset', params: [] } as never)
  await client.setCode({ address: DETERMINISTIC_DEPLOYMENT_PROXY, bytecode: proxyCode })
  return { rpcUrl, port: Number(new URL(rpcUrl).port), chain, stop: async () => {} }
}

function workerAnvilUrl(): string {
  const urls = inject('anvilRpcUrls')
  const pool = Number(process.env.VITEST_POOL_ID ?? '1')
  const url = urls?.[pool - 1]
  if (url === undefined) {
    throw new Error(`no anvil for worker ${pool}: chain tests run in the chain project, whose globalSetup (@pinion/testkit/anvilPerWorker) starts one per worker`)
  }
  return url
}
