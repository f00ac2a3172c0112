import { setMaxListeners } from 'node:events'
/** An attempt that succeeded, with its result. */
export type Success<T, R> = { candidate: T; result: R }
/** An attempt that failed (or ran out of time), with why; an attempt cancelled once enough had succeeded is not one. */
export type Failure<T> = { candidate: T; error: unknown }

export type Race = {
  /** Successes to stop at. */
  wanted: number
  /** Attempts running at once. */
  parallel: number
  /** How long one attempt may take: past it, its signal aborts and it counts as failed, even if it never looks at its signal. */
  timeoutMs: number
  /** Cancels everything (the call then throws its reason). */
  signal?: AbortSignal
}

/**
 * Tries `candidates` in order, at most `parallel` at a time, until `wanted` succeed; then aborts the
 * attempts still running and starts no more: Storj's long-tail cancellation, for uploads (stop once
 * the success threshold is stored) and downloads (stop once a segment has the pieces it needs). A
 * failure starts the next candidate. A cancelled attempt is dropped at once, whether or not it looks at
 * its signal (fetch does, and stops). It returns the successes (fewer than `wanted` when the candidates
 * ran out) and every failure.
 */
export async function firstSuccesses<T, R>(
  candidates: readonly T[],
  { wanted, parallel, timeoutMs, signal }: Race,
  attempt: (candidate: T, signal: AbortSignal) => Promise<R>,
): Promise<{ successes: Success<T, R>[]; failures: Failure<T>[] }> {
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`parallel attempts are a whole number from 1, not ${parallel}`)
  signal?.throwIfAborted()
  const successes: Success<T, R>[] = []
  const failures: Failure<T>[] = []
  const enough = new AbortController()
  const stop = signal === undefined ? enough.signal : AbortSignal.any([enough.signal, signal])
  // Each attempt in flight listens to the race (one listener a worker, removed when it ends): up to
  // `parallel` at once, past Node's leak warning at 10.
  setMaxListeners(parallel + 1, stop)
  let next = 0
  const worker = async () => {
    while (!stop.aborted && successes.length < wanted && next < candidates.length) {
      const candidate = candidates[next++]!
      // One controller per attempt, aborted by its own timer or by the race: not AbortSignal.any over
      // AbortSignal.timeout, whose timeout Node may garbage-collect before it fires (nodejs/node#57736).
      const own = new AbortController()
      let cancelled = false
      const cancel = () => {
        cancelled = true
        own.abort(stop.reason)
      }
      stop.addEventListener('abort', cancel, { once: true })
      const timer = setTimeout(() => own.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      let outcome: { result: R } | { error: unknown }
      try {
        outcome = { result: await untilAborted(attempt(candidate, own.signal), own.signal) }
      } catch (error) {
        // An attempt that gave up because its signal aborted failed for the signal's reason.
        outcome = { error: own.signal.aborted ? own.signal.reason : error }
      }
      clearTimeout(timer)
      stop.removeEventListener('abort', cancel)
      if ('result' in outcome) {
        successes.push({ candidate, result: outcome.result })
        if (successes.length >= wanted) enough.abort(new Error(`${wanted} succeeded`))
      } else if (!cancelled) {
        failures.push({ candidate, error: outcome.error })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, candidates.length) }, worker))
  signal?.throwIfAborted()
  return { successes, failures }
}

/** `promise`, or a rejection with `signal`'s reason as soon as it aborts, whichever comes first. */
function untilAborted<R>(promise: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const abort = () => reject(signal.reason)
    if (signal.aborted) abort()
    signal.addEventListener('abort', abort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort)
        reject(error)
      },
    )
  })
}
