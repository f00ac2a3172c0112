import { Worker } from 'node:worker_threads'
import { PinionError } from '@pinion/protocol'
import type { Address } from 'viem'
import type { OracleSpec } from './oracleSpec.ts'
import type { RunningOracle } from './startOracle.ts'

const WORKER_URL = new URL('./oracleWorker.mjs', import.meta.url)

type Message =
  | { type: 'ready'; url: string; address: Address }
  | { type: 'failed'; message: string }
  | { type: 'log'; event: string; fields: Record<string, unknown> }
  | { type: 'stopped' }

/**
 * Starts an oracle on a thread of its own. Oracles are independent parties; on one machine, their
 * own event loops keep one's database and epoch work from delaying another's ingest (PGlite and
 * fsync block the thread they run on).
 */
export function startOracleThread(spec: OracleSpec, log?: (event: string, fields: Record<string, unknown>) => void): Promise<RunningOracle> {
  const worker = new Worker(WORKER_URL, { workerData: spec })
  return new Promise((resolve, reject) => {
    let stopping: (() => void) | undefined
    worker.on('message', (message: Message) => {
      if (message.type === 'log') log?.(message.event, message.fields)
      else if (message.type === 'failed') reject(new PinionError('PINION_ERR_ORACLE_START', `oracle failed to start: ${message.message}`))
      else if (message.type === 'stopped') stopping?.()
      else if (message.type === 'ready') {
        resolve({
          url: message.url,
          address: message.address,
          stop: () =>
            new Promise<void>((done) => {
              stopping = done
              worker.once('exit', () => done())
              worker.postMessage({ type: 'stop' })
            }).then(() => worker.terminate().then(() => undefined)),
        })
      }
    })
    worker.once('error', reject)
  })
}
