import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type Devnet, devnetPrivateKey, mineBlockAt, startDevnet } from '@pinion/contracts'
import { type LogLevel, createLogger, silentLogger } from '@pinion/contracts/log'
import { assertFleetLocations, registerFleet } from '@pinion/device'
import { type RunningExplorer, startExplorer } from '@pinion/explorer'
import { type DevicePlacement, kinds as allKinds } from '@pinion/kinds'
import { type RunningOracle, SMALL_PGLITE_MEMORY, TIMELOCK_TREASURY, bootOracleThread, createSharedClock, ensureDatabase, entropyBefore, governedParams } from '@pinion/oracle'
import { PinionError, networkIdOf } from '@pinion/protocol'
import { type Address, type HDAccount, createPublicClient, createTestClient, createWalletClient, http, toHex } from 'viem'
import { kindFleets } from '../config/fleetConfig.ts'
import type { NetworkConfig } from '../config/network.ts'
import { type NetworkState, readState, statePath, writeState } from '../state.ts'
import { deployOrResume, ensureMaker } from './deployOrResume.ts'
import { type FleetMember, loadOrCreateFleet } from './fleetKeys.ts'
import { type FleetGroup, fleetGroups } from './fleetGroups.ts'
import {
  DEVNET_DEVICE_STAKE,
  bondDevnetStake,
  economyRules,
  mintDevnetCardPayment,
  poolDevnetOperator,
  poolGenesisAllocations,
  poolOperatorOf,
  shareDevnetDevice,
  stakeGenesisAllocations,
} from './economy.ts'
import { type DevnetShared, type KindDevnetRun, devnetGenesisAllocations, epochHookOf, kindContracts, setupKindDevnets } from './kindDevnet.ts'
import { type StorageDevnet, startStorageDevnet } from './storageDevnet.ts'
import { STORAGE_MARKET, type StorageParams } from '@pinion/kinds/storage'
import { freePorts } from './freePorts.ts'
import { type LiveFleet, startLiveFleet } from './liveFleet.ts'
import { placeFleet } from './placeFleet.ts'
import { devnetRoles } from './roles.ts'

export type UpOptions = {
  config: NetworkConfig
  dataDir: string
  /**
   * PostgreSQL for the oracles' stores: one database per oracle, named after this one with
   * `_oracle_<i>` appended and created when missing. PGlite under the data directory otherwise.
   */
  databaseUrl?: string | undefined
  /** Or each oracle's database URL, exactly (tests pass fresh scratch databases). */
  databaseUrls?: readonly string[] | undefined
  /** Human progress lines (deployed, registered…). */
  log: (line: string) => void
  /**
   * Logs of the oracles (each on its thread), the explorer and the fleet, to stderr (createLogger):
   * at `level`, pretty or as JSON lines. Absent: nothing is logged (tests; `onEvent` still hears).
   */
  logging?: { level: LogLevel; pretty: boolean } | undefined
  /**
   * Structured events, with their level: the oracles' at info and above (or at `logging.level`;
   * `epoch computed` and `root committed` always), and fleet errors. None once the network is stopping:
   * what fails while it stops (the chain gone first, an oracle closing) is expected, not news.
   */
  onEvent?: (event: string, fields: Record<string, unknown>, level: EventLevel) => void
  /** The explorer's port; 0 takes a free one. Default: 4321, or a free one when that is taken. */
  explorerPort?: number | undefined
  /**
   * Tests: time is the caller's to drive (`RunningNetwork.time`). The chain mines a block per
   * transaction (a second apart) and when time moves; the oracles, the fleet and the chain all read
   * one clock. Every code path is production's: only the clock is replaced.
   */
  drivenTime?: boolean
  /**
   * How the simulated fleet reaches the oracles: HTTP (the default), or MQTT through a broker each
   * oracle embeds (README: MQTT); envelope adversaries post around the agents over HTTP either way.
   */
  transport?: 'http' | 'mqtt' | undefined
}

type EventLevel = Exclude<LogLevel, 'silent'>

/** The oracle events a caller hears whatever the log level: what a live view of the network prints. */
const LIVE_EVENTS = ['epoch computed', 'root committed']

/** Time, when the caller drives it (UpOptions.drivenTime). */
type DrivenTime = {
  now(): number
  /** Moves every clock of the network to `ms`, and mines a block at that time (or a second after the last one, if later). */
  advanceTo(ms: number): Promise<void>
}

export type RunningNetwork = {
  state: NetworkState
  devnet: Devnet
  oracles: RunningOracle[]
  fleet: LiveFleet
  /** The web explorer, serving this network. */
  explorer: RunningExplorer
  fleetSize: number
  /** The fleet's devices per kind, in the network's order of kinds. */
  fleetByKind: Record<string, number>
  operators: Address[]
  /** Present when the network runs on driven time. */
  time?: DrivenTime
  /** Present when the network runs the storage kind: its providers' nodes and the customer's stored file. */
  storage?: StorageDevnet
  stop(): Promise<void>
}

/**
 * `pinion up`: the embedded default. Starts (or resumes) an anvil devnet whose state lives in the
 * data directory, deploys the contracts unless they are already there, registers the simulated
 * fleet — a fleet for every kind the config names, each device of one kind, placed and simulated
 * by its kind with its parameters — runs the kinds' devnet hooks, starts the oracles (PGlite stores
 * in the data directory) and the fleet. Everything stops with `stop()`; running it again resumes
 * where it stopped.
 */
export async function up(options: UpOptions): Promise<RunningNetwork> {
  const { config, log } = options
  const logger = options.logging === undefined ? silentLogger() : createLogger(options.logging)
  const dataDir = resolve(options.dataDir)
  mkdirSync(dataDir, { recursive: true })
  if (config.chain.rpcUrl !== undefined) {
    throw new PinionError('PINION_ERR_CONFIG', '`pinion up` runs the embedded devnet; for a real chain run `pinion oracle` (see the README) and leave chain.rpcUrl out here.')
  }
  const kinds = new Map(
    [...Object.keys(config.kinds)].map((name) => {
      const kind = allKinds.get(name)
      if (kind === undefined)
        throw new PinionError('PINION_ERR_CONFIG', `Invalid network config: kinds.${name} is not a kind Pinion knows; expected one of ${[...allKinds.keys()].join(', ')}.`)
      return [name, kind] as const
    }),
  )
  const roles = devnetRoles(config.oracles.count)
  // The oracles' thread boots first: it spends seconds of CPU loading the oracle's modules, which
  // need nothing of the network, while anvil starts and the contracts are deployed and set up (mostly
  // a wait for anvil). The oracles start on it once the network exists: one thread for all of them,
  // each with its own key, store, server and epoch pipeline. A thread of its own for each would load
  // every module once more per oracle, which on the devnet was most of pinion up's CPU before its
  // first epoch (~8 s of CPU and ~130 MB per thread) for a few reports a second that one event loop
  // serves with room to spare (README: pinion up's targets).
  const thread = bootOracleThread()
  // Their PGlite stores open meanwhile too (PostgreSQL's databases are made once the chain runs).
  if (!options.databaseUrl && options.databaseUrls === undefined)
    for (const i of roles.oracles.keys()) thread.openStore({ dataDir: oracleDataDir(dataDir, i), pgliteMemory: SMALL_PGLITE_MEMORY })

  // Setting up mines a block per transaction at once (anvil's automine; its timestamps keep to the
  // wall clock): a hundred-odd transactions, one after another, each waiting for a block of a 1 s
  // block time were most of the start. The network runs on one block a second once set up.
  const devnet = await startDevnet({ statePath: join(dataDir, 'chain', 'state.json'), stateInterval: 2 }).catch(async (error: unknown) => {
    await thread.terminate()
    throw error
  })
  // What stop() undoes, last started first; the parts of one step (the oracles, say) stop side by side.
  // Last of all, the oracles' thread ends (it ends by itself once its oracles have stopped).
  const stops: (() => Promise<unknown>)[][] = [[() => thread.terminate()], [() => devnet.stop()]]
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= (async () => {
      for (const step of stops.reverse()) await Promise.all(step.map((s) => s().catch(() => {})))
    })()
    return stopping
  }
  const onEvent = (event: string, fields: Record<string, unknown>, level: EventLevel) => {
    if (stopping === undefined) options.onEvent?.(event, fields, level)
  }
  try {
    const transport = http(devnet.rpcUrl)
    const client = createPublicClient({ chain: devnet.chain, transport, pollingInterval: options.drivenTime ? 50 : 250 })
    const time = options.drivenTime ? await drivenTime(devnet, client) : undefined
    const admin = createWalletClient({ account: roles.admin, chain: devnet.chain, transport })
    const previous = existsSync(statePath(dataDir)) ? readState(dataDir) : undefined
    // The residual pool pays the config's treasury, else the network's timelock: what it is paid
    // leaves only through governance. Named by its role here, before deploy() has made it.
    const params = governedParams(
      kinds,
      new Map(Object.entries(config.kinds)),
      Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
      { name: config.residualPool, recipient: config.treasury ?? TIMELOCK_TREASURY },
      economyRules(config),
    )
    // Each kind's simulated devices, kept in the data directory: a resumed network runs the same ones.
    const fleetDevices = loadOrCreateFleet(join(dataDir, 'fleet', 'devices.json'), kindFleets(config), roles.operators.length)
    const groups = fleetGroups(kinds, config.kinds, fleetDevices)
    const ownerOf = (device: FleetMember) => roles.operators[device.owner]!
    const walletOf = (account: HDAccount) => createWalletClient({ account, chain: devnet.chain, transport })

    const { deployment, schedule, resumed } = await deployOrResume(
      client,
      admin,
      config,
      previous,
      roles.oracles.map((o) => o.address),
      roles.maker.address,
      params,
      [
        ...devnetGenesisAllocations(
          groups.map((g) => ({ kind: g.kind, owners: g.members.map((m) => ownerOf(m.device).address) })),
          roles.customer.address,
        ),
        ...stakeGenesisAllocations(fleetDevices.map((d) => ownerOf(d).address)),
        ...poolGenesisAllocations(poolOperatorOf(roles.operators).address, roles.delegator.address),
      ],
      [roles.paymentOperator.address],
      // On real time, epoch 0 starts about when the fleet does, rather than while the network is still setting up.
      time === undefined ? DEVNET_GENESIS_DELAY_SECONDS : 0,
    )
    log(resumed ? `resumed the network deployed at block ${deployment.blockNumber}` : `deployed the contracts at block ${deployment.blockNumber}`)
    const treasury = config.treasury ?? deployment.timelock
    await ensureMaker(client, admin, deployment.registry, config.deviceClass, roles.maker.address)

    const registered = await registerFleet({
      walletClient: walletOf(roles.maker),
      registry: deployment.registry,
      chainId: devnet.chain.id,
      devices: fleetDevices.map((d) => ({ key: d.key, owner: ownerOf(d).address })),
      maker: roles.maker,
      deviceClass: config.deviceClass,
    })
    log(`${registered.filter((r) => r.status === 'registered').length} devices registered, ${registered.length} in the fleet (${describeFleet(groups)})`)

    // Kinds with places put their devices on the map, each kind by its own placeFleet; by fleet index.
    const placements = new Map<number, DevicePlacement>()
    for (const { kind, params: kindParams, members } of groups) {
      const placed = placeFleet(
        kind,
        members.map((m) => m.device.behaviour),
        kindParams,
        config.fleet.seed,
      )
      if (placed !== null) for (const [j, member] of members.entries()) placements.set(member.index, placed[j]!)
    }
    if (placements.size > 0) {
      const asserted = await assertFleetLocations(
        client,
        deployment.registry,
        [...placements].map(([i, placement]) => ({ deviceId: registered[i]!.deviceId, owner: walletOf(ownerOf(fleetDevices[i]!)), placement })),
      )
      log(`${asserted.filter((a) => a.status === 'asserted').length} locations asserted, ${asserted.filter((a) => a.status !== 'none').length} devices placed`)
    }

    // Kinds with a devnet (KindDevnet) act on chain beside their fleet: set up once (again on
    // resume: setup is idempotent), then at each epoch the fleet runs.
    const devnetRuns: KindDevnetRun[] = groups.map((g) => ({
      kind: g.kind,
      params: g.params,
      devices: g.members.map((m) => ({ deviceId: registered[m.index]!.deviceId, behaviour: m.device.behaviour, owner: walletOf(ownerOf(m.device)) })),
    }))
    const devnetShared: DevnetShared = {
      client,
      deployment,
      customer: walletOf(roles.customer),
      customerPrivateKey: toHex(roles.customer.getHdKey().privateKey!),
      seed: config.fleet.seed,
    }
    // Every device's owner bonds stake for it when it registers: what a slash order takes when the
    // device is proven to cheat. Only then: a resumed network never refills a slashed device's stake.
    const staked = await bondDevnetStake(
      client,
      deployment,
      registered.flatMap((r, i) => (r.status === 'registered' ? [{ deviceId: BigInt(r.deviceId), owner: walletOf(ownerOf(fleetDevices[i]!)) }] : [])),
    )
    if (staked > 0) log(`${staked} devices bonded ${DEVNET_DEVICE_STAKE} ${config.token.symbol} of stake each`)
    // One device is shared: its rewards go to a split between its owner and a co-owner.
    const shared = await shareDevnetDevice(
      client,
      deployment,
      { deviceId: BigInt(registered[0]!.deviceId), owner: walletOf(ownerOf(fleetDevices[0]!)) },
      roles.operators[(fleetDevices[0]!.owner + 1) % roles.operators.length]!.address,
    )
    if (shared !== null) log(`device ${registered[0]!.deviceId} shares its rewards through the split ${shared}`)
    // One operator runs a pool a token holder delegates to: the oracles pay the delegator its part.
    await fundWithGas(devnet, client, roles.delegator.address)
    const pooled = poolOperatorOf(roles.operators)
    if (await poolDevnetOperator(client, deployment, walletOf(pooled), walletOf(roles.delegator)))
      log(`${roles.delegator.address} delegates stake to the operator ${pooled.address}`)
    // A card payment first: the payment operator mints the customer credits, which kinds' devnets delegate with their own.
    await fundWithGas(devnet, client, roles.paymentOperator.address)
    if (await mintDevnetCardPayment(client, deployment, walletOf(roles.paymentOperator), roles.customer.address)) log('minted credits for a card payment')
    if (groups.some((g) => g.kind.devnet !== undefined)) {
      await fundWithGas(devnet, client, roles.customer.address)
      const ran = await setupKindDevnets(devnetRuns, devnetShared)
      if (ran.length > 0) log(`set up on chain: ${ran.join(', ')}`)
    }
    // A storage network also runs its providers' nodes, and a customer who stores a real file on them.
    const storageRun = devnetRuns.find((run) => run.kind.name === 'storage')
    let storage: StorageDevnet | undefined
    if (storageRun !== undefined) {
      storage = await startStorageDevnet({
        dataDir,
        devices: storageRun.devices,
        params: storageRun.params as StorageParams,
        client,
        token: deployment.token,
        market: kindContracts(deployment, 'storage')[STORAGE_MARKET]!,
        customer: walletOf(roles.customer),
        seed: config.fleet.seed,
        log,
      })
      const nodes = storage
      stops.push([() => nodes.close()])
    }
    if (time === undefined) await createTestClient({ chain: devnet.chain, transport, mode: 'anvil' }).setIntervalMining({ interval: DEVNET_BLOCK_SECONDS })

    const ports = await freePorts(config.oracles.count)
    const oracleUrls = ports.map((port) => `http://127.0.0.1:${port}`)
    const state: NetworkState = {
      name: config.name,
      chainId: devnet.chain.id,
      rpcUrl: devnet.rpcUrl,
      deployment,
      schedule: { genesisTime: schedule.genesisTime.toString(), epochDuration: schedule.epochDuration.toString() },
      oracles: roles.oracles.map((o, i) => ({ address: o.address, url: oracleUrls[i]! })),
      deviceClass: config.deviceClass,
      treasury,
    }
    writeState(dataDir, state)

    const databaseUrls = options.databaseUrls ?? (options.databaseUrl ? roles.oracles.map((_, i) => databaseFor(options.databaseUrl!, i)) : undefined)
    if (options.databaseUrls === undefined && databaseUrls !== undefined) for (const url of databaseUrls) await ensureDatabase(url)
    // The oracles start side by side on their thread (opening a store is seconds, and none needs
    // another to start). Every one that started is stopped with the network, even when another
    // failed to start.
    const starting = await Promise.allSettled(
      roles.oracles.map((account, i) =>
        thread.start(
          {
            privateKey: devnetPrivateKey(1 + i),
            chain: { id: devnet.chain.id, name: devnet.chain.name, rpcUrl: devnet.rpcUrl },
            deployment,
            schedule,
            kinds: config.kinds,
            pools: Object.entries(config.pools).map(([name, basisPoints]) => ({ name, basisPoints })),
            residual: { name: config.residualPool, recipient: treasury },
            economy: economyRules(config),
            oracles: state.oracles,
            databaseUrl: databaseUrls?.[i],
            dataDir: oracleDataDir(dataDir, i),
            // Three stores on one machine, each holding a devnet's few thousand reports: PostgreSQL's
            // server-sized buffers would be most of pinion up's memory (README: pinion up's targets).
            pgliteMemory: SMALL_PGLITE_MEMORY,
            port: ports[i]!,
            ...(options.transport === 'mqtt' ? { mqtt: { listen: { port: 0 } } } : {}),
            lateReportMs: config.epochs.lateReportMs,
            // Three oracles, each on a thread of its own, share a laptop's cores, and a devnet fleet
            // sends a few reports a second: each verifies on its own thread, where a pool thread would
            // cost more CPU to start than it saves.
            verifierThreads: 0,
            perDeviceReports: DEVNET_PER_DEVICE_REPORTS,
            consensus: devnetConsensus(config.epochs.durationSeconds),
            ...(time === undefined ? {} : { clock: time.clock.buffer, intervalMs: 100 }),
            ...(options.logging === undefined ? {} : { log: { ...options.logging, bindings: { oracle: i } } }),
            alwaysPost: LIVE_EVENTS,
          },
          (event, fields, level) => onEvent(event, { oracle: i, signer: account.address, ...fields }, level),
        ),
      ),
    )
    const oracles: RunningOracle[] = []
    for (const started of starting) if (started.status === 'fulfilled') oracles.push(started.value)
    stops.push(oracles.map((oracle) => () => oracle.stop()))
    const failed = starting.find((started) => started.status === 'rejected')
    if (failed !== undefined) throw failed.reason
    const mqttUrls = options.transport === 'mqtt' ? oracles.map((oracle) => oracle.mqttUrl!) : undefined
    log(`${oracles.length} oracles started, each with its own signing key and ${databaseUrls === undefined ? 'PGlite store' : 'PostgreSQL database'}`)
    if (mqttUrls !== undefined) log(`the fleet reports over MQTT: ${mqttUrls.join(', ')}`)
    await waitForDevices(oracleUrls, fleetDevices.length)
    // On driven time every transaction so far (deploying, registering, asserting locations) mined a
    // block a second after the last, so the chain ran ahead of the clock by however many blocks
    // anvil made of them, which depends on how its automine batched them. The clock catches up with
    // the chain before the fleet picks its first epoch, so every device joins with its location
    // already asserted, whatever the batching.
    if (time !== undefined) {
      const headMs = Number((await client.getBlock({ blockTag: 'latest' })).timestamp) * 1000
      if (headMs > time.clock.now()) await time.advanceTo(headMs)
    }

    const fleet = await startLiveFleet({
      kinds: groups.map((g, k) => {
        const onEpoch = epochHookOf(devnetRuns[k]!, devnetShared)
        return {
          kind: g.kind,
          params: g.params,
          devices: g.members.map(({ device, index }) => {
            const placement = placements.get(index)
            return placement === undefined
              ? { key: device.key, behaviour: device.behaviour }
              : { key: device.key, behaviour: device.behaviour, location: placement.asserted, actualLocation: placement.actual, antennaGain: placement.antennaGain }
          }),
          ...(onEpoch === undefined ? {} : { onEpoch }),
        }
      }),
      entropyOf: (startMs) => entropyBefore(client, startMs),
      networkId: networkIdOf(devnet.chain.id, deployment.registry),
      oracleUrls,
      ...(mqttUrls === undefined ? {} : { mqttUrls }),
      schedule,
      outboxRoot: join(dataDir, 'fleet', 'outbox'),
      ...(time === undefined ? {} : { now: time.clock.now, tickMs: 50, flushIntervalMs: 100 }),
      seed: config.fleet.seed,
      onError: (error) => {
        if (stopping !== undefined) return
        logger.error({ err: error, where: 'fleet' }, 'error')
        onEvent('error', { where: 'fleet', error: error instanceof Error ? error.message : String(error) }, 'error')
      },
    })
    // The fleet and the explorer stop first, side by side: nothing else needs them.
    const lastStep: (() => Promise<unknown>)[] = [() => fleet.stop()]
    stops.push(lastStep)

    const explorer = await startExplorer({
      oracleUrl: oracleUrls[0]!,
      rpcUrl: devnet.rpcUrl,
      name: config.name,
      basemap: config.explorer.basemap,
      port: options.explorerPort,
      logger: logger.child({ component: 'explorer' }),
      // Devnet only: the explorer's in-page wallet claims with these accounts' public test keys.
      devnetAccounts: [
        ...roles.operators.map((account, i) => ({ label: `operator ${i + 1}`, privateKey: toHex(account.getHdKey().privateKey!) })),
        { label: 'admin (guardian)', privateKey: toHex(roles.admin.getHdKey().privateKey!) },
      ],
    })
    lastStep.push(() => explorer.stop())

    return {
      state,
      devnet,
      oracles,
      fleet,
      explorer,
      fleetSize: fleetDevices.length,
      fleetByKind: Object.fromEntries(groups.map((g) => [g.kind.name, g.members.length])),
      ...(time === undefined ? {} : { time: { now: time.clock.now, advanceTo: time.advanceTo } }),
      operators: [...new Set(fleetDevices.map((d) => roles.operators[d.owner]!.address))],
      ...(storage === undefined ? {} : { storage }),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The clock and block producer of a network on driven time: blocks a second apart whatever the wall
 * clock does, and the shared clock starting at the chain's head.
 */
async function drivenTime(devnet: Devnet, client: ReturnType<typeof createPublicClient>) {
  const testClient = createTestClient({ chain: devnet.chain, transport: http(devnet.rpcUrl), mode: 'anvil' })
  await testClient.setBlockTimestampInterval({ interval: 1 })
  const clock = createSharedClock(Number((await client.getBlock()).timestamp) * 1000)
  const advanceTo = async (ms: number) => {
    // The chain first, then the clock: once anyone sees the clock reach an epoch's start, no block
    // before that start can still be mined, so the fleet and the oracles read the same entropy.
    await mineBlockAt({ test: testClient, public: client }, BigInt(Math.floor(ms / 1000)))
    clock.set(ms)
  }
  return { clock, advanceTo }
}

/** "6 uptime, 10 wireless": the fleet's devices by kind. */
function describeFleet(groups: readonly FleetGroup[]): string {
  return groups.map((g) => `${g.members.length} ${g.kind.name}`).join(', ')
}

/**
 * Gives `address` gas money when it has none: the kinds' customer is past anvil's ten funded
 * accounts (roles.ts). What anvil gives its own accounts, so the customer can pay like any of them.
 */
async function fundWithGas(devnet: Devnet, client: ReturnType<typeof createPublicClient>, address: Address): Promise<void> {
  if ((await client.getBalance({ address })) > 0n) return
  await createTestClient({ chain: devnet.chain, transport: http(devnet.rpcUrl), mode: 'anvil' }).setBalance({ address, value: ANVIL_ACCOUNT_BALANCE })
}

/** The devnet's block time once it runs (README: one block a second), so time on chain moves when nothing is sent. */
const DEVNET_BLOCK_SECONDS = 1

/**
 * Seconds from deploying the contracts to epoch 0 on real time: about what setting up takes after
 * deploying (registering, bonding and the kinds' setup on automine, the oracles following the
 * registry) on a 2-core machine, so that the fleet reports from the start of epoch 0 and epoch 0
 * pays. A slower setup joins epoch 0 part-way, as before; a faster one waits the difference.
 */
const DEVNET_GENESIS_DELAY_SECONDS = 6

/** What anvil funds each of its accounts with: 10,000 ETH. */
const ANVIL_ACCOUNT_BALANCE = 10_000n * 10n ** 18n

/**
 * The devnet's per-device rate limit. A devnet squeezes a network's day into minutes (the wireless
 * template: four beacon windows a minute, each hotspot hearing dozens of beacons), so its simulated
 * devices report far faster than ingest's production default (a burst of 120, then 2 a second);
 * throttled, their agents back off until their reports are too old to be accepted.
 */
const DEVNET_PER_DEVICE_REPORTS = { capacity: 2_000, refillPerSecond: 50 }

/**
 * Sealing timings scaled to the devnet's short epochs (docs/oracle-consensus.md): a proposal round is
 * a sixth of an epoch (2–10 s), a proposer waits half a round for every manifest, and a peer that
 * does not answer within half a round is skipped until its cooldown ends.
 */
function devnetConsensus(epochSeconds: number) {
  const roundMs = Math.min(10_000, Math.max(2_000, Math.floor((epochSeconds * 1000) / 6)))
  return { sealMarginMs: 1_000, roundMs, manifestWaitMs: Math.floor(roundMs / 2), staggerMs: 1_500, peerTimeoutMs: Math.floor(roundMs / 2) }
}

/** Where oracle `i` keeps its PGlite store. */
const oracleDataDir = (dataDir: string, i: number) => join(dataDir, 'oracles', String(i))

/** One database per oracle on the given server: `…/test` becomes `…/test_oracle_0`. */
function databaseFor(url: string, index: number): string {
  const parsed = new URL(url)
  parsed.pathname = `${parsed.pathname.replace(/\/$/, '') || '/pinion'}_oracle_${index}`
  return parsed.toString()
}

/** Waits until every oracle has followed the chain far enough to know the whole fleet. */
async function waitForDevices(urls: readonly string[], count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (const url of urls) {
    while (true) {
      const status = (await fetch(`${url}/v1/status`)
        .then((r) => r.json())
        .catch(() => ({}))) as { devices?: number }
      if ((status.devices ?? 0) >= count) break
      if (Date.now() > deadline) throw new PinionError('PINION_ERR_UP', `oracle ${url} did not see the fleet's ${count} devices within ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
}
