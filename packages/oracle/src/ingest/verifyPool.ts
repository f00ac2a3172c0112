import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { OracleError } from '../errors.ts'
import { type JobResult, type VerifyRequest, packJob } from './verifyJob.ts'

/** Checks signatures somewhere; ingest needs nothing more (tests may pass an in-thread one). */
export type SignatureVerifier = {
  /** 1 where the signature verified, 0 where not, in the order of `items`. */
  verify(items: readonly VerifyRequest[]): Promise<Uint8Array>
  close(): Promise<void>
}

export type VerifyPoolOptions = {
  /** Worker threads; every core by default (os.availableParallelism()). */
  size?: number | undefined
  /**
   * The fewest signatures worth sending to a worker on their own: below it, the cost of a message
   * round trip beats the gain of spreading a request over more threads.
   */
  minSliceSize?: number | undefined
}

const WORKER_URL = new URL('./verifyWorker.mjs', import.meta.url)

type Pending = { resolve: (valid: Uint8Array) => void; reject: (error: Error) => void; count: number }

type Thread = {
  worker: Worker
  /** Signatures sent and not yet answered: the scheduler sends a new slice to the least loaded. */
  load: number
  pending: Map<number, Pending>
}

/**
 * A pool of worker threads that verify device signatures, so ingest uses every core while its main
 * thread does HTTP and database I/O. Each request is cut into slices spread over the least loaded
 * threads; bytes cross threads as transferred buffers (see verifyJob.ts). A thread that dies fails
 * only the slices it held (PINION_ERR_UNAVAILABLE: nothing from them is acknowledged) and is
 * replaced.
 */
export class VerifyPool implements SignatureVerifier {
  private readonly threads: Thread[] = []
  private readonly minSliceSize: number
  private readonly counts = new Map<number, number>()
  /** Replacements of threads that died, still loading: work waits for them when no thread is left. */
  private readonly replacing = new Set<Promise<void>>()
  /** verify() calls of this turn of the event loop, verified together at its end. */
  private readonly waiting: { items: readonly VerifyRequest[]; resolve: (valid: Uint8Array) => void; reject: (error: unknown) => void }[] = []
  private nextId = 0
  private closing = false

  private constructor(minSliceSize: number) {
    this.minSliceSize = minSliceSize
  }

  /** Starts the threads; resolves when all of them loaded and are ready to verify. */
  static async start(options: VerifyPoolOptions = {}): Promise<VerifyPool> {
    const size = options.size ?? availableParallelism()
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`verify pool size must be a positive integer, got ${size}`)
    const pool = new VerifyPool(options.minSliceSize ?? 32)
    try {
      await Promise.all(Array.from({ length: size }, () => pool.spawn()))
    } catch (error) {
      await pool.close()
      throw error
    }
    return pool
  }

  get size(): number {
    return this.threads.length
  }

  /** How many signatures each worker thread (by threadId) has checked: proof the work left this thread. */
  verifiedByThread(): ReadonlyMap<number, number> {
    return new Map(this.counts)
  }

  /** Jobs sent to threads so far (a job is one message each way). */
  get jobCount(): number {
    return this.nextId
  }

  /**
   * Verifies `items`. Requests made during one turn of the event loop are verified together (one
   * message per thread, not one per request): a server taking single reports from many devices at
   * once would otherwise pay a message round trip for every signature.
   */
  verify(items: readonly VerifyRequest[]): Promise<Uint8Array> {
    if (this.closing) return Promise.reject(new OracleError('PINION_ERR_UNAVAILABLE', 'the signature verifier pool is closed'))
    if (items.length === 0) return Promise.resolve(new Uint8Array(0))
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject })
      if (this.waiting.length === 1) setImmediate(() => this.flush())
    })
  }

  private flush(): void {
    const requests = this.waiting.splice(0)
    const items = requests.length === 1 ? requests[0]!.items : requests.flatMap((request) => request.items)
    this.verifyNow(items).then(
      (valid) => {
        let at = 0
        for (const request of requests) {
          request.resolve(valid.subarray(at, at + request.items.length))
          at += request.items.length
        }
      },
      (error: unknown) => {
        for (const request of requests) request.reject(error)
      },
    )
  }

  private async verifyNow(items: readonly VerifyRequest[]): Promise<Uint8Array> {
    if (this.threads.length === 0 && this.replacing.size > 0) await Promise.race(this.replacing)
    const valid = new Uint8Array(items.length)
    const slices = Math.max(1, Math.min(this.threads.length, Math.floor(items.length / this.minSliceSize)))
    const sliceSize = Math.ceil(items.length / slices)
    const parts: Promise<void>[] = []
    for (let from = 0; from < items.length; from += sliceSize) {
      const to = Math.min(items.length, from + sliceSize)
      parts.push(this.send(items, from, to).then((part) => valid.set(part, from)))
    }
    await Promise.all(parts)
    return valid
  }

  async close(): Promise<void> {
    this.closing = true
    const threads = this.threads.splice(0)
    for (const thread of threads) this.fail(thread, new OracleError('PINION_ERR_UNAVAILABLE', 'the signature verifier pool closed'))
    await Promise.all(threads.map((thread) => thread.worker.terminate()))
  }

  private send(items: readonly VerifyRequest[], from: number, to: number): Promise<Uint8Array> {
    let thread = this.threads[0]
    for (const candidate of this.threads) if (thread === undefined || candidate.load < thread.load) thread = candidate
    if (thread === undefined) return Promise.reject(new OracleError('PINION_ERR_UNAVAILABLE', 'no signature verifier thread is running'))
    const id = this.nextId++
    const { job, transfer } = packJob(id, items, from, to)
    const target = thread
    return new Promise<Uint8Array>((resolve, reject) => {
      target.pending.set(id, { resolve, reject, count: to - from })
      target.load += to - from
      target.worker.postMessage(job, transfer)
    })
  }

  /** Starts one worker thread and resolves once it said it is ready. */
  private spawn(): Promise<void> {
    const worker = new Worker(WORKER_URL)
    const thread: Thread = { worker, load: 0, pending: new Map() }
    return new Promise<void>((resolve, reject) => {
      let ready = false
      worker.on('message', (message: JobResult | 'ready') => {
        if (message === 'ready') {
          ready = true
          this.threads.push(thread)
          resolve()
          return
        }
        const pending = thread.pending.get(message.id)
        if (pending === undefined) return
        thread.pending.delete(message.id)
        thread.load -= pending.count
        this.counts.set(message.threadId, (this.counts.get(message.threadId) ?? 0) + pending.count)
        pending.resolve(message.valid)
      })
      const died = (cause: unknown) => {
        const error = new OracleError('PINION_ERR_UNAVAILABLE', 'a signature verifier thread stopped', { cause })
        if (!ready) {
          reject(error)
          return
        }
        const index = this.threads.indexOf(thread)
        if (index < 0) return // already replaced or closed
        this.threads.splice(index, 1)
        this.fail(thread, error)
        // A thread that once loaded can load again: replace it so the pool keeps its size.
        if (!this.closing) {
          const replacement = this.spawn()
          this.replacing.add(replacement)
          replacement.then(
            () => this.replacing.delete(replacement),
            () => this.replacing.delete(replacement),
          )
        }
      }
      worker.on('error', died)
      worker.on('exit', (code) => {
        if (!this.closing) died(new Error(`exit code ${code}`))
      })
    })
  }

  private fail(thread: Thread, error: Error): void {
    for (const pending of thread.pending.values()) pending.reject(error)
    thread.pending.clear()
    thread.load = 0
  }
}
