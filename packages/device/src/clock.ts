/**
 * Time as the agent sees it. Injected so tests run retry and backoff logic without real waiting:
 * a fake clock's `sleep` advances `now` and returns at once.
 */
export type Clock = {
  /** Unix milliseconds. */
  now(): number
  /** Resolves after `ms`, or as soon as `signal` aborts (it never rejects: stopping is not an error). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve()
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal?.addEventListener('abort', done, { once: true })
    }),
}
