/**
 * Waits until `probe` returns a value (an error counts as "not yet"), for tests that watch work in
 * progress: a network committing a root, a proposal changing state. Between attempts it either
 * drives time (`step`: move the injected clock and the chain on, so nothing waits for wall-clock
 * epochs) or, without a step, gives the work `intervalMs` of real time. The real-time deadline is
 * only a backstop against a hang; when it passes, the error says what never happened, what the
 * probe last threw (even if later attempts only answered "not yet"), and whatever `context` adds (recent logs, the network's time).
 */
export type UntilOptions = {
  /** Real time before giving up: a backstop, never a measurement. Default 60 s. */
  timeoutMs?: number
  /** Real time between attempts when there is no `step`. Default 50 ms. */
  intervalMs?: number
  /** Moves the world on between attempts (driven time); replaces waiting `intervalMs`. */
  step?: () => Promise<void>
  /** More to say when giving up. */
  context?: () => string
}

export async function until<value>(what: string, probe: () => Promise<value | undefined>, options: UntilOptions = {}): Promise<value> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  let last: unknown
  let attempts = 0
  for (;;) {
    attempts++
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new UntilError(what, attempts, last, options.context?.())
    if (options.step !== undefined) await options.step()
    else await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50))
  }
}

/** `until` gave up: `cause` is the last error the probe threw (undefined when it only ever answered "not yet"). */
export class UntilError extends Error {
  constructor(what: string, attempts: number, last: unknown, context: string | undefined) {
    const lastSaid = last === undefined ? 'it never threw' : `the last error it saw: ${last instanceof Error ? last.message : String(last)}`
    super(`gave up waiting for ${what} after ${attempts} attempts; ${lastSaid}${context === undefined || context === '' ? '' : `\n${context}`}`, { cause: last })
    this.name = 'UntilError'
  }
}
