/** The longest a retrying loop waits between attempts after failures. */
export const MAX_BACKOFF_MS = 30_000

export type RetryLoopOptions = {
  /** One attempt; resolves `'stop'` when the loop has nothing more to do. */
  // biome-ignore lint/suspicious/noConfusingVoidType: an attempt is any async function; only 'stop' means something
  run: () => Promise<void | 'stop'>
  /** Wait between attempts that succeed; after a failure it doubles, up to MAX_BACKOFF_MS. */
  intervalMs: number
  /** Whether a failure may pass by itself: yes backs off and tries again, no stops the loop. */
  isRetryable: (error: unknown) => boolean
  /** A transient failure, once per distinct message until an attempt succeeds (a failing RPC is not logged every tick). */
  onError: (error: unknown) => void
  /** A deterministic failure: called once, and the loop stops. */
  onHalt: (error: unknown) => void
  setTimer?: (run: () => void, ms: number) => NodeJS.Timeout
  clearTimer?: (timer: NodeJS.Timeout) => void
}

/**
 * Runs `run` until stopped: every `intervalMs` while it succeeds; on a transient failure it backs
 * off (doubling, up to MAX_BACKOFF_MS) and tries again; on a deterministic one it stops for good,
 * since the same attempt would fail the same way forever. One loop for the follower and the epoch
 * runner, so both honour the error tables' `retryable` alike.
 */
export function startRetryLoop(options: RetryLoopOptions) {
  const setTimer = options.setTimer ?? setTimeout
  const clearTimer = options.clearTimer ?? clearTimeout
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let delay = options.intervalMs
  let lastError: string | undefined
  const loop = () => {
    running = options
      .run()
      .then(
        (outcome) => {
          if (outcome === 'stop') stopped = true
          delay = options.intervalMs
          lastError = undefined
        },
        (error: unknown) => {
          if (!options.isRetryable(error)) {
            stopped = true
            options.onHalt(error)
            return
          }
          const text = error instanceof Error ? error.message : String(error)
          if (text !== lastError) options.onError(error)
          lastError = text
          delay = Math.min(MAX_BACKOFF_MS, delay * 2)
        },
      )
      .finally(() => {
        if (!stopped) timer = setTimer(loop, delay)
      })
  }
  loop()
  return {
    /** The wait before the next attempt (tests read it instead of timing the loop). */
    nextDelayMs: () => delay,
    async stop() {
      stopped = true
      if (timer !== undefined) clearTimer(timer)
      await running
    },
  }
}
