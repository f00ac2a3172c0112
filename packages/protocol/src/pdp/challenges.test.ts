import { concatHex, hexToBigInt, keccak256, numberToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { challengedLeaves } from './challenges.ts'

describe('challengedLeaves', () => {
  it("draws challenge i from keccak256 of the seed's 32 bytes, the set id's 32 and i's 8, modulo the range", () => {
    const seed = 0xfeedn * 2n ** 200n + 12_345n
    const range = 1_000_003n
    const drawn = challengedLeaves(seed, 7n, 5, range)
    // abi.encodePacked(uint256, uint256, uint64), spelt out byte by byte.
    const expected = [0, 1, 2, 3, 4].map(
      (i) => hexToBigInt(keccak256(concatHex([numberToHex(seed, { size: 32 }), numberToHex(7n, { size: 32 }), numberToHex(BigInt(i), { size: 8 })]))) % range,
    )
    expect(drawn).toEqual(expected)
    expect(new Set(drawn).size).toBe(5)
    for (const leaf of drawn) expect(leaf >= 0n && leaf < range).toBe(true)
  })

  it('draws other leaves for another seed or another data set', () => {
    const drawn = challengedLeaves(1n, 1n, 5, 2n ** 40n)
    expect(challengedLeaves(2n, 1n, 5, 2n ** 40n)).not.toEqual(drawn)
    expect(challengedLeaves(1n, 2n, 5, 2n ** 40n)).not.toEqual(drawn)
  })

  it('refuses an empty data set or no challenges with PINION_ERR_PDP_INPUT', () => {
    expect(() => challengedLeaves(1n, 1n, 5, 0n)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
    expect(() => challengedLeaves(1n, 1n, 0, 10n)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PDP_INPUT' }))
  })
})
