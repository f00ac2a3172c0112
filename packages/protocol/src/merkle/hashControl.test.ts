import { describe, expect, it } from 'vitest'
import { CLOSED, CONTROL, OP, claimChunk, tagOf } from './hashControl.ts'

type WorkerModule = { CONTROL: typeof CONTROL; OP: typeof OP; claimChunk: typeof claimChunk }

describe('the hashing control block', () => {
  it('has the same slots, ops and claims in hashWorker.mjs as in hashControl.ts', async () => {
    const worker = (await import('./hashWorker.mjs' as string)) as WorkerModule
    expect(worker.CONTROL).toEqual(CONTROL)
    expect(worker.OP).toEqual(OP)
    for (const claim of [claimChunk, worker.claimChunk]) {
      const control = new Int32Array(new SharedArrayBuffer(CONTROL.SLOTS * 4))
      control[CONTROL.NEXT] = tagOf(3)
      expect([claim(control, tagOf(3), 2), claim(control, tagOf(3), 2), claim(control, tagOf(3), 2)]).toEqual([0, 1, -1])
    }
  })

  it("never hands a chunk of one job to a thread that read another job's parameters", () => {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL.SLOTS * 4))
    control[CONTROL.NEXT] = tagOf(1)
    expect(claimChunk(control, tagOf(1), 4)).toBe(0)
    control[CONTROL.NEXT] = tagOf(2) | CLOSED // the next job's parameters are being written
    expect(claimChunk(control, tagOf(1), 4)).toBe(-1)
    expect(claimChunk(control, tagOf(2), 4)).toBe(-1)
    control[CONTROL.NEXT] = tagOf(2) // open
    expect(claimChunk(control, tagOf(1), 4)).toBe(-1) // a late thread with job 1's parameters
    expect(claimChunk(control, tagOf(2), 4)).toBe(0)
    expect(tagOf(2 + 2048)).toBe(tagOf(2)) // tags wrap after 2048 jobs; a build runs a few dozen
  })
})
