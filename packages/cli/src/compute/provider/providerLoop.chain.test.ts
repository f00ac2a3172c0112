/**
 * A compute provider's loop on anvil (what `pinion provider run` turns every few seconds): it bids on
 * an open order by its price rule, starts the lease its bid won, serves the job the customer delivers
 * to its node, and reports the job and its commitments to its device agent. The agent here records
 * what it is handed (the reports' judging is the kind's, tested there against this schedule).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { devnetAccounts } from '@pinion/contracts'
import { openJobStore, startComputeProvider } from '@pinion/device'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { sha256TestJob } from '@pinion/testkit/compute/providerNodes'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { type Account, numberToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { connectSigner } from '../../gov/connect.ts'
import type { NetworkState } from '../../state.ts'
import { deliverJob } from '../client/deliverJob.ts'
import { acceptOrder, leaseOf, postOrder } from '../market.ts'
import { providerLoop } from './providerLoop.ts'

const TOKEN = 10n ** 18n
const MAX_PRICE = TOKEN / 1_000n
// `--account admin` (the customer here) and `operator-1` (the provider's owner): anvil's accounts 0 and 5.
const [admin, operator] = [0, 5].map((i) => devnetAccounts(6)[i]!) as unknown as [Account, Account]

const dir = mkdtempSync(join(tmpdir(), 'pinion-provider-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a compute provider’s loop', () => {
  let net: Network
  let state: NetworkState
  let device: bigint
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [admin, operator].map((a) => ({ holder: a.address, amount: 1_000n * TOKEN })) },
        kinds: ['compute'],
      },
    })
    state = {
      name: 'Provider test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: admin.address,
    }
    device = await net.registerDevice(operator.address, 'compute provider')
  })
  afterAll(() => vi.unstubAllEnvs())
  revertEachTest(() => net)

  it('bids by its rule, starts the lease it won, takes the customer’s job and reports the job and its commitments', async () => {
    const customer = connectSigner(state, 'admin')
    const owner = connectSigner(state, 'operator-1')
    const job = sha256TestJob(2)
    const deviceId = numberToHex(device, { size: 32 })
    const reports: string[] = []
    const store = openJobStore(join(dir, 'store'))
    let chainNow = 0
    const loop = providerLoop({
      signer: owner,
      deviceId,
      store,
      agent: { report: async (payloadType) => BigInt(reports.push(payloadType)) },
      rule: { fractionBps: 8_000, minPricePerSecond: 0n },
      capacity: 1,
      now: () => chainNow,
    })
    const tick = async () => {
      chainNow = Number((await net.publicClient.getBlock()).timestamp) * 1000
      return loop.tick()
    }
    const { orderId } = await postOrder(customer, {
      specHash: job.specHash,
      resources: { cpuMillis: 1_000, memoryMiB: 2, storageMiB: 0 },
      maxPricePerSecond: MAX_PRICE,
      durationSeconds: 3_600,
      biddingSeconds: 600,
      approvalWindowSeconds: 60,
    })

    // Turn 1: a bid at 0.8 of the order's maximum; nothing running yet.
    expect(await tick()).toEqual({ bids: [{ orderId, pricePerSecond: (MAX_PRICE * 8n) / 10n }], started: [], running: [], reported: 0 })
    // Its capacity is taken by that open bid: turn 2 bids on nothing more, even with a second order.
    await postOrder(customer, {
      specHash: job.specHash,
      resources: { cpuMillis: 1_000, memoryMiB: 2, storageMiB: 0 },
      maxPricePerSecond: MAX_PRICE,
      durationSeconds: 3_600,
      biddingSeconds: 600,
      approvalWindowSeconds: 60,
    })
    expect((await tick()).bids).toEqual([])

    // The customer accepts the bid: turn 3 starts the lease.
    const leaseId = await acceptOrder(customer, orderId, 1n)
    expect(await tick()).toMatchObject({ started: [leaseId], running: [leaseId], reported: 0 })
    expect((await leaseOf(owner, leaseId)).state).toBe(1)
    expect(await loop.leaseOf(leaseId)).toEqual({ customer: admin.address, specHash: job.specHash, deviceId })
    expect(await loop.leaseOf(leaseId + 1n)).toBeNull()

    // The customer delivers its job to the node, which checks it against the lease and runs it.
    const node = await startComputeProvider({ store, deviceId, leaseOf: loop.leaseOf, host: '127.0.0.1', port: 0 })
    try {
      await deliverJob(node.url, { leaseId, specHash: job.specHash }, { manifest: job.manifest, module: job.module, inputs: job.inputs }, admin as never)
      await node.runner.idle()
    } finally {
      await node.close()
    }
    // Turn 4: the job and a commitment to each finished task go to the device agent, once.
    expect(await tick()).toMatchObject({ bids: [], started: [], running: [leaseId], reported: 3 })
    expect(reports).toEqual(['job', 'task-commit', 'task-commit'])
    expect((await tick()).reported).toBe(0)
  })
})
