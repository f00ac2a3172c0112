import { Worker } from 'node:worker_threads'
import { PinionError } from '@pinion/protocol'
import type { Address } from 'viem'
import type { LogLevel } from '@pinion/contracts/log'
import type { OracleSpec } from './oracleSpec.ts'
import type { PgliteMemory } from '../store/pgliteDb.ts'
import type { RunningOracle } from './startOracle.ts'

/** The level of an oracle event (EVENT_LEVELS). */
type EventLevel = Exclude<LogLevel, 'silent'>

const WORKER_URL = new URL('./oracleWorker.mjs', import.meta.url)

/** How long a stopping oracle may take to close its server and store before its thread is terminated. */
const STOP_GRACE_MS = 5_000

type Message = { id: number } & (
  | { type: 'ready'; url: string; address: Address; mqttUrl?: string }
  | { type: 'failed'; message: string }
  | { type: 'log'; event: string; fields: Record<string, unknown>; level: EventLevel }
  | { type: 'stopped' }
)

/**
 * A thread for oracles, booted before they are known (loading the oracle's modules while the caller
 * prepares the network), on which one oracle or several start.
 */
export type OracleThread = {
  /**
   * Starts the oracle `spec` describes on this thread; resolves once it serves. Each oracle started
   * on a thread has its own key, store, server and epoch pipeline; they share the thread's event loop.
   */
  start(spec: OracleSpec, log?: (event: string, fields: Record<string, unknown>, level: EventLevel) => void): Promise<RunningOracle>
  /**
   * Opens the PGlite store in `dataDir` now, for the oracle started later with that dataDir (and no
   * databaseUrl): opening one is a second or more of CPU (its WebAssembly, PostgreSQL's start) that
   * needs nothing of the network.
   */
  openStore(store: { dataDir: string; pgliteMemory?: PgliteMemory }): void
  /** Ends the thread, whatever runs on it (stop its oracles first to close their stores). */
  terminate(): Promise<void>
}

/**
 * Starts an oracle on a thread of its own. Oracles are independent parties; on one machine, their
 * own event loops keep one's database and epoch work from delaying another's ingest (PGlite and
 * fsync block the thread they run on).
 */
export function startOracleThread(spec: OracleSpec, log?: (event: string, fields: Record<string, unknown>, level: EventLevel) => void): Promise<RunningOracle> {
  return bootOracleThread().start(spec, log)
}

/**
 * Boots a thread for oracles before their specs exist. A thread spends seconds of CPU loading the
 * oracle's modules, which need nothing of the network: `pinion up` boots one while anvil starts and
 * the contracts are deployed, and starts its oracles on it once they are. The thread ends once every
 * oracle started on it has stopped (or with terminate()).
 */
export function bootOracleThread(): OracleThread {
  const worker = new Worker(WORKER_URL)
  const handlers = new Map<number, (message: Message) => void>()
  worker.on('message', (message: Message) => handlers.get(message.id)?.(message))
  // A thread that fails fails every oracle on it that has not started yet, whenever it is started.
  let failure: unknown
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', (error) => {
      failure = error
      reject(error)
    })
  })
  failed.catch(() => {})
  let exited = false
  worker.once('exit', () => {
    exited = true
  })
  let started = 0
  let pending = 0
  let running = 0
  const terminate = () => worker.terminate().then(() => undefined)
  return {
    terminate,
    openStore(store) {
      worker.postMessage({ type: 'open', ...store })
    },
    start(spec, log) {
      if (failure !== undefined) return Promise.reject(failure)
      const id = started++
      pending++
      const starting = new Promise<RunningOracle>((resolve, reject) => {
        let stopping: (() => void) | undefined
        handlers.set(id, (message) => {
          if (message.type === 'log') log?.(message.event, message.fields, message.level)
          else if (message.type === 'failed') {
            pending--
            reject(new PinionError('PINION_ERR_ORACLE_START', `oracle failed to start: ${message.message}`))
          } else if (message.type === 'stopped') stopping?.()
          else if (message.type === 'ready') {
            pending--
            running++
            resolve({
              url: message.url,
              address: message.address,
              ...(message.mqttUrl === undefined ? {} : { mqttUrl: message.mqttUrl }),
              stop: () =>
                new Promise<void>((done) => {
                  stopping = done
                  if (exited) return done()
                  worker.once('exit', () => done())
                  // An oracle mid-tick against a chain that is already gone may take its RPC client's
                  // retries to notice; nothing it could still do is worth more than a prompt stop.
                  setTimeout(done, STOP_GRACE_MS).unref()
                  worker.postMessage({ type: 'stop', id })
                }).then(() => {
                  handlers.delete(id)
                  // The last oracle of the thread to stop ends it (unless another is still starting).
                  if (--running === 0 && pending === 0) return terminate()
                }),
            })
          }
        })
        worker.postMessage({ type: 'start', id, spec })
      })
      return Promise.race([starting, failed])
    },
  }
}
