import { describe, expect, it } from 'vitest'
import { DEVNET_REDUNDANCY, STORJ_REDUNDANCY, checkRedundancy } from './redundancy.ts'

describe('checkRedundancy', () => {
  it("accepts Storj's 29/35/80/110 and the devnet's 4/5/8/10", () => {
    expect(checkRedundancy(STORJ_REDUNDANCY)).toEqual({ required: 29, repairAt: 35, pieces: 80, uploads: 110 })
    expect(checkRedundancy(DEVNET_REDUNDANCY)).toEqual({ required: 4, repairAt: 5, pieces: 8, uploads: 10 })
  })

  it('refuses numbers out of order, fractional, or past 256 shards with PINION_ERR_STORAGE_REDUNDANCY', () => {
    const refused = expect.objectContaining({ code: 'PINION_ERR_STORAGE_REDUNDANCY' })
    for (const bad of [
      { required: 0, repairAt: 5, pieces: 8, uploads: 10 },
      { required: 5, repairAt: 5, pieces: 8, uploads: 10 },
      { required: 4, repairAt: 8, pieces: 8, uploads: 10 },
      { required: 4, repairAt: 5, pieces: 11, uploads: 10 },
      { required: 4, repairAt: 5, pieces: 8, uploads: 257 },
      { required: 4.5, repairAt: 5, pieces: 8, uploads: 10 },
    ])
      expect(() => checkRedundancy(bad)).toThrow(refused)
  })
})
