/**
 * `pinion compute` on anvil, through `main` as a customer runs it: deploy a job from a spec (the ray
 * tracer's), see the bids providers placed, accept one, follow the lease, close it; each refusal
 * with its code. Providers bid and start through the market directly (their agent is another
 * command's).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { devnetAccounts, kindContractsOf } from '@pinion/contracts'
import { COMPUTE_MARKET } from '@pinion/kinds/compute'
import { revertEachTest, workerNetwork } from '@pinion/testkit/chain'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { startProviderNodes, testLeases } from '@pinion/testkit/compute/providerNodes'
import { type Network, TOKEN_CAP } from '@pinion/testkit/localNetwork'
import { assembleImage, raytraceJob, renderReference } from '@pinion/kinds/compute/workloads'
import type { Abi, Account, Address, Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type NetworkState, writeState } from '../state.ts'

const TOKEN = 10n ** 18n
// `--account admin` is anvil's account 0 (the customer here); `operator-1` and `operator-2` are 5 and 6.
const [admin, operator1, operator2] = [0, 5, 6].map((i) => devnetAccounts(7)[i]!) as unknown as [Account, Account, Account]

const dir = mkdtempSync(join(tmpdir(), 'pinion-compute-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pinion compute', () => {
  let net: Network
  let networkFile: string
  let market: { address: Address; abi: Abi }
  let devices: bigint[]
  beforeAll(async () => {
    vi.stubEnv('PINION_KEY', undefined)
    net = await workerNetwork({
      deploy: {
        token: { name: 'Pinion', symbol: 'PIN', cap: TOKEN_CAP, genesisAllocations: [admin, operator1, operator2].map((a) => ({ holder: a.address, amount: 1_000n * TOKEN })) },
        kinds: ['compute'],
      },
    })
    const state: NetworkState = {
      name: 'Compute test',
      chainId: net.chain.id,
      rpcUrl: net.devnet.rpcUrl,
      deployment: net.deployment,
      schedule: { genesisTime: net.params.emissions.genesisTime.toString(), epochDuration: net.params.emissions.epochDuration.toString() },
      oracles: [],
      deviceClass: 1,
      treasury: admin.address,
    }
    networkFile = join(dir, 'network.json')
    writeState(networkFile, state, true)
    market = { address: net.deployment.kinds.compute![COMPUTE_MARKET]!, abi: kindContractsOf('compute')[COMPUTE_MARKET]!.abi as Abi }
    devices = [await net.registerDevice(operator1.address, 'provider one'), await net.registerDevice(operator2.address, 'provider two')]
    for (const operator of [operator1, operator2]) await net.send(operator, { ...net.contracts.token, functionName: 'approve', args: [market.address, 10n * TOKEN] })
  })
  afterAll(() => vi.unstubAllEnvs())
  revertEachTest(() => net)

  const compute = (...args: string[]) => runPinion('compute', ...args, '--network', networkFile, '--data-dir', dir)
  const json = async (...args: string[]) => {
    const run = await compute(...args, '--json')
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    return JSON.parse(run.out) as Record<string, unknown>
  }
  const spec = (fields: Record<string, unknown>) => {
    const path = join(dir, `spec-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(path, JSON.stringify(fields))
    return path
  }
  const RAYTRACE = {
    workload: 'raytrace',
    raytrace: { width: 32, height: 24, bands: 3, samples: 2, seed: 5 },
    maxPricePerSecond: '0.001',
    durationSeconds: 600,
    approvalWindowSeconds: 60,
  }

  it('deploys a job, lists its bids lowest first, accepts one, delivers the job to the winner, follows its tasks, fetches, re-runs and counter-signs the results into the image, and closes the lease', async () => {
    const deployed = await json('deploy', spec(RAYTRACE), '--account', 'admin')
    expect(deployed).toMatchObject({ orderId: '1', tasks: 3, deposit: (6n * 10n ** 17n).toString() })
    expect(deployed.specHash).toMatch(/^0x[0-9a-f]{64}$/)
    // Two providers bid: the second asks less.
    await net.send(operator1, { ...market, functionName: 'bid', args: [1n, devices[0]!, 8n * 10n ** 14n] })
    await net.send(operator2, { ...market, functionName: 'bid', args: [1n, devices[1]!, 5n * 10n ** 14n] })
    const bids = await json('bids', '1')
    expect((bids.bids as { bidId: string; deviceId: string; state: string }[]).map((b) => [b.bidId, b.deviceId, b.state])).toEqual([
      ['2', devices[1]!.toString(), 'open'],
      ['1', devices[0]!.toString(), 'open'],
    ])
    const human = await compute('bids', '1')
    expect(human.out).toMatch(/^order 1 \(open\), at most 0\.001 PIN\/s, bidding until .*\nbid 2 {2}0\.0005 PIN\/s {2}device /)

    expect(await json('accept', '1', '2', '--account', 'admin')).toEqual({ orderId: '1', leaseId: '1' })
    await net.send(operator2, { ...market, functionName: 'startLease', args: [1n] })
    await net.travel(100n)
    const status = await json('status', '1')
    expect(status).toMatchObject({ leaseId: '1', state: 'active', orderId: '1', pricePerSecond: (5n * 10n ** 14n).toString() })
    expect(BigInt(status.accrued as string)).toBeGreaterThanOrEqual(100n * 5n * 10n ** 14n)

    // The customer hands the job to the winner's node, which runs the bands; the customer fetches
    // them, re-runs three here, counter-signs each, and gets the image the ray tracer draws.
    const leases = testLeases()
    // The node looks its leases up in `leases` (a stand-in for its chain reader, which `pinion provider run` wires).
    const { nodes, close } = await startProviderNodes(1, { leases })
    try {
      leases.open(1n, { customer: admin.address, specHash: deployed.specHash as Hex, deviceId: nodes[0]!.deviceId })
      expect(await json('deliver', '1', '--provider', nodes[0]!.url, '--account', 'admin')).toMatchObject({ leaseId: '1', stored: true, tasks: 3 })
      await nodes[0]!.idle()
      // logs asks the node only: no network flags.
      const logsRun = await runPinion('compute', 'logs', '1', '--provider', nodes[0]!.url, '--json')
      expect([logsRun.code, logsRun.err]).toEqual([0, ''])
      const logs = JSON.parse(logsRun.out) as Record<string, unknown>
      expect((logs.tasks as { state: string; exitCode: number }[]).map((t) => [t.state, t.exitCode])).toEqual([
        ['done', 0],
        ['done', 0],
        ['done', 0],
      ])
      const out = join(dir, 'results')
      expect(await json('results', '1', '--provider', nodes[0]!.url, '-o', out, '--check', '3', '--account', 'admin')).toMatchObject({ done: 3, of: 3, countersigned: 3 })
      const inputs = raytraceJob(RAYTRACE.raytrace)
      const expected = assembleImage(
        inputs.map((input) => renderReference(input)),
        RAYTRACE.raytrace,
      )
      expect(Buffer.from(readFileSync(join(out, 'image.png'))).equals(Buffer.from(expected))).toBe(true)
      // Counter-signed once: fetching again signs nothing more.
      expect(await json('results', '1', '--provider', nodes[0]!.url, '-o', out, '--account', 'admin')).toMatchObject({ countersigned: 0 })
    } finally {
      await close()
    }
    expect(await json('close', '1', '--account', 'admin')).toMatchObject({ leaseId: '1', state: 'closed' })
  })

  it('refuses a spec that is not one, and a bid only the customer may accept, each with its code', async () => {
    const unknownKey = await compute('deploy', spec({ ...RAYTRACE, colour: 'red' }), '--account', 'admin')
    expect([unknownKey.code, unknownKey.err]).toEqual([1, expect.stringMatching(/the job spec has no key "colour".*\[PINION_ERR_COMPUTE_SPEC\]/)])
    const noPrice = await compute('deploy', spec({ ...RAYTRACE, maxPricePerSecond: 0.001 }), '--account', 'admin')
    expect(noPrice.err).toMatch(/maxPricePerSecond is 0\.001; expected a positive number of tokens as a string.*\[PINION_ERR_COMPUTE_SPEC\]/)
    await json('deploy', spec(RAYTRACE), '--account', 'admin')
    await net.send(operator1, { ...market, functionName: 'bid', args: [1n, devices[0]!, 8n * 10n ** 14n] })
    const stranger = await compute('accept', '1', '1', '--account', 'operator-2')
    expect([stranger.code, stranger.err]).toEqual([1, expect.stringMatching(/NotCustomer\(1, .*\[PINION_ERR_COMPUTE_MARKET\]/)])
    const early = await compute('accept', '1', '--account', 'operator-2')
    expect(early.err).toMatch(/BiddingOpen\(1, .*\[PINION_ERR_COMPUTE_MARKET\]/)
  })
})
