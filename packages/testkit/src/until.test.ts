import { describe, expect, it } from 'vitest'
import { UntilError, until } from './until.ts'

describe('until', () => {
  it('returns the first value the probe gives, stepping the world between attempts', async () => {
    let now = 0
    const value = await until('the clock to reach 3', async () => (now >= 3 ? now : undefined), { step: async () => void now++ })
    expect(value).toBe(3)
  })

  it('gives up with the last error the probe threw, and the context', async () => {
    let attempt = 0
    const failure = await until(
      'a root',
      async () => {
        attempt++
        throw new Error(`not committed (attempt ${attempt})`)
      },
      { timeoutMs: -1, context: () => 'recent logs: none' },
    ).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UntilError)
    expect((failure as Error).message).toMatch(/gave up waiting for a root after 1 attempts; the last error it saw: not committed \(attempt 1\)\nrecent logs: none/)
    expect((failure as Error).cause).toBeInstanceOf(Error)
  })
})
