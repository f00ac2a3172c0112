import fc from 'fast-check'
import { bytesToHex, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { keccak256Hex, keccak256Into } from './keccak.ts'

describe('keccak256', () => {
  it('matches viem for any input, as bytes and as hex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const out = new Uint8Array(34)
        keccak256Into(input, out, 1)
        expect(bytesToHex(out.subarray(1, 33))).toBe(keccak256(input))
        expect(keccak256Hex(input)).toBe(keccak256(input))
      }),
      { seed: 0x6b65_6363, numRuns: 200 },
    )
  })
})
