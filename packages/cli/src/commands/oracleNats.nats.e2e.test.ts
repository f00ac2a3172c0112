import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Devnet, devnetAccounts, devnetPrivateKey, rewardDistributorAbi, startDevnet, waitForReceipt } from '@pinion/contracts'
import { runPinion } from '@pinion/testkit/cli/runPinion'
import { type SpawnedPinion, spawnPinion } from '@pinion/testkit/cli/spawnPinion'
import { createScratchDatabase } from '@pinion/testkit/oracle/scratchDatabase'
import { until } from '@pinion/testkit/until'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { connectReportStream } from '../../../oracle/src/jetstream/reportStream.ts'

/**
 * `pinion oracle --nats … --role …` end to end, as an operator runs it (docs/production.md): a
 * network deployed by `pinion deploy` on anvil, its one oracle run as three processes of the
 * `pinion` binary on NATS JetStream and PostgreSQL (an ingest node, the writers, the epoch leader),
 * two devices registered by `pinion device register` and run by `pinion device run` against the
 * ingest node. An epoch with their reports is computed, its root committed on chain by the leader,
 * and once the dispute window has passed (anvil's clock moved on, not waited for) `pinion rewards
 * claim` pays the device owner by the root's Merkle proof.
 *
 * The oracles and devices run on wall-clock epochs of a few seconds (separate processes take no
 * injected clock); the bounds below are backstops against a hang, not measurements.
 */
const NETWORK_TS = fileURLToPath(new URL('../config/network.ts', import.meta.url))
const CONFIG = `import { defineNetwork } from ${JSON.stringify(NETWORK_TS)}
export default defineNetwork({
  epochs: { durationSeconds: 8, lateReportMs: 3_000, initialEmission: 10_000n, halvingInterval: 0 },
  kinds: { uptime: { subIntervalMs: 1_000 } },
  oracles: { count: 1, quorum: 1 },
})
`
const STARTED_TIMEOUT_MS = 180_000
const COMMITTED_TIMEOUT_MS = 300_000
/**
 * The distributor holds at most 15 roots in their dispute window (RewardDistributor's
 * PENDING_ROOT_SLOTS - 1): under the production window (a day) a network of 8-second epochs stops
 * committing at its 15th root, two minutes after genesis, before the devices' first reports may be
 * in an epoch. A window of a few epochs keeps commits flowing, as on a real network of daily epochs.
 */
const DISPUTE_WINDOW_SECONDS = 10

const [deployer, oracle, , , maker, owner] = devnetAccounts(6)

/** A port nothing listens on now, for the ingest node's URL, which `pinion deploy` records. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('pinion oracle on NATS JetStream, one process per role', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-nats-e2e-'))
  const dataDir = join(dir, '.pinion')
  const config = join(dir, 'pinion.config.ts')
  const streamName = `PINION_E2E_${process.pid}_${Date.now() % 1_000_000}`
  const runs: SpawnedPinion[] = []
  let devnet: Devnet | undefined
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined

  afterAll(async () => {
    vi.unstubAllEnvs()
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) run.signalGroup('SIGKILL')
    await Promise.all(runs.map((run) => run.exited))
    await devnet?.stop()
    await scratch?.drop()
    const stream = await connectReportStream({
      url: process.env.NATS_URL!,
      stream: streamName,
      subjectPrefix: `pinion.${streamName.toLowerCase()}`,
      partitions: 2,
      replicas: 1,
      duplicateWindowMs: 120_000,
      maxAgeMs: 3_600_000,
      publishTimeoutMs: 5_000,
    }).catch(() => undefined)
    await stream?.jsm.streams.delete(streamName).catch(() => undefined)
    await stream?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Resolves once `run` printed a line matching `pattern` on either stream (the oracle logs to stderr). */
  const printed = (run: SpawnedPinion, pattern: RegExp, timeoutMs: number) =>
    until(
      `pinion ${run.child.spawnargs.slice(2, 6).join(' ')} printed ${pattern}`,
      async () => {
        if (run.child.exitCode !== null)
          throw new Error(
            `it exited with ${run.child.exitCode}:\n${run.lines
              .map((l) => l.text)
              .join('\n')
              .slice(-3_000)}`,
          )
        return run.lines.find((line) => pattern.test(line.text))?.text
      },
      {
        timeoutMs,
        intervalMs: 200,
        context: () =>
          run.lines
            .slice(-15)
            .map((l) => l.text)
            .join('\n'),
      },
    )

  /** Calls one of anvil's own RPC methods (mining, time). */
  const anvil = async (method: string, params: unknown[]) => {
    const response = await fetch(devnet!.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    expect(((await response.json()) as { error?: unknown }).error).toBeUndefined()
  }

  it('deploys, ingests through JetStream into PostgreSQL, commits an epoch root on chain, and pays a claim by it', { timeout: 900_000 }, async () => {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(config, CONFIG)
    mkdirSync(join(dataDir, 'keys'), { recursive: true })
    // Automine while deploying (a block a second would make each of its transactions wait for one:
    // 90 s here), then a block a second, as a real chain: an epoch is computed once a block past its
    // end exists.
    devnet = await startDevnet()
    scratch = await createScratchDatabase(process.env.DATABASE_URL!)
    const ingestPort = await freePort()
    const ingestUrl = `http://127.0.0.1:${ingestPort}`

    vi.stubEnv('PINION_DEPLOYER_KEY', devnetPrivateKey(0))
    const deployed = await runPinion(
      'deploy',
      '--rpc-url',
      devnet.rpcUrl,
      '--config',
      config,
      '--oracle',
      `${oracle!.address}=${ingestUrl}`,
      '--maker',
      maker!.address,
      '--dispute-window',
      String(DISPUTE_WINDOW_SECONDS),
      '--out',
      join(dataDir, 'network.json'),
      '--json',
    )
    expect(deployed.err).toBe('')
    expect(deployed.code).toBe(0)
    expect(JSON.parse(deployed.out).deployment.deployedBy).toBe(deployer!.address)
    await anvil('evm_setIntervalMining', [1])

    const env = { DATABASE_URL: scratch.url, PINION_ORACLE_KEY: devnetPrivateKey(1) }
    const natsFlags = ['--nats', process.env.NATS_URL!, '--stream', streamName, '--partitions', '2']
    const oracleArgs = ['oracle', '--network', join(dataDir, 'network.json'), '--config', config, '--confirmations', '0', ...natsFlags]
    const start = (args: string[]) => {
      const run = spawnPinion(args, { cwd: dir, env })
      runs.push(run)
      return run
    }
    // The leader first: it migrates the fresh database before the others open it. It starts while
    // the devices are registered (its follower reads them from the chain), which saves its start-up.
    const leader = start([...oracleArgs, '--role', 'epoch', '--port', '0'])

    const keys = [join(dataDir, 'keys', 'device-1.json'), join(dataDir, 'keys', 'device-2.json')]
    for (const made of await Promise.all(keys.map((key) => runPinion('device', 'keygen', '--out', key)))) expect(made.code).toBe(0)
    // One after the other: both are sent by the devnet's maker account, whose nonces would collide.
    for (const key of keys) {
      const registered = await runPinion('device', 'register', '--key', key, '--owner', owner!.address, '--data-dir', dataDir, '--json')
      expect(registered.code).toBe(0)
    }

    await printed(leader, /oracle started/, STARTED_TIMEOUT_MS)
    await printed(leader, /leader elected/, STARTED_TIMEOUT_MS)
    const writer = start([...oracleArgs, '--role', 'writer', '--port', '0'])
    const ingest = start([...oracleArgs, '--role', 'ingest', '--port', String(ingestPort)])
    // The devices report to the oracle URL network.json names: the ingest node. They start with it
    // (what they send before it listens stays in their outbox and is sent again).
    for (const key of keys) start(['device', 'run', '--key', key, '--data-dir', dataDir, '--config', config])
    await Promise.all([printed(writer, /oracle started/, STARTED_TIMEOUT_MS), printed(ingest, /oracle started/, STARTED_TIMEOUT_MS)])

    type EpochSummary = { epoch: string; rootState: string; validReports: number; reports: number; root: string }
    // Valid reports alone may pay nothing: an uptime device earns only for the epoch's sub-intervals
    // it was up in, and on a loaded machine the devices may start too late in the first one. So: a
    // committed root that pays the owner.
    type Recipient = { claim: { epoch: string; cumulativeAmount: string } | null }
    const committed = await until(
      'an epoch with the devices’ reports committed on chain, paying their owner',
      async () => {
        const { epochs } = (await (await fetch(`${ingestUrl}/v1/epochs`)).json()) as { epochs: EpochSummary[] }
        const { claim } = (await (await fetch(`${ingestUrl}/v1/recipients/${owner!.address}`)).json()) as Recipient
        if (claim === null || BigInt(claim.cumulativeAmount) === 0n) return undefined
        return epochs.find((epoch) => epoch.rootState === 'committed' && epoch.validReports > 0 && BigInt(epoch.epoch) <= BigInt(claim.epoch))
      },
      { timeoutMs: COMMITTED_TIMEOUT_MS, intervalMs: 1_000, context: () => runs.flatMap((run) => run.lines.slice(-5).map((l) => l.text)).join('\n') },
    )
    // The ingest node serves it from the shared store, with the quorum of one that signed it on chain.
    const stored = await fetch(`${ingestUrl}/v1/epochs/${committed.epoch}`)
    expect(stored.status).toBe(200)
    const detail = (await stored.json()) as { root: string; signatures: { oracle: string; root: string }[] }
    expect(detail.signatures).toEqual([expect.objectContaining({ oracle: oracle!.address.toLowerCase(), root: committed.root })])

    // Past the dispute window (anvil's clock moved on), the root is claimable once promoted (a
    // matured root stays pending until a commit or promoteRoots, which anyone may send: the deployer
    // here, rather than waiting for the leader's next tick): the owner's claim pays.
    await anvil('evm_increaseTime', [DISPUTE_WINDOW_SECONDS + 60])
    const distributor = { address: JSON.parse(deployed.out).deployment.distributor as `0x${string}`, abi: rewardDistributorAbi } as const
    const chainClient = createPublicClient({ chain: devnet.chain, transport: http(devnet.rpcUrl) })
    const wallet = createWalletClient({ account: privateKeyToAccount(devnetPrivateKey(0)), chain: devnet.chain, transport: http(devnet.rpcUrl) })
    await waitForReceipt(chainClient, await wallet.writeContract({ ...distributor, functionName: 'promoteRoots' }))
    const [newestClaimable] = await chainClient.readContract({ ...distributor, functionName: 'claimableRoots' })
    expect(newestClaimable!.epoch).toBeGreaterThanOrEqual(BigInt(committed.epoch))
    const before = await runPinion('rewards', 'show', owner!.address, '--data-dir', dataDir, '--json', '--base-units')
    expect(before.code).toBe(0)
    const position = JSON.parse(before.out) as { claimable: string; claimed: string; claim: { epoch: string; proof: string[] } | null }
    expect(BigInt(position.claimable)).toBeGreaterThan(0n)
    expect(BigInt(position.claim!.epoch)).toBeGreaterThanOrEqual(BigInt(committed.epoch))
    const claim = await runPinion('rewards', 'claim', owner!.address, '--data-dir', dataDir, '--json', '--base-units')
    expect(claim.err).toBe('')
    expect(claim.code).toBe(0)
    const after = JSON.parse((await runPinion('rewards', 'show', owner!.address, '--data-dir', dataDir, '--json', '--base-units')).out) as { claimed: string; balance: string }
    expect(BigInt(after.claimed)).toBe(BigInt(position.claimed) + BigInt(position.claimable))
    expect(BigInt(after.balance)).toBeGreaterThanOrEqual(BigInt(position.claimable))

    // Each role ran as asked: the writer and ingest processes never led (the leader lock is the epoch role's).
    expect(writer.lines.some((line) => /leader elected/.test(line.text))).toBe(false)
    expect(ingest.lines.some((line) => /leader elected/.test(line.text))).toBe(false)
  })
})
