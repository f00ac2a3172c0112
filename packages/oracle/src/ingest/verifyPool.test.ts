import { threadId } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OracleError } from '../errors.ts'
import { verifyRequests as requests } from '@pinion/testkit/oracle/sampleReports'
import { VerifyPool } from './verifyPool.ts'

describe('VerifyPool', () => {
  let pool: VerifyPool
  beforeAll(async () => {
    pool = await VerifyPool.start({ size: 2, minSliceSize: 8 })
  })
  afterAll(() => pool.close())

  it('verifies ed25519 and P-256 signatures in worker threads, in request order', async () => {
    const { items, expected } = requests(120)
    const valid = await pool.verify(items)
    expect([...valid]).toEqual(expected)
    const byThread = pool.verifiedByThread()
    // Two worker threads shared the work, and none of it ran on this (the calling) thread.
    expect(byThread.size).toBe(2)
    expect(byThread.has(threadId)).toBe(false)
    expect([...byThread.values()].reduce((a, b) => a + b, 0)).toBe(120)
  })

  it('answers concurrent requests each with its own verdicts, and an empty request at once', async () => {
    const batches = [requests(40), requests(3), requests(65)]
    const answers = await Promise.all(batches.map((batch) => pool.verify(batch.items)))
    answers.forEach((valid, i) => expect([...valid]).toEqual(batches[i]!.expected))
    expect(await pool.verify([])).toEqual(new Uint8Array(0))
  })

  it('verifies small requests made at once together: one job per thread, not one per request', async () => {
    const batches = Array.from({ length: 20 }, () => requests(1))
    const before = pool.jobCount
    const answers = await Promise.all(batches.map((batch) => pool.verify(batch.items)))
    answers.forEach((valid, i) => expect([...valid]).toEqual(batches[i]!.expected))
    expect(pool.jobCount - before).toBe(2)
  })

  it('leaves the caller its buffers intact (they are copied into the transferred job)', async () => {
    const { items } = requests(10)
    const before = items.map((item) => [...item.message])
    await pool.verify(items)
    expect(items.map((item) => [...item.message])).toEqual(before)
  })

  it('replaces a worker that dies, failing only its slice with PINION_ERR_UNAVAILABLE', async () => {
    const own = await VerifyPool.start({ size: 1 })
    try {
      const { items, expected } = requests(4)
      const thread = (own as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0]!
      const inFlight = own.verify(items)
      await thread.worker.terminate()
      const error = await inFlight.catch((caught: unknown) => caught)
      // Either the worker answered before it was stopped, or the slice failed with a stable code.
      if (error instanceof Uint8Array) expect([...error]).toEqual(expected)
      else expect((error as OracleError).code).toBe('PINION_ERR_UNAVAILABLE')
      // New work waits for the replacement thread instead of failing.
      expect([...(await own.verify(items))]).toEqual(expected)
      expect(own.size).toBe(1)
    } finally {
      await own.close()
    }
  })

  it('rejects work after close', async () => {
    const own = await VerifyPool.start({ size: 1 })
    await own.close()
    await expect(own.verify(requests(1).items)).rejects.toBeInstanceOf(OracleError)
  })
})
