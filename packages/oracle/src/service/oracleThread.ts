import { Worker } from 'node:worker_threads'
import { PinionError } from '@pinion/protocol'
import type { Address } from 'viem'
import type { LogLevel } from '@pinion/contracts/log'
import type { OracleSpec } from './oracleSpec.ts'
import type { RunningOracle } from './startOracle.ts'

/** The level of an oracle event (EVENT_LEVELS). */
type EventLevel = Exclude<LogLevel, 'silent'>

const WORKER_URL = new URL('./oracleWorker.mjs', import.meta.url)

/** How long a stopping oracle may take to close its server and store before its thread is terminated. */
const STOP_GRACE_MS = 5_000

type Message =
  | { type: 'ready'; url: string; address: Address; mqttUrl?: string }
  | { type: 'failed'; message: string }
  | { type: 'log'; event: string; fields: Record<string, unknown>; level: EventLevel }
  | { type: 'stopped' }

/**
 * Starts an oracle on a thread of its own. Oracles are independent parties; on one machine, their
 * own event loops keep one's database and epoch work from delaying another's ingest (PGlite and
 * fsync block the thread they run on).
 */
export function startOracleThread(spec: OracleSpec, log?: (event: string, fields: Record<string, unknown>, level: EventLevel) => void): Promise<RunningOracle> {
  const worker = new Worker(WORKER_URL, { workerData: spec })
  return new Promise((resolve, reject) => {
    let stopping: (() => void) | undefined
    worker.on('message', (message: Message) => {
      if (message.type === 'log') log?.(message.event, message.fields, message.level)
      else if (message.type === 'failed') reject(new PinionError('PINION_ERR_ORACLE_START', `oracle failed to start: ${message.message}`))
      else if (message.type === 'stopped') stopping?.()
      else if (message.type === 'ready') {
        resolve({
          url: message.url,
          address: message.address,
          ...(message.mqttUrl === undefined ? {} : { mqttUrl: message.mqttUrl }),
          stop: () =>
            new Promise<void>((done) => {
              stopping = done
              worker.once('exit', () => done())
              // An oracle mid-tick against a chain that is already gone may take its RPC client's
              // retries to notice; nothing it could still do is worth more than a prompt stop.
              setTimeout(done, STOP_GRACE_MS).unref()
              worker.postMessage({ type: 'stop' })
            }).then(() => worker.terminate().then(() => undefined)),
        })
      }
    })
    worker.once('error', reject)
  })
}
