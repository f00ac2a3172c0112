import { PinionError } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EpochComputer } from '../epoch/computeOffThread.ts'
import { OracleError } from '../errors.ts'
import type { Db } from '../store/db.ts'
import { EpochRunner, type EpochRunnerOptions, startEpochRunner } from './epochRunner.ts'
import { MAX_BACKOFF_MS } from './retryLoop.ts'

/*
 * How the epoch runner treats a failure, by the error tables' `retryable`. The failure is thrown by
 * the runner's first chain read after following roots: tick() classifies whatever its pipeline
 * throws at one place, so where in the pipeline it arises does not matter here, and a stub chain
 * keeps the test free of anvil and of wall-clock time.
 */

const DISTRIBUTOR = '0x00000000000000000000000000000000000000d1' as Address

/** A chain and store that answer the runner's first steps, and fail its read of the next epoch with `failure()`. */
function stubs(failure: () => unknown) {
  const calls = { chain: 0, store: 0 }
  const db = {
    query: async () => {
      calls.store++
      return { rows: [] }
    },
    transaction: async () => {
      throw new Error('not expected: no block to follow')
    },
  } as unknown as Db
  const client = {
    // The head is before the deployment block, so there are no roots to follow.
    getBlockNumber: async () => {
      calls.chain++
      return 99n
    },
    readContract: async () => {
      calls.chain++
      throw failure()
    },
  }
  const options: EpochRunnerOptions = {
    db,
    client: client as never,
    wallet: { account: { address: '0x00000000000000000000000000000000000000a1' }, chain: { id: 31337 } } as never,
    deployment: { distributor: DISTRIBUTOR, blockNumber: 100n } as never,
    schedule: { genesisMs: 0n, epochMs: 60_000n } as never,
    networkId: `0x${'11'.repeat(32)}` as Hex,
    kinds: new Map(),
    kindParams: new Map(),
    pools: [],
    residual: { name: 'treasury', recipient: '0x00000000000000000000000000000000000000f1' } as never,
    oracles: [],
    lateReportMs: 0,
    sealBefore: async () => {},
    deviceLookup: {} as never,
    verifier: {} as never,
    computer: {} as EpochComputer,
    now: () => 0,
  }
  return { calls, options }
}

/** A kind's scorer that broke its contract, as the computing thread reports it: a code, a stack, a cause. */
const brokenScorer = () =>
  new PinionError('PINION_ERR_KIND_SHARES', 'kind uptime gave a share to device 0x01, which is not registered', { cause: new TypeError('device is undefined') })

describe('EpochRunner.tick', () => {
  it('halts on a deterministic failure: one alert line with its stack and cause, and no more work', async () => {
    const { calls, options } = stubs(brokenScorer)
    const log = vi.fn()
    const runner = new EpochRunner({ ...options, log })
    await runner.tick()
    expect(runner.haltedBecause).toBe('PINION_ERR_KIND_SHARES: kind uptime gave a share to device 0x01, which is not registered')
    expect(log).toHaveBeenCalledTimes(1)
    const [event, fields] = log.mock.calls[0]!
    expect(event).toBe('epochs halted')
    expect(fields.error).toMatchObject({
      code: 'PINION_ERR_KIND_SHARES',
      stack: expect.stringContaining('brokenScorer'),
      cause: { message: 'device is undefined', stack: expect.stringContaining('TypeError') },
    })
    const after = { ...calls }
    await runner.tick()
    await runner.tick()
    expect(calls).toEqual(after)
    expect(log).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['an RPC error without a Pinion code', () => Object.assign(new Error('HTTP request failed. URL: http://127.0.0.1:8545'), { code: -32603 })],
    ['PINION_ERR_UNAVAILABLE', () => new OracleError('PINION_ERR_UNAVAILABLE', 'the epoch computing thread stopped')],
    ['PINION_ERR_CHAIN_BEHIND', () => new PinionError('PINION_ERR_CHAIN_BEHIND', "the chain's head has not passed epoch 3's end")],
  ])('throws a transient failure (%s) for the caller to back off on, and does not halt', async (_, failure) => {
    const { options } = stubs(failure)
    const log = vi.fn()
    const runner = new EpochRunner({ ...options, log })
    await expect(runner.tick()).rejects.toThrow()
    expect(runner.haltedBecause).toBeUndefined()
    expect(log).not.toHaveBeenCalled()
  })
})

describe('startEpochRunner', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('schedules no tick after a deterministic failure', async () => {
    vi.useFakeTimers()
    const { calls, options } = stubs(brokenScorer)
    const log = vi.fn()
    const onError = vi.fn()
    const running = startEpochRunner({ ...options, log, intervalMs: 1_000, onError })
    await vi.advanceTimersByTimeAsync(0)
    const after = { ...calls }
    await vi.advanceTimersByTimeAsync(10 * MAX_BACKOFF_MS)
    expect(calls).toEqual(after)
    expect(vi.getTimerCount()).toBe(0)
    expect(log.mock.calls.map(([event]) => event)).toEqual(['epochs halted'])
    expect(onError).not.toHaveBeenCalled()
    expect(running.runner.haltedBecause).toMatch(/^PINION_ERR_KIND_SHARES: /)
    await running.stop()
  })

  it('retries a transient failure with backoff, doubling up to the cap, and reports it once', async () => {
    vi.useFakeTimers()
    const { calls, options } = stubs(() => new OracleError('PINION_ERR_UNAVAILABLE', 'the store is unavailable'))
    const onError = vi.fn()
    const running = startEpochRunner({ ...options, intervalMs: 1_000, onError })
    const attempts = () => calls.chain / 2 // each tick reads the head, then fails reading the next epoch
    await vi.advanceTimersByTimeAsync(0)
    expect([attempts(), running.nextDelayMs()]).toEqual([1, 2_000])
    await vi.advanceTimersByTimeAsync(2_000)
    expect([attempts(), running.nextDelayMs()]).toEqual([2, 4_000])
    await vi.advanceTimersByTimeAsync(4_000)
    expect([attempts(), running.nextDelayMs()]).toEqual([3, 8_000])
    for (let i = 0; i < 6; i++) await vi.advanceTimersByTimeAsync(running.nextDelayMs())
    expect([attempts(), running.nextDelayMs()]).toEqual([9, MAX_BACKOFF_MS])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(running.runner.haltedBecause).toBeUndefined()
    await running.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
