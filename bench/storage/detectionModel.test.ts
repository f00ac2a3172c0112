import { DEFAULT_STORAGE_PARAMS } from '@pinion/kinds/storage'
import { describe, expect, it } from 'vitest'
import { measureDetection } from './detectionModel.ts'

const params = { ...DEFAULT_STORAGE_PARAMS, responseWindowMs: 10_000n }

describe('measureDetection', () => {
  const result = measureDetection({ perBehaviour: 2, epochs: 6, seeds: [1, 2], pieceBytes: 4_096, params })
  const row = (behaviour: string) => result.rows.find((r) => r.behaviour === behaviour)!

  it('flags no honest period, so every class with a catch has precision 1', () => {
    expect(result.honestFlagged).toBe(0)
    expect(result.honestPeriods).toBeGreaterThan(0)
    for (const r of result.rows) expect(r.precision === null || r.precision === 1).toBe(true)
  })

  it('catches every late, corrupted, sybil and repeated period, and most of a dropper’s', () => {
    for (const behaviour of ['late', 'corrupter', 'sybil', 'repeater']) expect([behaviour, row(behaviour).recall]).toEqual([behaviour, 1])
    expect(row('dropper').periods).toBe(24)
    // Theory: 1 − (1/2)^5 ≈ 0.97 of periods; 20 of 24 is well below what any seed gives.
    expect(row('dropper').flagged).toBeGreaterThanOrEqual(20)
  })

  it("counts a flaky provider's offline periods apart, and is the same for the same seeds", () => {
    expect(result.flakyOffline).toBeGreaterThan(0)
    expect(measureDetection({ perBehaviour: 2, epochs: 6, seeds: [1, 2], pieceBytes: 4_096, params })).toEqual(result)
  })
})
