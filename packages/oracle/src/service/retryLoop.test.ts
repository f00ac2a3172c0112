import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_BACKOFF_MS, startRetryLoop } from './retryLoop.ts'

describe('startRetryLoop', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('stops at a deterministic failure, reporting it once through onHalt', async () => {
    vi.useFakeTimers()
    let runs = 0
    const onHalt = vi.fn()
    const onError = vi.fn()
    const loop = startRetryLoop({
      run: async () => {
        runs++
        if (runs === 3) throw new Error('deterministic')
      },
      intervalMs: 100,
      isRetryable: (error) => (error as Error).message !== 'deterministic',
      onError,
      onHalt,
    })
    await vi.advanceTimersByTimeAsync(10 * MAX_BACKOFF_MS)
    expect([runs, onHalt.mock.calls.length, onError.mock.calls.length, vi.getTimerCount()]).toEqual([3, 1, 0, 0])
    await loop.stop()
  })

  it('backs off on transient failures, reports each distinct one once, and returns to its interval after a success', async () => {
    vi.useFakeTimers()
    const outcomes = ['a', 'a', 'b', 'ok', 'a']
    const onError = vi.fn()
    const loop = startRetryLoop({
      run: async () => {
        const next = outcomes.shift()
        if (next !== undefined && next !== 'ok') throw new Error(next)
      },
      intervalMs: 100,
      isRetryable: () => true,
      onError,
      onHalt: () => expect.unreachable(),
    })
    const delays: number[] = []
    await vi.advanceTimersByTimeAsync(0)
    for (let i = 0; i < 5; i++) {
      delays.push(loop.nextDelayMs())
      await vi.advanceTimersByTimeAsync(loop.nextDelayMs())
    }
    expect(delays).toEqual([200, 400, 800, 100, 200])
    expect(onError.mock.calls.map(([error]) => (error as Error).message)).toEqual(['a', 'b', 'a'])
    await loop.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
