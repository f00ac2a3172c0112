import { describe, expect, it } from 'vitest'
import { DEFAULT_STORAGE_PARAMS, parseStorageParams } from './params.ts'

describe('storage params', () => {
  it("defaults to Filecoin's values and accepts its own output", () => {
    expect(DEFAULT_STORAGE_PARAMS).toEqual({ challengesPerProof: 5, responseWindowMs: 1_800_000n, maxConsecutiveFaults: 42 })
    expect(parseStorageParams(DEFAULT_STORAGE_PARAMS)).toEqual(DEFAULT_STORAGE_PARAMS)
    expect(parseStorageParams(undefined)).toEqual(DEFAULT_STORAGE_PARAMS)
  })

  it('refuses values out of range and unknown keys, naming the field', () => {
    expect(() => parseStorageParams({ challengesPerProof: 0 })).toThrow(/challengesPerProof/)
    expect(() => parseStorageParams({ challengesPerProof: 67 })).toThrow(/challengesPerProof/)
    expect(() => parseStorageParams({ maxConsecutiveFaults: 43 })).toThrow(/maxConsecutiveFaults/)
    expect(() => parseStorageParams({ responseWindowMs: 0 })).toThrow(/responseWindowMs/)
    expect(() => parseStorageParams({ challengesPerProf: 5 })).toThrow(/challengesPerProf/)
  })

  it("refuses a response window longer than the network's epoch", () => {
    expect(parseStorageParams({ responseWindowMs: 30_000 }, { epochMs: 30_000n }).responseWindowMs).toBe(30_000n)
    expect(() => parseStorageParams({ responseWindowMs: 30_001 }, { epochMs: 30_000n })).toThrow(/responseWindowMs.*at most the epoch's 30000 ms/s)
    expect(() => parseStorageParams({}, { epochMs: 30_000n })).toThrow(/responseWindowMs/)
  })
})
