import { Worker } from 'node:worker_threads'
import { kinds as allKinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { computeEpoch } from './computeEpoch.ts'
import type { EpochInput, EpochResult } from './types.ts'

/** An epoch's result as it comes back from the computing thread: everything but the tree instance. */
export type ComputedEpoch = Omit<EpochResult, 'tree'>

export type ComputeJob = { id: number; kindNames: string[]; input: Omit<EpochInput, 'kinds'> }
export type ComputeReply = { id: number; result: ComputedEpoch } | { id: number; error: { message: string; code: string | undefined; stack: string | undefined } }

const WORKER_URL = new URL('./computeWorker.mjs', import.meta.url)

/**
 * Epochs of at most this many reports are computed on the calling thread. Measured: about 0.14 ms
 * a report (2,400 uptime reports in 340 ms on one core), so such an epoch holds the event loop for
 * ~150 ms at most, well inside any lateness or peer timeout; starting the thread costs a second and
 * more of CPU (it loads the TypeScript loader and every kind again), which a small devnet epoch
 * never wins back.
 */
export const IN_THREAD_MAX_REPORTS = 1_000

export type EpochComputerOptions = {
  /** Epochs of at most this many reports compute on the calling thread (default IN_THREAD_MAX_REPORTS). */
  inThreadMaxReports?: number | undefined
}

/**
 * Computes epochs on a thread of their own, so an oracle's ingest and read API keep answering
 * while an epoch of millions of reports is verified, scored and hashed (ingest must never block:
 * timestamps are judged on arrival, and a stalled event loop would still delay arrival). The thread
 * starts on the first large epoch and is kept; small epochs compute in this thread (see
 * IN_THREAD_MAX_REPORTS). Kinds cross by name, so only kinds of the registry compute off thread; a
 * network that runs a kind of its own (tests do) computes in this thread instead.
 */
export class EpochComputer {
  private readonly inThreadMaxReports: number
  private worker: Worker | undefined
  private ready: Promise<Worker> | undefined
  private readonly pending = new Map<number, { resolve: (r: ComputedEpoch) => void; reject: (e: Error) => void }>()
  private nextId = 0
  private closed = false

  constructor(options: EpochComputerOptions = {}) {
    this.inThreadMaxReports = options.inThreadMaxReports ?? IN_THREAD_MAX_REPORTS
  }

  /** Whether the computing thread is running (it starts on the first epoch too large for this one). */
  get threadStarted(): boolean {
    return this.ready !== undefined
  }

  async compute(input: EpochInput): Promise<ComputedEpoch> {
    if (this.closed) throw new PinionError('PINION_ERR_UNAVAILABLE', 'the epoch computer is closed')
    const small = input.reports.length <= this.inThreadMaxReports
    const offThread = !small && [...input.kinds].every(([name, kind]) => allKinds.get(name) === kind)
    if (!offThread) {
      const { tree: _tree, ...result } = await computeEpoch(input, { treeThreads: 1 })
      return result
    }
    const worker = await this.start()
    const { kinds, ...rest } = input
    const id = this.nextId++
    return new Promise<ComputedEpoch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, kindNames: [...kinds.keys()], input: rest } satisfies ComputeJob)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = undefined
    this.ready = undefined
    this.failAll(new PinionError('PINION_ERR_UNAVAILABLE', 'the epoch computer closed'))
    await worker?.terminate()
  }

  private start(): Promise<Worker> {
    if (this.closed) return Promise.reject(new PinionError('PINION_ERR_UNAVAILABLE', 'the epoch computer is closed'))
    this.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(WORKER_URL)
      worker.on('message', (message: ComputeReply | 'ready') => {
        if (message === 'ready') {
          this.worker = worker
          resolve(worker)
          return
        }
        const waiting = this.pending.get(message.id)
        if (waiting === undefined) return
        this.pending.delete(message.id)
        if ('result' in message) waiting.resolve(message.result)
        else {
          const error = new PinionError(message.error.code ?? 'PINION_ERR_INTERNAL', message.error.message)
          if (message.error.stack !== undefined) error.stack = message.error.stack
          waiting.reject(error)
        }
      })
      const died = (cause: unknown) => {
        // A thread that died fails what it held; the next compute starts a new one.
        this.worker = undefined
        this.ready = undefined
        reject(cause)
        this.failAll(new PinionError('PINION_ERR_UNAVAILABLE', 'the epoch computing thread stopped', { cause }))
      }
      worker.on('error', died)
      worker.on('exit', (code) => {
        if (!this.closed) died(new Error(`exit code ${code}`))
      })
    })
    return this.ready
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error)
    this.pending.clear()
  }
}
