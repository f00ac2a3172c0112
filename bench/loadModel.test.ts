import { describe, expect, it } from 'vitest'
import { ISSUE_NETWORK, loadModel } from './loadModel.ts'

describe('loadModel', () => {
  it("sizes the issue's network: 24 M reports a day, 278 /s on average, 2,778 /s in bursts", () => {
    const model = loadModel({ ...ISSUE_NETWORK, ingestNodeRate: 1_000, writerRate: 2_000, epochCpuSecondsPerReport: 200e-6 })
    expect(model.reportsPerDay).toBe(24_000_000)
    expect(model.averagePerSecond).toBeCloseTo(277.78, 2)
    expect(model.peakPerSecond).toBeCloseTo(2_777.8, 1)
    // ⌈2,777.8 / 700⌉ = 4 nodes for the peak, plus one spare; ⌈2,777.8 / 1,400⌉ = 2 writers.
    expect(model.ingestNodes).toBe(5)
    expect(model.writers).toBe(2)
    expect(model.epochCpuSeconds).toBeCloseTo(4_800, 6)
  })

  it('refuses a rate that is not a positive number', () => {
    expect(() => loadModel({ ...ISSUE_NETWORK, ingestNodeRate: 0, writerRate: 1 })).toThrow(/ingestNodeRate must be a positive number/)
    expect(() => loadModel({ ...ISSUE_NETWORK, ingestNodeRate: 1, writerRate: Number.NaN })).toThrow(/writerRate/)
  })
})
