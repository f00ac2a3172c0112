import { parentPort } from 'node:worker_threads'
import { kinds as allKinds } from '@pinion/kinds'
import { chainFor } from '@pinion/contracts'
import { createLogger, levelEnabled, silentLogger } from '@pinion/contracts/log'
import { privateKeyToAccount } from 'viem/accounts'
import { eventLevel } from '../log/eventLevels.ts'
import { threadEvents } from '../log/threadEvents.ts'
import type { OracleSpec } from './oracleSpec.ts'
import { sharedClockReader } from './sharedClock.ts'
import { startOracle } from './startOracle.ts'
import type { Db } from '../store/db.ts'
import { openDb } from '../store/openDb.ts'
import type { PgliteMemory } from '../store/pgliteDb.ts'

const port = parentPort!

/** What the thread's parent sends: open a store ahead, start an oracle (under an id of the parent's choosing), or stop one. */
type Request = { type: 'open'; dataDir: string; pgliteMemory?: PgliteMemory } | { type: 'start'; id: number; spec: OracleSpec } | { type: 'stop'; id: number }

/** PGlite stores opened ahead (bootOracleThread's openStore), by data directory; one that failed to open is opened again by its oracle. */
const opened = new Map<string, Promise<Db | undefined>>()

// The thread boots (its modules load) before any oracle is known; each one's spec comes once it is
// (bootOracleThread), and a thread may run several oracles, each with its own key, store and server.
const stops = new Map<number, () => Promise<void>>()
port.on('message', (request: Request) => {
  if (request.type === 'open')
    opened.set(
      request.dataDir,
      openDb({ dataDir: request.dataDir, pgliteMemory: request.pgliteMemory }).catch(() => undefined),
    )
  else if (request.type === 'start') void run(request.id, request.spec)
  else if (request.type === 'stop') {
    const stop = stops.get(request.id)
    stops.delete(request.id)
    void (stop ?? (async () => {}))().then(() => port.postMessage({ id: request.id, type: 'stopped' }))
  }
})

async function run(id: number, spec: OracleSpec): Promise<void> {
  // Written to this thread's stderr, which Node forwards to the process's own.
  const logger =
    spec.log === undefined
      ? silentLogger()
      : createLogger({ level: spec.log.level, pretty: spec.log.pretty, ...(spec.log.bindings === undefined ? {} : { bindings: spec.log.bindings }) })
  const kinds = new Map(Object.keys(spec.kinds).map((name) => [name, allKinds.get(name)!]))
  const post = (event: string, fields: Record<string, unknown>) => port.postMessage({ id, type: 'log', event, fields, level: eventLevel(event) })
  const logged = threadEvents(spec.log?.level ?? 'info', logger, post)
  const alwaysPosted = new Set(spec.alwaysPost ?? [])
  // Once asked to stop, the oracle says nothing more: what fails while the network around it stops
  // (the chain gone first, peers closing) is expected, not news.
  let stopping = false
  const log = (event: string, fields: Record<string, unknown>) => {
    if (stopping) return
    logged(event, fields)
    if (alwaysPosted.has(event) && !levelEnabled(eventLevel(event), spec.log?.level ?? 'info')) post(event, fields)
  }

  const db = spec.databaseUrl === undefined && spec.dataDir !== undefined ? await opened.get(spec.dataDir) : undefined
  try {
    const oracle = await startOracle({
      ...(db === undefined ? {} : { db }),
      account: privateKeyToAccount(spec.privateKey),
      chain: chainFor(spec.chain.id, spec.chain.name, spec.chain.rpcUrl),
      rpcUrl: spec.chain.rpcUrl,
      deployment: spec.deployment,
      schedule: spec.schedule,
      kinds,
      kindParams: new Map(Object.entries(spec.kinds)),
      pools: spec.pools,
      residual: spec.residual,
      ...(spec.economy === undefined ? {} : { economy: spec.economy }),
      oracles: spec.oracles,
      databaseUrl: spec.databaseUrl,
      dataDir: spec.dataDir,
      ...(spec.pgliteMemory === undefined ? {} : { pgliteMemory: spec.pgliteMemory }),
      port: spec.port,
      ...(spec.mqtt === undefined ? {} : { mqtt: spec.mqtt }),
      lateReportMs: spec.lateReportMs,
      confirmations: spec.confirmations ?? 0,
      ...(spec.verifierThreads === undefined ? {} : { verifierThreads: spec.verifierThreads }),
      ...(spec.perDeviceReports === undefined ? {} : { perDeviceReports: spec.perDeviceReports }),
      ...(spec.consensus === undefined ? {} : { consensus: spec.consensus }),
      ...(spec.clock === undefined ? {} : { clock: sharedClockReader(spec.clock) }),
      ...(spec.intervalMs === undefined ? {} : { intervalMs: spec.intervalMs }),
      ...(spec.log === undefined ? {} : { logger }),
      log,
    })
    stops.set(id, async () => {
      stopping = true
      await oracle.stop()
    })
    port.postMessage({ id, type: 'ready', url: oracle.url, address: oracle.address, ...(oracle.mqttUrl === undefined ? {} : { mqttUrl: oracle.mqttUrl }) })
  } catch (error) {
    logger.error({ err: error }, 'oracle failed to start')
    port.postMessage({ id, type: 'failed', message: error instanceof Error ? error.message : String(error) })
  }
}
