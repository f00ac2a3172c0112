import { KeyType, type Registration, deviceRegistryAbi, registrationTypedData, rewardDistributorAbi } from '@pinion/contracts'
import { encodeHeartbeat, uptime } from '@pinion/kinds/uptime'
import { generateDeviceKey, networkIdOf, signReport } from '@pinion/protocol'
import Fastify from 'fastify'
import { type Hex, createWalletClient, http, keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNetwork } from '../../../contracts/test/fixture.ts'
import { TreeCache } from '../api/proofs.ts'
import { registerApi } from '../api/registerApi.ts'
import { epochWindow } from '../chain/schedule.ts'
import { createIngest } from '../ingest/createIngest.ts'
import { openTestDb } from '../store/testDb.ts'
import { type EpochRunnerOptions, computeAndSignEpoch, isSealed } from './epochRunner.ts'
import { publishRoot } from './publisher.ts'

const EPOCH_SECONDS = 60n
const LATE_MS = 5_000

/**
 * Three oracles with their own stores and APIs, driven by hand with a pinned clock: reports reach
 * oracle A only (B and C take them from A's published inputs), and the distributor requires 2 of 3.
 */
describe('roots need a quorum of agreeing oracles', () => {
  let net: Awaited<ReturnType<typeof startNetwork>>
  const cleanups: (() => Promise<unknown>)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  type Oracle = { options: EpochRunnerOptions; url: string }
  const oracles: Oracle[] = []
  let genesisMs: bigint
  let now: number

  beforeAll(async () => {
    net = await startNetwork()
    cleanups.push(() => net.stop())
    const genesis = (await net.publicClient.getBlock()).timestamp
    genesisMs = genesis * 1000n
    // A fresh deployment whose epoch 0 starts now, with one-minute epochs.
    const { deploy } = await import('@pinion/contracts')
    // Its maker is approved while deploying: afterwards the registry answers to governance only.
    const deployment = await deploy(net.walletFor(net.accounts.admin), {
      ...net.params,
      emissions: { ...net.params.emissions, genesisTime: genesis, epochDuration: EPOCH_SECONDS },
      registry: { makers: [{ deviceClass: 1, maker: net.accounts.maker.address }] },
    })
    const schedule = { genesisTime: genesis, epochDuration: EPOCH_SECONDS }
    const networkId = networkIdOf(net.chain.id, deployment.registry)

    // Two devices, registered by an approved maker.
    const { admin, maker } = net.accounts
    const keys = [generateDeviceKey('ed25519'), generateDeviceKey('p256')]
    for (const [i, key] of keys.entries()) {
      const registration: Registration = { keyType: key.type === 'ed25519' ? KeyType.Ed25519 : KeyType.P256, key: key.publicKey, deviceClass: 1, serial: keccak256(toHex(`serial-${i}`)), owner: net.accounts.users[i]!.address }
      const signature = await net.walletFor(maker).signTypedData(registrationTypedData(net.chain.id, deployment.registry, registration))
      await net.send(maker, { address: deployment.registry, abi: deviceRegistryAbi, functionName: 'registerDevice', args: [registration, maker.address, signature] })
    }

    now = Number(genesisMs) + 1_000
    const pools = [{ name: 'uptime', basisPoints: 9_500 }, { name: 'treasury', basisPoints: 500 }]
    for (const [i, account] of net.accounts.oracles.entries()) {
      const { db, cleanup } = await openTestDb()
      cleanups.push(cleanup)
      const app = Fastify()
      const base = {
        db,
        client: net.publicClient as never,
        wallet: createWalletClient({ account, chain: net.chain, transport: http(net.devnet.rpcUrl) }),
        deployment,
        schedule,
        networkId,
        kinds: new Map([['uptime', uptime]]),
        kindParams: new Map<string, unknown>([['uptime', { subIntervalMs: 6_000n }]]),
        // Oracle C is misconfigured: it pays the pools differently, so its root differs.
        pools: i === 2 ? [{ name: 'uptime', basisPoints: 9_000 }, { name: 'treasury', basisPoints: 1_000 }] : pools,
        residual: { name: 'treasury', recipient: admin.address },
        peers: [] as string[],
        oracles: net.accounts.oracles.map((o) => o.address),
        lateReportMs: LATE_MS,
        now: () => now,
      }
      registerApi(app, {
        db,
        trees: new TreeCache(db),
        oracle: account.address,
        reasons: {},
        windowOf: (epoch) => epochWindow(schedule, epoch, '0x'),
        isSealed: (epoch) => isSealed(base, epoch),
        network: {},
      })
      const url = await app.listen({ host: '127.0.0.1', port: 0 })
      cleanups.push(() => app.close())
      oracles.push({ options: base, url })
    }
    for (const oracle of oracles) oracle.options = { ...oracle.options, peers: oracles.filter((o) => o !== oracle).map((o) => o.url) }

    // Heartbeats through oracle A's ingest, at the pinned time, across epoch 0.
    const a = oracles[0]!
    const ingest = await createIngest({ db: a.options.db, networkId, clock: () => now, verifierThreads: 1 })
    cleanups.push(() => ingest.close())
    const { followOnce } = await import('../chain/follower.ts')
    await followOnce({ db: a.options.db, client: net.publicClient as never, registry: deployment.registry, fromBlock: deployment.blockNumber, confirmations: 0 })
    let sequence = 0n
    for (let t = 1_000n; t < EPOCH_SECONDS * 1000n; t += 6_000n) {
      now = Number(genesisMs + t)
      const reports = keys.map((key) =>
        signReport(key, { networkId, sequence: ++sequence, timestampMs: genesisMs + t, kind: 'uptime', payloadType: 'heartbeat', payload: encodeHeartbeat({ uptimeSeconds: t / 1000n, firmwareVersion: 'test' }) }),
      )
      const results = await ingest.submit(reports)
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted'])
    }

    // The chain and the clock move past the epoch and its lateness window: epoch 0 is sealed.
    await net.testClient.setNextBlockTimestamp({ timestamp: genesis + EPOCH_SECONDS + 10n })
    await net.testClient.mine({ blocks: 1 })
    now = Number(genesisMs) + Number(EPOCH_SECONDS) * 1000 + LATE_MS + 2_000
  }, 120_000)

  const nextEpoch = () =>
    net.publicClient.readContract({ address: oracles[0]!.options.deployment.distributor, abi: rewardDistributorAbi, functionName: 'nextEpoch' })
  const publishFrom = (oracle: Oracle, epoch = 0n) =>
    publishRoot(
      {
        db: oracle.options.db,
        client: oracle.options.client,
        wallet: oracle.options.wallet,
        chainId: net.chain.id,
        distributor: oracle.options.deployment.distributor,
        emissions: oracle.options.deployment.emissions,
        peers: oracle.options.peers,
      },
      epoch,
      oracle.options.wallet.account.address,
    )

  it('does not commit with one oracle alone, nor with one that signed other values', async () => {
    const [a, , c] = oracles as [Oracle, Oracle, Oracle]
    expect(await computeAndSignEpoch(a.options, 0n)).toBe(true)
    expect(await publishFrom(a)).toMatchObject({ status: 'waiting', signatures: 1, quorum: 2 })

    // C computes from A's published inputs but with other pool weights: a different root.
    expect(await computeAndSignEpoch(c.options, 0n)).toBe(true)
    const rootOf = async (o: Oracle) => (await o.options.db.query<{ root: Hex }>('select root from epochs where epoch = 0')).rows[0]!.root
    expect(await rootOf(c)).not.toBe(await rootOf(a))
    expect(await publishFrom(a)).toMatchObject({ status: 'waiting', signatures: 1, quorum: 2 })
    expect(await publishFrom(c)).toMatchObject({ status: 'waiting', signatures: 1, quorum: 2 })
    expect(await nextEpoch()).toBe(0n)
  })

  it('commits once two oracles signed the same root, computed from the same published inputs', async () => {
    const [a, b] = oracles as [Oracle, Oracle, Oracle]
    expect(await computeAndSignEpoch(b.options, 0n)).toBe(true)
    const roots = await Promise.all([a, b].map(async (o) => (await o.options.db.query<{ root: Hex; report_count: number }>('select root, report_count from epochs where epoch = 0')).rows[0]!))
    expect(roots[1]).toEqual(roots[0])
    expect(Number(roots[0]!.report_count)).toBe(20) // B saw A's twenty reports through /inputs

    const outcome = await publishFrom(b)
    expect(outcome.status).toBe('committed')
    expect(await nextEpoch()).toBe(1n)
    const [epoch, root] = await net.publicClient.readContract({ address: a.options.deployment.distributor, abi: rewardDistributorAbi, functionName: 'latestRoot' })
    expect([epoch, root]).toEqual([0n, roots[0]!.root])
    expect(await publishFrom(a)).toEqual({ status: 'already-committed' })
  })

  it('lets two oracles publish the same epoch at once: one commits, the other finds it committed, neither fails', async () => {
    const [a, b] = oracles as [Oracle, Oracle, Oracle]
    const genesis = genesisMs / 1000n
    await net.testClient.setNextBlockTimestamp({ timestamp: genesis + 2n * EPOCH_SECONDS + 10n })
    await net.testClient.mine({ blocks: 1 })
    now = Number(genesisMs) + 2 * Number(EPOCH_SECONDS) * 1000 + LATE_MS + 2_000
    for (const o of [a, b]) expect(await computeAndSignEpoch(o.options, 1n)).toBe(true)
    const outcomes = await Promise.all([publishFrom(a, 1n), publishFrom(b, 1n)])
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already-committed', 'committed'])
    expect(await nextEpoch()).toBe(2n)
  })
})
