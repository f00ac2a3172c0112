import { Worker } from 'node:worker_threads'
import { PinionError } from '../errors.ts'
import { CLOSED, CONTROL, OP, claimChunk, tagOf } from './hashControl.ts'

/** The byte arrays a tree build shares with its workers (all backed by SharedArrayBuffers). */
export type SharedTreeBuffers = { encoded: Uint8Array; leaves: Uint8Array; nodes: Uint8Array }

export type HashOp = 'leaves' | 'pairs'

/** A new zero-filled byte array in shared memory, so worker threads write into it without copies. */
export function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length))
}

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string }

/**
 * Worker threads (hashWorker.mjs) that hash a tree being built together with the calling thread.
 * A job is a range split into chunks, and whoever is free claims the next one (hashControl.ts), so
 * the work balances itself between threads that run at different speeds: a caller still encoding,
 * a core shared with other processes. For leaves the caller publishes how far it has encoded and
 * workers wait for that, so hashing starts with the first chunk rather than after the last.
 */
export class HashWorkers {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL.SLOTS * 4))
  private readonly workers: Worker[]
  private readonly failed: Promise<never>
  private generation = 0
  private closing = false

  constructor(workerCount: number, buffers: SharedTreeBuffers) {
    this.workers = Array.from({ length: workerCount }, () => new Worker(new URL('./hashWorker.mjs', import.meta.url), { workerData: { ...buffers, control: this.control } }))
    this.failed = new Promise<never>((_, reject) => {
      for (const worker of this.workers) {
        worker.once('error', (cause) => reject(new PinionError('PINION_ERR_HASH_WORKER', 'a Merkle hashing worker failed', { cause })))
        worker.once('exit', (code) => {
          if (!this.closing) reject(new PinionError('PINION_ERR_HASH_WORKER', `a Merkle hashing worker exited early with code ${code}`))
        })
      }
    })
    this.failed.catch(() => {}) // observed through finish(); never an unhandled rejection
  }

  /**
   * Starts `op` over [from, to) in chunks of `chunk`, with the input ready up to `ready` (for
   * pairs, all of it); raise that with publish(). Workers that are still booting join when they
   * reach the control block.
   */
  begin(op: HashOp, from: number, to: number, chunk: number, ready: number): void {
    const c = this.control
    chunk = Math.max(chunk, Math.ceil((to - from) / (CLOSED - 1))) // chunk indexes fit under the tag
    const tag = tagOf(++this.generation)
    Atomics.store(c, CONTROL.NEXT, tag | CLOSED) // no claims while the parameters change
    Atomics.store(c, CONTROL.OP, op === 'leaves' ? OP.LEAVES : OP.PAIRS)
    Atomics.store(c, CONTROL.FROM, from)
    Atomics.store(c, CONTROL.TO, to)
    Atomics.store(c, CONTROL.CHUNK, chunk)
    Atomics.store(c, CONTROL.TOTAL, Math.ceil((to - from) / chunk))
    Atomics.store(c, CONTROL.DONE, 0)
    Atomics.store(c, CONTROL.READY, ready)
    Atomics.store(c, CONTROL.NEXT, tag)
    Atomics.store(c, CONTROL.GENERATION, this.generation)
    Atomics.notify(c, CONTROL.GENERATION)
  }

  /** Marks the input ready up to `upTo` and wakes the workers waiting for it. */
  publish(upTo: number): void {
    Atomics.store(this.control, CONTROL.READY, upTo)
    Atomics.notify(this.control, CONTROL.READY)
  }

  /** Hashes chunks of the current job in this thread, with `hash`, until none are left to claim. */
  help(hash: (from: number, to: number) => void): void {
    const c = this.control
    const [tag, from, to, chunk, total] = [tagOf(this.generation), c[CONTROL.FROM]!, c[CONTROL.TO]!, c[CONTROL.CHUNK]!, c[CONTROL.TOTAL]!]
    for (let k = claimChunk(c, tag, total); k >= 0; k = claimChunk(c, tag, total)) {
      const start = from + k * chunk
      hash(start, Math.min(to, start + chunk))
      Atomics.add(c, CONTROL.DONE, 1)
    }
  }

  /** Resolves when every chunk of the current job is done; rejects if a worker failed. */
  async finish(): Promise<void> {
    const c = this.control
    const total = c[CONTROL.TOTAL]!
    const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync
    for (let done = Atomics.load(c, CONTROL.DONE); done < total; done = Atomics.load(c, CONTROL.DONE)) {
      const waited = waitAsync(c, CONTROL.DONE, done)
      if (waited.async) await Promise.race([waited.value, this.failed])
    }
  }

  /** Stops the workers (waking any that wait for input that will never come) and ends them. */
  async close(): Promise<void> {
    this.closing = true
    const c = this.control
    Atomics.store(c, CONTROL.NEXT, tagOf(this.generation + 1) | CLOSED)
    Atomics.store(c, CONTROL.OP, OP.STOP)
    Atomics.store(c, CONTROL.READY, 0x7fff_ffff)
    Atomics.notify(c, CONTROL.READY)
    Atomics.store(c, CONTROL.GENERATION, ++this.generation)
    Atomics.notify(c, CONTROL.GENERATION)
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }
}
