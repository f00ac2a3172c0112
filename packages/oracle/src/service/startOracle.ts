import type { Deployment } from '@pinion/contracts'
import type { Kind } from '@pinion/kinds'
import { reasonWords } from '@pinion/kinds'
import { PinionError, networkIdOf } from '@pinion/protocol'
import { type Logger, returnRequestIds, serverLogOptions, silentLogger } from '@pinion/contracts/log'
import Fastify from 'fastify'
import { type Address, type Chain, type LocalAccount, createPublicClient, createWalletClient, http } from 'viem'
import type { ApiContext } from '../api/context.ts'
import { TreeCache } from '../api/proofs.ts'
import { pinionServerOptions, useErrorHandling } from '../api/errorPlugin.ts'
import { startFollower } from '../chain/follower.ts'
import { kindContractsToFollow } from '../chain/kindEvents.ts'
import { networkContractsToFollow, runsCredits, runsStaking, storedInitialCreditPrice, storedInitialMinimumStakes } from '../chain/networkEvents.ts'
import { type EpochSchedule, epochAt, epochWindow } from '../chain/schedule.ts'
import type { EconomyRules } from '../epoch/economyRules.ts'
import type { PoolSpec, ResidualPool } from '../epoch/types.ts'
import { createIngest } from '../ingest/createIngest.ts'
import { type MqttIngestConfig, type MqttIngestService, startMqttIngest } from '../ingest/mqttService.ts'
import type { SignatureVerifier } from '../ingest/verifyPool.ts'
import { openDb } from '../store/openDb.ts'
import type { PgliteMemory } from '../store/pgliteDb.ts'
import type { Db } from '../store/db.ts'
import { DEFAULT_PEER_CLIENT } from '../consensus/peerClient.ts'
import { bindStore, refuseOutdatedStore } from '../store/bindStore.ts'
import { createDeviceLookup } from '../store/devices.ts'
import { errorFields } from '../errorFields.ts'
import { logEvents } from '../log/eventLevels.ts'
import { OracleMetrics } from '../metrics/oracleMetrics.ts'
import { createChallengeBoard } from './challengeBoard.ts'
import { DEFAULT_SEAL_MARGIN_MS, isSealed, startEpochRunner } from './epochRunner.ts'
import { mountOracleRoutes } from './oracleServer.ts'
import { type HeldLock, waitForAdvisoryLock } from '../jetstream/advisoryLock.ts'
import { publishReports } from '../jetstream/publishReports.ts'
import { type ReportStream, type ReportStreamConfig, connectReportStream } from '../jetstream/reportStream.ts'
import { startShardWriter } from '../jetstream/shardWriter.ts'
import { allShards } from '../jetstream/shards.ts'
import { streamSealer } from '../jetstream/streamSeal.ts'

/** What one process of a JetStream oracle runs (docs/production.md); `all` is every role in one process. */
export type OracleRole = 'ingest' | 'writer' | 'epoch' | 'all'

export type OracleConfig = {
  /** The oracle's signer: signs roots and pays for the roots it posts. */
  account: LocalAccount
  chain: Chain
  rpcUrl: string
  deployment: Deployment
  schedule: EpochSchedule
  kinds: ReadonlyMap<string, Kind>
  kindParams: ReadonlyMap<string, unknown>
  pools: readonly PoolSpec[]
  residual: ResidualPool
  /** The network's economy rules (revenue share, slashing); absent: neither. */
  economy?: EconomyRules
  /** Every oracle of the network (this one included), by signer address and base URL. */
  oracles: readonly { address: Address; url: string }[]
  /** PostgreSQL URL; PGlite under `dataDir` otherwise (in memory when both are absent). */
  databaseUrl?: string | undefined
  dataDir?: string | undefined
  /** PGlite's memory (a devnet's oracles: SMALL_PGLITE_MEMORY); PostgreSQL's defaults when absent. */
  pgliteMemory?: PgliteMemory | undefined
  /** Its store already open (opened ahead, as bootOracleThread's openStore does), instead of opening databaseUrl or dataDir; the oracle migrates it and closes it when it stops. */
  db?: Db | undefined
  host?: string
  /** 0 takes a free port. */
  port: number
  /** MQTT ingest beside HTTP: an embedded broker, or an external one (README: MQTT). Absent: HTTP only. */
  mqtt?: MqttIngestConfig | undefined
  /**
   * The oracle across machines (docs/production.md): ingest publishes to this JetStream stream,
   * writers store it in PostgreSQL (databaseUrl, required), and the leader (PostgreSQL advisory lock)
   * runs the epochs. Absent: one process that ingests, stores and runs epochs itself.
   */
  nats?: { stream: ReportStreamConfig; role: OracleRole } | undefined
  lateReportMs: number
  /** Blocks a registry event must be buried under before the follower applies it. */
  confirmations?: number
  /** Shared signature verifier (several oracles in one process share one pool of threads). */
  verifier?: SignatureVerifier
  /** Threads of this oracle's own verifier when none is shared (default: every core; 0: this thread). */
  verifierThreads?: number
  /** Reports each device may send: a burst of `capacity`, then `refillPerSecond` (default: ingest's). */
  perDeviceReports?: { capacity: number; refillPerSecond: number }
  intervalMs?: number
  /** The oracle's clock, unix ms: ingest's acceptance window, sealing and rounds (tests drive it). */
  clock?: () => number
  /** Sealing timings (docs/oracle-consensus.md); defaults suit production. */
  consensus?: { sealMarginMs?: number; roundMs?: number; manifestWaitMs?: number; staggerMs?: number; peerTimeoutMs?: number }
  /** The oracle's logger: HTTP requests and errors, and its events when `log` is absent. Default: silent. */
  logger?: Logger
  /** The oracle's events (tests capture them here); default: written to `logger` at each event's level (EVENT_LEVELS). */
  log?: (event: string, fields: Record<string, unknown>) => void
}

export type RunningOracle = {
  address: Address
  url: string
  /** The MQTT broker devices report to, when the oracle serves MQTT (mqtt://host:port). */
  mqttUrl?: string
  /** Why the epoch pipeline stopped for good (a deterministic failure, logged once), or undefined while it runs. */
  haltedBecause?(): string | undefined
  /** Stops the epoch runner, the follower and the server, then closes the store. */
  stop(): Promise<void>
}

/**
 * Starts one oracle: its store (migrated), the registry follower, HTTP ingest and read API on one
 * server, and the epoch runner that computes, signs and — in turn with its peers — posts roots.
 */
export async function startOracle(config: OracleConfig): Promise<RunningOracle> {
  const logger = config.logger ?? silentLogger()
  const metrics = new OracleMetrics()
  const events = config.log ?? logEvents(logger)
  // Every event also moves the metrics it bears on (epochs computed, the signer's state).
  const log = (event: string, fields: Record<string, unknown>) => {
    metrics.event(event, fields)
    events(event, fields)
  }
  const clock = config.clock ?? Date.now
  const onError = (where: string) => (error: unknown) => log('error', { where, error: errorFields(error) })
  const client = createPublicClient({ chain: config.chain, transport: http(config.rpcUrl), pollingInterval: 250 })
  // Before anything opens: a kind whose contracts the deployment lacks, or whose events are
  // declared wrong, stops the oracle here rather than scoring without stake or revenue.
  const kindContracts = [...networkContractsToFollow(config.deployment), ...kindContractsToFollow(config.kinds, config.deployment.kinds)]
  if (config.nats !== undefined && config.databaseUrl === undefined) {
    throw new PinionError('PINION_ERR_ORACLE_START', 'a JetStream oracle (--nats) keeps its reports in PostgreSQL: set DATABASE_URL')
  }
  const db = config.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, pgliteMemory: config.pgliteMemory }))
  try {
    await refuseOutdatedStore(db)
    await db.migrate()
    const genesis = await client.getBlock({ blockNumber: 0n })
    await bindStore(db, { chainId: config.chain.id, distributor: config.deployment.distributor, genesisBlockHash: genesis.hash })
  } catch (error) {
    await db.close()
    throw error
  }
  const wallet = createWalletClient({ account: config.account, chain: config.chain, transport: http(config.rpcUrl) })
  const networkId = networkIdOf(config.chain.id, config.deployment.registry)

  let stream: ReportStream | undefined
  try {
    stream = config.nats === undefined ? undefined : await connectReportStream(config.nats.stream, { name: `pinion oracle ${config.nats.role}` })
  } catch (error) {
    await db.close()
    throw error
  }
  const role = config.nats?.role ?? 'all'
  const runsEpochs = role === 'epoch' || role === 'all'
  const startTheFollower = () =>
    startFollower({
      db,
      client,
      registry: config.deployment.registry,
      fromBlock: config.deployment.blockNumber,
      confirmations: config.confirmations ?? 0,
      kindContracts,
      intervalMs: 1_000,
      onError: onError('follower'),
      onHalt: (error) => log('follower halted', { error: errorFields(error) }),
      onProgress: (progress) => metrics.follower(progress),
    })
  // A JetStream oracle's followers and epochs run in the leader only (started below, under its lock).
  let follower = config.nats === undefined ? startTheFollower() : { stop: async () => {} }
  const sealMarginMs = config.consensus?.sealMarginMs ?? DEFAULT_SEAL_MARGIN_MS

  const ingest = await createIngest({
    db,
    networkId,
    clock,
    verifier: config.verifier,
    verifierThreads: config.verifierThreads,
    // Reports older than the lateness window are stale, so a sealed epoch never gains a report.
    limits: { maxAgeMs: config.lateReportMs, ...(config.perDeviceReports === undefined ? {} : { perDevice: config.perDeviceReports }) },
    // What ingest refuses is counted per epoch of receipt: the report's own timestamp is the sender's word.
    epochOf: (timeMs) => epochAt(config.schedule, BigInt(timeMs)),
    onError: onError('rejection counts'),
    onVerdicts: (results) => metrics.verdicts(results),
    onRequestRefused: (code) => metrics.requestRefused(code),
    ...(stream === undefined
      ? {}
      : {
          publish: publishReports({
            stream,
            db,
            clock,
            sealAtOf: (timestampMs) => epochWindow(config.schedule, epochAt(config.schedule, timestampMs), '0x').endMs + BigInt(config.lateReportMs + sealMarginMs),
          }),
        }),
  })
  // On stop, every connection is closed, not only idle keep-alive ones: a client that connected but
  // never sent its request (a device agent stopped mid-connect) would otherwise hold close() until
  // the server's header timeout, about 70 s. A request cut off here was never acknowledged, so its
  // reports stay in the device's outbox and are sent again.
  const app = Fastify({ ...serverLogOptions(logger), forceCloseConnections: true, ...pinionServerOptions })
  returnRequestIds(app)
  // A 500 is logged by the error handler through the request's logger (with its id, stack and
  // cause); without a logger, the caller hears of it as an event instead.
  useErrorHandling(
    app,
    config.logger !== undefined ? {} : { onInternalError: (error, request) => log('error', { where: 'api', reqId: request.id, url: request.url, error: errorFields(error) }) },
  )
  const sealing = { schedule: config.schedule, lateReportMs: config.lateReportMs }
  const reasons = reasonWords(config.kinds.values())
  const context: ApiContext = {
    db,
    trees: new TreeCache(db),
    oracle: config.account.address,
    reasons,
    windowOf: (epoch) => epochWindow(config.schedule, epoch, '0x'),
    challenges: createChallengeBoard({ db, client: client as never, deployment: config.deployment, schedule: config.schedule, rules: config }),
    isSealed: (epoch) => isSealed({ ...sealing, now: clock }, epoch),
    now: clock,
    network: {
      chainId: config.chain.id,
      networkId,
      contracts: { ...config.deployment, blockNumber: config.deployment.blockNumber.toString() },
      schedule: { genesisTime: config.schedule.genesisTime.toString(), epochDuration: config.schedule.epochDuration.toString() },
      database: db.dialect,
    },
  }
  await mountOracleRoutes(app, { ingest, metrics, context })
  const address = await app.listen({ host: config.host ?? '127.0.0.1', port: config.port })
  // Reports over MQTT go through the same ingest as HTTP's (the same pipeline, limits and counts).
  let mqtt: MqttIngestService | undefined
  if (config.mqtt !== undefined) {
    try {
      mqtt = await startMqttIngest(config.mqtt, {
        ingest,
        networkId,
        oracle: config.account.address,
        clock,
        challengesOf: context.challenges,
        onRequestRefused: (code) => metrics.requestRefused(code),
        onError: onError('mqtt'),
      })
    } catch (error) {
      await app.close()
      await ingest.close()
      await follower.stop()
      await db.close()
      throw error
    }
  }

  // The credit price and minimum stakes the network was deployed with are read while the chain
  // still has that block's state (a restarted devnet has none): kept in the store, they hold for
  // every epoch before governance changes them.
  if (runsCredits(config.deployment)) await storedInitialCreditPrice(db, client as never, config.deployment).catch(() => undefined)
  if (runsStaking(config.deployment)) await storedInitialMinimumStakes(db, client as never, config.deployment, [...config.kinds.keys()]).catch(() => undefined)
  const startTheRunner = () =>
    startEpochRunner({
      db,
      client: client as never,
      wallet,
      deployment: config.deployment,
      schedule: config.schedule,
      networkId,
      kinds: config.kinds,
      kindParams: config.kindParams,
      pools: config.pools,
      residual: config.residual,
      ...(config.economy === undefined ? {} : { economy: config.economy }),
      oracles: config.oracles,
      lateReportMs: config.lateReportMs,
      ...timings(config.consensus),
      sealBefore: stream === undefined ? (endMs) => ingest.sealBefore(endMs) : streamSealer({ db, stream, log }),
      deviceLookup: createDeviceLookup(db),
      verifier: ingest.verifier,
      ...(config.consensus?.peerTimeoutMs === undefined ? {} : { peerClient: { ...DEFAULT_PEER_CLIENT, timeoutMs: config.consensus.peerTimeoutMs } }),
      now: clock,
      intervalMs: config.intervalMs ?? 1_000,
      onError: onError('epochs'),
      log,
    })

  let runner: ReturnType<typeof startTheRunner> | undefined = config.nats === undefined ? startTheRunner() : undefined
  // The JetStream roles: writers for every shard (a second writer of a shard stands by), and the
  // epoch leader, which waits for the lock in the background (a second leader waits there).
  const writers =
    stream !== undefined && (role === 'writer' || role === 'all')
      ? allShards(stream.config.partitions).map((shard) =>
          startShardWriter({
            db,
            databaseUrl: config.databaseUrl!,
            stream: stream!,
            shard,
            // What a writer refuses is counted like ingest's refusals: per epoch of receipt.
            epochOf: (timeMs) => epochAt(config.schedule, BigInt(timeMs)),
            onError: onError(`writer ${shard}`),
            log,
          }),
        )
      : []
  let stopping = false
  let lock: HeldLock | undefined
  const leading =
    stream !== undefined && runsEpochs
      ? (async () => {
          lock = await waitForAdvisoryLock(config.databaseUrl!, `pinion leader ${stream!.config.stream}`, {
            stopped: () => stopping,
            onWaiting: () => log('leader standing by', { why: 'another oracle process holds the leader lock' }),
          })
          if (lock === undefined) return
          log('leader elected', { stream: stream!.config.stream })
          follower = startTheFollower()
          runner = startTheRunner()
          void lock.lost.then((error) => {
            // Another process may lead now: this one must not seal or sign beside it.
            if (!stopping) {
              log('leader lock lost', { error: errorFields(error), action: 'the process exits; restart it to stand by again' })
              process.exit(1)
            }
          })
        })().catch(onError('leader'))
      : Promise.resolve()

  return {
    address: config.account.address,
    url: address,
    ...(mqtt === undefined ? {} : { mqttUrl: mqtt.url }),
    haltedBecause: () => runner?.runner.haltedBecause,
    async stop() {
      stopping = true
      await leading
      await runner?.stop()
      await Promise.all(writers.map((writer) => writer.stop()))
      await follower.stop()
      await app.close()
      await mqtt?.close()
      await ingest.close()
      await lock?.release()
      await stream?.close()
      await db.close()
    },
  }
}

/** The sealing timings that were given, and only those (the runner has defaults for the rest). */
function timings(consensus: OracleConfig['consensus']) {
  const given: { sealMarginMs?: number; roundMs?: number; manifestWaitMs?: number; staggerMs?: number } = {}
  if (consensus?.sealMarginMs !== undefined) given.sealMarginMs = consensus.sealMarginMs
  if (consensus?.roundMs !== undefined) given.roundMs = consensus.roundMs
  if (consensus?.manifestWaitMs !== undefined) given.manifestWaitMs = consensus.manifestWaitMs
  if (consensus?.staggerMs !== undefined) given.staggerMs = consensus.staggerMs
  return given
}
