/**
 * Polls `probe` until it returns a value (an error counts as "not yet"), for tests that wait on a
 * live network: no fixed sleeps, and a timeout that says what never happened and what the probe
 * last threw.
 */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `; the last attempt failed: ${last instanceof Error ? last.message : String(last)}`}`, { cause: last })
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}
