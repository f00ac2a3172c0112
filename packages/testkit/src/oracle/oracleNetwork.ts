import { cpSync, mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEVNET_GOVERNANCE, type Deployment, type Devnet, deploy, devnetAccounts, mineBlockAt, rewardDistributorAbi, startDevnet } from '@pinion/contracts'
import { registerFleet } from '@pinion/device'
import type { Kind } from '@pinion/kinds'
import { encodeHeartbeat, uptime } from '@pinion/kinds/uptime'
import { type DeviceKey, deviceIdOf, generateDeviceKey, networkIdOf, signReport } from '@pinion/protocol'
import { type Hex, type PublicClient, createPublicClient, createTestClient, createWalletClient, http, keccak256, parseEther, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { governedParams } from '../../../oracle/src/epoch/governedParams.ts'
import { encodeReportBatch } from '../../../oracle/src/ingest/wire.ts'
import { VerifyPool } from '../../../oracle/src/ingest/verifyPool.ts'
import { type RunningOracle, startOracle } from '../../../oracle/src/service/startOracle.ts'
import { SMALL_PGLITE_MEMORY, openPgliteDb } from '../../../oracle/src/store/pgliteDb.ts'
import { type TcpProxy, startTcpProxy } from './tcpProxy.ts'
import { until } from '../until.ts'

export type OracleNetworkOptions = {
  oracles?: number
  /** Oracles that run from the start but are not in the set: governance can add them. */
  standby?: number
  /** The token's cap, in epochs of emission after the treasury's genesis allocation (e.g. 12.5). */
  capEpochs?: number
  quorum?: number
  devices?: number
  epochSeconds?: bigint
  lateReportMs?: number
  roundMs?: number
  manifestWaitMs?: number
  peerTimeoutMs?: number
}

const SEAL_MARGIN_MS = 1_000
const TOKEN = 10n ** 18n
const EPOCH_EMISSION = 10_000n * TOKEN
/** The treasury's genesis allocation: votes from day one (4% quorum of a supply it dominates). */
const TREASURY_GENESIS = 1_000_000n * TOKEN
const KIND_PARAMS: ReadonlyMap<string, unknown> = new Map([['uptime', { subIntervalMs: 10_000 }]])
const POOLS = [
  { name: 'uptime.uptime', basisPoints: 9_500 },
  { name: 'treasury', basisPoints: 500 },
]
/** A root is claimable this long after it is committed, by chain time (which the test drives too). */
const DISPUTE_WINDOW_SECONDS = 5

type LogLine = { oracle: number; event: string; fields: Record<string, unknown> }

/**
 * A live network of oracles for consensus tests, through real parts only: anvil, the deployed
 * contracts, registered devices, and oracles (startOracle, each with its own PGlite on disk) that
 * reach each other over HTTP through TCP proxies the test can make refuse or hang. Time is the
 * test's: every oracle reads `now`, and the chain's blocks are mined at the times the test sets,
 * so an epoch closes when the test says so, never by waiting for it.
 */
export async function startOracleNetwork(options: OracleNetworkOptions = {}) {
  const oracleCount = options.oracles ?? 3
  const quorum = options.quorum ?? 2
  const epochSeconds = options.epochSeconds ?? 60n
  const lateReportMs = options.lateReportMs ?? 5_000
  const roundMs = options.roundMs ?? 10_000
  const manifestWaitMs = options.manifestWaitMs ?? 5_000
  // Made while the chain starts and the contracts deploy: the stores' template (see startOracleAt),
  // and the signature verifier every oracle shares (a thread of its own).
  const storeTemplate = migratedStore()
  const verifierStarted = VerifyPool.start({ size: 1 })
  const devnet: Devnet = await startDevnet()
  const transport = http(devnet.rpcUrl)
  const client = createPublicClient({ chain: devnet.chain, transport, pollingInterval: 50 }) as PublicClient
  const testClient = createTestClient({ chain: devnet.chain, transport, mode: 'anvil' })
  const accounts = devnetAccounts(10)
  const [admin, maker] = [accounts[0]!, accounts[4]!]
  const standbyAccounts = Array.from({ length: options.standby ?? 0 }, (_, i) => privateKeyToAccount(keccak256(toHex(`pinion-test/standby-oracle/${i}`))))
  for (const account of standbyAccounts) await testClient.setBalance({ address: account.address, value: parseEther('100') })
  const setAccounts = accounts.slice(1, 1 + oracleCount)
  const oracleAccounts = [...setAccounts, ...standbyAccounts]
  const operators = accounts.slice(5, 10)

  // Blocks are one second apart whatever the wall clock does: chain time moves only when the test
  // says so (and a second per block of the oracles' own transactions).
  await testClient.setBlockTimestampInterval({ interval: 1 })
  const head = await client.getBlock()
  const genesis = head.timestamp + 1n
  const kinds = new Map<string, Kind>([['uptime', uptime as Kind]])
  // Oracle 0 runs the registry's kind, and computes an epoch of more than IN_THREAD_MAX_REPORTS on a
  // thread of its own (computeOffThread.ts), as in production; the others run a copy of it, which
  // they compute in their own thread: each computing thread an oracle starts loads the TypeScript
  // sources again, ~3 s of CPU (5-8 s of wall time on a busy machine) for an epoch of 3,000 reports
  // that takes well under a second to compute. That the two paths reach one root is asserted too.
  const kindCopy = new Map<string, Kind>([['uptime', { ...(uptime as Kind) }]])
  const oracleKinds = (i: number) => (i === 0 ? kinds : kindCopy)
  const cap = options.capEpochs === undefined ? 10n ** 27n : TREASURY_GENESIS + (EPOCH_EMISSION * BigInt(Math.round(options.capEpochs * 100))) / 100n
  const deployment: Deployment = await deploy(createWalletClient({ account: admin, chain: devnet.chain, transport }), {
    // The treasury holds votes from genesis, so governance can act at once.
    token: { name: 'Pinion', symbol: 'PIN', cap, genesisAllocations: [{ holder: admin.address, amount: TREASURY_GENESIS }] },
    emissions: { genesisTime: genesis, epochDuration: epochSeconds, initialEpochEmission: EPOCH_EMISSION, halvingInterval: 0n },
    oracles: { signers: setAccounts.map((a) => a.address), quorum },
    governance: DEVNET_GOVERNANCE,
    guardian: admin.address,
    disputeWindowSeconds: DISPUTE_WINDOW_SECONDS,
    registry: { makers: [{ deviceClass: 1, maker: maker.address }] },
    params: governedParams(kinds, KIND_PARAMS, POOLS, { name: 'treasury', recipient: admin.address }),
    kinds: [...kinds.keys()],
  })
  const keys: DeviceKey[] = Array.from({ length: options.devices ?? 4 }, (_, i) => generateDeviceKey(i % 2 === 0 ? 'ed25519' : 'p256'))
  await registerFleet({
    walletClient: createWalletClient({ account: maker, chain: devnet.chain, transport }),
    registry: deployment.registry,
    chainId: devnet.chain.id,
    devices: keys.map((key, i) => ({ key, owner: operators[i % operators.length]!.address })),
    maker,
    deviceClass: 1,
  })
  const schedule = { genesisTime: genesis, epochDuration: epochSeconds }
  const networkId = networkIdOf(devnet.chain.id, deployment.registry)
  const genesisMs = Number(genesis) * 1000
  let now = genesisMs
  const clock = () => now

  const verifier = await verifierStarted
  const proxies: TcpProxy[] = []
  for (let i = 0; i < oracleAccounts.length; i++) proxies.push(await startTcpProxy())
  const dataDirs = oracleAccounts.map((_, i) => mkdtempSync(join(tmpdir(), `pinion-oracle-${i}-`)))
  /** Data directories no oracle has opened yet: they start from the migrated template. */
  const emptyDirs = new Set(dataDirs)
  const template = await storeTemplate
  const wiped: string[] = []
  const logs: LogLine[] = []
  const running: (RunningOracle | undefined)[] = new Array(oracleAccounts.length)

  async function startOracleAt(i: number, overrides: { pools?: { name: string; basisPoints: number }[]; kinds?: Map<string, Kind> } = {}): Promise<RunningOracle> {
    // An empty data directory starts as a copy of the migrated store: it then opens in ~0.3 s, where
    // a new store's migrations take ~1.5 s (and ~2.5 s of CPU) each. Copied synchronously: ~0.15 s
    // for its ~1,000 files, where fs.promises.cp's per-file overhead costs the shared thread more.
    if (emptyDirs.delete(dataDirs[i]!)) cpSync(template, dataDirs[i]!, { recursive: true })
    const oracle = await startOracle({
      account: oracleAccounts[i]!,
      chain: devnet.chain,
      rpcUrl: devnet.rpcUrl,
      deployment,
      schedule,
      kinds: overrides.kinds ?? oracleKinds(i),
      kindParams: KIND_PARAMS,
      pools: overrides.pools ?? POOLS,
      residual: { name: 'treasury', recipient: admin.address },
      oracles: oracleAccounts.map((account, j) => ({ address: account.address, url: proxies[j]!.url })),
      dataDir: dataDirs[i],
      pgliteMemory: SMALL_PGLITE_MEMORY,
      port: 0,
      lateReportMs,
      verifier,
      perDeviceReports: { capacity: 100_000, refillPerSecond: 100_000 },
      intervalMs: 200,
      clock,
      consensus: {
        sealMarginMs: SEAL_MARGIN_MS,
        roundMs,
        manifestWaitMs,
        staggerMs: 300,
        peerTimeoutMs: options.peerTimeoutMs ?? 1_000,
      },
      log: (event, fields) => logs.push({ oracle: i, event, fields }),
    })
    proxies[i]!.setTarget(Number(new URL(oracle.url).port))
    running[i] = oracle
    return oracle
  }
  // Side by side: each opens its own store and catches up with the chain, needing no other. The
  // network is ready once every oracle's follower has seen the whole fleet registered.
  await Promise.all(
    oracleAccounts.map(async (_, i) => {
      const oracle = await startOracleAt(i)
      await until(`oracle ${i} to see the ${keys.length} registered devices`, async () => {
        const status = (await (await fetch(`${oracle.url}/v1/status`)).json()) as { devices?: number }
        return (status.devices ?? 0) >= keys.length ? true : undefined
      })
    }),
  )

  const distributor = { address: deployment.distributor, abi: rewardDistributorAbi } as const
  const sequences = new Map<Hex, bigint>()

  const network = {
    devnet,
    client,
    testClient,
    deployment,
    schedule,
    networkId,
    keys,
    operators,
    oracleAccounts,
    proxies,
    logs,
    genesisMs,
    epochMs: Number(epochSeconds) * 1000,
    lateReportMs,
    /** The oracles' clock. */
    now: () => now,
    oracle: (i: number) => running[i],
    /** The base URL of oracle `i` itself (not its proxy). */
    url: (i: number) => running[i]!.url,
    /** Start of `epoch`, unix ms. */
    epochStartMs: (epoch: number) => genesisMs + epoch * Number(epochSeconds) * 1000,

    /**
     * Mines a block at `ms` (or a second after the last one, if later), then moves the oracles' clock
     * there: the chain first, so no block before a time anyone has seen can still appear.
     */
    async setTime(ms: number) {
      await mineBlockAt({ test: testClient, public: client }, BigInt(Math.floor(ms / 1000)))
      now = ms
    },

    /** Moves chain time `seconds` past its head (and the oracles' clock with it, if behind). */
    async advanceChain(seconds: number) {
      const headMs = Number((await client.getBlock({ blockTag: 'latest' })).timestamp) * 1000
      await network.setTime(Math.max(now, headMs) + seconds * 1000)
    },

    /** Moves chain time (and the oracles' clock with it) past the dispute window of every root committed so far. */
    async passDisputeWindow() {
      await network.advanceChain(DISPUTE_WINDOW_SECONDS + 1)
    },

    /** Moves time past `epoch`'s end and lateness window, so every oracle seals it. */
    async sealEpoch(epoch: number) {
      await network.setTime(network.sealAtMs(epoch) + 500)
    },

    /** When `epoch` seals (its end, the lateness window, the seal margin). */
    sealAtMs: (epoch: number) => network.epochStartMs(epoch + 1) + lateReportMs + SEAL_MARGIN_MS,

    /** Moves time to where `round`'s proposer of `epoch` has waited out its manifest wait. */
    async toRound(epoch: number, round: number) {
      await network.setTime(network.sealAtMs(epoch) + round * roundMs + manifestWaitMs + 500)
    },

    /** A heartbeat of device `index` at `timestampMs`, signed with the next sequence. */
    heartbeat(index: number, timestampMs: number, payloadByte?: number, sequence?: bigint): Uint8Array {
      const key = keys[index]!
      const id = deviceIdOf(key.publicKey)
      const next = sequence ?? (sequences.get(id) ?? 0n) + 1n
      if (next > (sequences.get(id) ?? 0n)) sequences.set(id, next)
      return signReport(key, {
        networkId,
        sequence: next,
        timestampMs: BigInt(timestampMs),
        kind: 'uptime',
        payloadType: 'heartbeat',
        payload:
          payloadByte === undefined
            ? encodeHeartbeat({ uptimeSeconds: BigInt(Math.floor(timestampMs / 1000)), firmwareVersion: 'test' })
            : encodeHeartbeat({ uptimeSeconds: BigInt(payloadByte), firmwareVersion: 'equivocation' }),
      })
    },

    /** Posts SignedReport bytes to oracle `i` (directly, not through its proxy); returns the HTTP status and body. */
    async post(i: number, bytes: Uint8Array): Promise<{ status: number; body: Record<string, unknown> }> {
      const response = await fetch(`${running[i]!.url}/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: Buffer.from(bytes) })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    },

    /** Posts a batch to oracle `i`; returns its verdicts. */
    async postBatch(i: number, reports: readonly Uint8Array[]): Promise<{ accepted: number; rejected: number; duplicates: number }> {
      const response = await fetch(`${running[i]!.url}/v1/reports/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: Buffer.from(encodeReportBatch(reports)),
      })
      return (await response.json()) as { accepted: number; rejected: number; duplicates: number }
    },

    /** Every device reports to every listed oracle through `epoch`, one heartbeat per 10-second sub-interval (a batch per oracle). */
    async reportEpoch(epoch: number, to: readonly number[] = [...running.keys()], devices: readonly number[] = [...keys.keys()]) {
      for (let t = 1_000; t < network.epochMs; t += 10_000) {
        await network.setTime(network.epochStartMs(epoch) + t)
        const reports = devices.map((d) => network.heartbeat(d, network.epochStartMs(epoch) + t))
        await Promise.all(
          to.map(async (o) => {
            const answer = await network.postBatch(o, reports)
            if (answer.accepted !== reports.length) throw new Error(`oracle ${o} accepted ${answer.accepted} of ${reports.length} reports: ${JSON.stringify(answer)}`)
          }),
        )
      }
    },

    /** The distributor's next epoch. */
    chainNext: () => client.readContract({ ...distributor, functionName: 'nextEpoch' }),

    /** Polls `probe` (every 50 ms of real time) until it returns a value; fails with the last error it saw and the oracles' recent logs. */
    until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
      return until(what, probe, {
        timeoutMs,
        context: () =>
          `recent oracle logs:\n${logs
            .slice(-15)
            .map((l) => `  [${l.oracle}] ${l.event} ${JSON.stringify(l.fields)}`)
            .join('\n')}`,
      })
    },

    /** Waits until the chain committed `epoch`. */
    async committed(epoch: number, timeoutMs?: number) {
      await network.until(`epoch ${epoch} committed on chain`, async () => ((await network.chainNext()) > BigInt(epoch) ? true : undefined), timeoutMs)
    },

    /** GET JSON from oracle `i`. */
    async get<T>(i: number, path: string): Promise<T> {
      const response = await fetch(`${running[i]!.url}${path}`)
      if (!response.ok) throw new Error(`GET ${path} on oracle ${i}: ${response.status} ${await response.text()}`)
      return (await response.json()) as T
    },

    async stopOracle(i: number) {
      await running[i]?.stop()
      running[i] = undefined
    },

    startOracle: startOracleAt,

    /** Gives oracle `i` an empty store (it must be stopped): what a new operator, or a lost disk, starts from. */
    wipeStore(i: number) {
      wiped.push(dataDirs[i]!)
      dataDirs[i] = mkdtempSync(join(tmpdir(), `pinion-oracle-${i}-`))
      emptyDirs.add(dataDirs[i]!)
    },

    admin,

    async stop() {
      await Promise.all(running.map((oracle) => oracle?.stop()))
      await Promise.all(proxies.map((proxy) => proxy.close()))
      await verifier.close()
      await devnet.stop()
      await Promise.all([template, ...dataDirs, ...wiped].map((dir) => rm(dir, { recursive: true, force: true })))
    },
  }
  return network
}

export type OracleNetwork = Awaited<ReturnType<typeof startOracleNetwork>>

/** The data directory of a migrated PGlite store, closed: new oracles' stores are copies of it. */
async function migratedStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pinion-oracle-template-'))
  const db = await openPgliteDb(dir, { memory: SMALL_PGLITE_MEMORY })
  try {
    await db.migrate()
  } finally {
    await db.close()
  }
  return dir
}
