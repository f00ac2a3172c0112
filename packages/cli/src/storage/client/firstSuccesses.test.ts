import { describe, expect, it } from 'vitest'
import { firstSuccesses } from './firstSuccesses.ts'

/** An attempt that settles when the test says, and records whether it was cancelled. */
function controlled() {
  const started: number[] = []
  const cancelled: number[] = []
  const settle = new Map<number, { ok: (value: number) => void; fail: (error: Error) => void }>()
  const attempt = (n: number, signal: AbortSignal) =>
    new Promise<number>((ok, fail) => {
      started.push(n)
      settle.set(n, { ok, fail })
      signal.addEventListener('abort', () => cancelled.push(n))
    })
  return { started, cancelled, settle, attempt }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('firstSuccesses', () => {
  it('runs `parallel` at a time, starts the next candidate on a failure, and cancels the rest once enough succeeded', async () => {
    const { started, cancelled, settle, attempt } = controlled()
    const race = firstSuccesses([0, 1, 2, 3, 4, 5], { wanted: 2, parallel: 3, timeoutMs: 60_000 }, attempt)
    await tick()
    expect(started).toEqual([0, 1, 2])
    settle.get(1)!.fail(new Error('down'))
    await tick()
    expect(started).toEqual([0, 1, 2, 3])
    settle.get(0)!.ok(0)
    settle.get(3)!.ok(30)
    const { successes, failures } = await race
    expect(successes.map((s) => [s.candidate, s.result])).toEqual([
      [0, 0],
      [3, 30],
    ])
    expect(failures.map((f) => [f.candidate, (f.error as Error).message])).toEqual([[1, 'down']])
    // 0's success started 4 (one success was not enough); 3's made two: 2 and 4 are cancelled, 5 never starts.
    expect(started).toEqual([0, 1, 2, 3, 4])
    expect(cancelled).toEqual([2, 4])
  })

  it('returns fewer successes when the candidates run out, and counts an attempt past its time as failed even if it ignores its signal', async () => {
    const { successes, failures } = await firstSuccesses([0, 1, 2], { wanted: 2, parallel: 3, timeoutMs: 20 }, async (n) => {
      if (n === 0) return n
      if (n === 1) throw new Error('wrong bytes')
      return new Promise<number>(() => {}) // never answers
    })
    expect(successes.map((s) => s.candidate)).toEqual([0])
    expect(failures.map((f) => [f.candidate, (f.error as Error).message])).toEqual([
      [1, 'wrong bytes'],
      [2, 'no answer within 20 ms'],
    ])
  })

  it("stops everything when the caller's signal aborts, and throws its reason", async () => {
    const { cancelled, attempt } = controlled()
    const stop = new AbortController()
    const race = firstSuccesses([0, 1], { wanted: 2, parallel: 2, timeoutMs: 60_000, signal: stop.signal }, attempt)
    await tick()
    stop.abort(new Error('user gave up'))
    await expect(race).rejects.toThrow('user gave up')
    expect(cancelled.sort()).toEqual([0, 1])
  })
})
