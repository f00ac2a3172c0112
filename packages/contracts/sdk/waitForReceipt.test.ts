import { PinionError } from '@pinion/protocol'
import { TransactionReceiptNotFoundError } from 'viem'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { waitForReceipt } from './waitForReceipt.ts'

const HASH = `0x${'ab'.repeat(32)}` as const

/** A receipt source that is not mined for its first `misses` asks, recording when each ask came. */
function source(misses: number, pollingInterval = 4_000, failure: () => Error = () => new TransactionReceiptNotFoundError({ hash: HASH })) {
  const asks: number[] = []
  return {
    asks,
    pollingInterval,
    async getTransactionReceipt({ hash }: { hash: `0x${string}` }) {
      asks.push(Date.now())
      if (asks.length <= misses) throw failure()
      return { transactionHash: hash, status: 'success' as const }
    },
  }
}

describe('waitForReceipt', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('asks for the receipt itself, at once and then after 10, 20, 40… ms up to the polling interval, whether or not the head moves', async () => {
    const chain = source(12, 500)
    const receipt = waitForReceipt(chain, HASH)
    await vi.runAllTimersAsync()
    expect(await receipt).toEqual({ transactionHash: HASH, status: 'success' })
    const gaps = chain.asks.slice(1).map((at, i) => at - chain.asks[i]!)
    expect(gaps).toEqual([10, 20, 40, 80, 160, 320, 500, 500, 500, 500, 500, 500])
  })

  it('counts an RPC that fails as not mined yet', async () => {
    const chain = source(3, 100, () => new Error('connect ECONNREFUSED 127.0.0.1:8545'))
    const receipt = waitForReceipt(chain, HASH)
    await vi.runAllTimersAsync()
    expect((await receipt).transactionHash).toBe(HASH)
    expect(chain.asks).toHaveLength(4)
  })

  it('gives up after timeoutMs with PINION_ERR_RECEIPT_TIMEOUT, naming the transaction and carrying the last error', async () => {
    const chain = source(Number.POSITIVE_INFINITY, 1_000)
    const receipt = waitForReceipt(chain, HASH, { timeoutMs: 5_000, what: 'bond for device 0x01' })
    const failed = expect(receipt).rejects.toSatisfy((error: unknown) => {
      expect(error).toBeInstanceOf(PinionError)
      expect((error as PinionError).code).toBe('PINION_ERR_RECEIPT_TIMEOUT')
      expect((error as Error).message).toContain(HASH)
      expect((error as Error).message).toContain('bond for device 0x01')
      expect((error as Error).cause).toBeInstanceOf(TransactionReceiptNotFoundError)
      return true
    })
    await vi.runAllTimersAsync()
    await failed
    // The last ask comes at the deadline, not a polling interval before or after it.
    expect(chain.asks.at(-1)).toBe(5_000)
  })
})
