import fc from 'fast-check'
import { bytesToHex, hexToBytes, padHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { addressInto, hexInto } from './hexInto.ts'

describe('hexInto', () => {
  it('writes the same bytes as viem for any hex up to the size, left-padded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.boolean(), fc.boolean(), (bytes, dropLeadingNibble, upper) => {
        let hex = Buffer.from(bytes).toString('hex')
        if (dropLeadingNibble && hex.length > 0) hex = hex.slice(1)
        if (upper) hex = hex.toUpperCase()
        const out = new Uint8Array(34).fill(0xee)
        expect(hexInto(`0x${hex}`, out, 1, 32)).toBe(true)
        expect(bytesToHex(out.subarray(1, 33))).toBe(padHex(`0x${hex.toLowerCase()}`, { size: 32 }))
        expect([out[0], out[33]]).toEqual([0xee, 0xee]) // nothing outside the window is touched
      }),
      { seed: 0x6865_78, numRuns: 300 },
    )
    expect(hexToBytes('0x01')).toEqual(new Uint8Array([1]))
  })

  it('refuses non-hex characters and values longer than the size', () => {
    const out = new Uint8Array(32)
    expect(hexInto('0xzz', out, 0, 32)).toBe(false)
    expect(hexInto('0x1g', out, 0, 32)).toBe(false)
    expect(hexInto(`0x${'1'.repeat(65)}`, out, 0, 32)).toBe(false)
    expect(hexInto('0x1234', out, 0, 1)).toBe(false)
  })
})

describe('addressInto', () => {
  it('parses any 20-byte address in any case, exactly 20 bytes at the offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString('hex')
        const out = new Uint8Array(22).fill(0xee)
        expect(addressInto(`0x${upper ? hex.toUpperCase() : hex}`, out, 1)).toBe(true)
        expect(out.subarray(1, 21)).toEqual(bytes)
        expect([out[0], out[21]]).toEqual([0xee, 0xee])
      }),
      { seed: 0x6164_6472, numRuns: 200 },
    )
  })

  it('refuses anything that is not 0x and 40 hex digits', () => {
    const out = new Uint8Array(20)
    for (const bad of ['', '0x', `0x${'1'.repeat(39)}`, `0x${'1'.repeat(41)}`, `00${'1'.repeat(40)}`, `0x${'g'.repeat(40)}`, `0x${'1'.repeat(39)}é`]) {
      expect(addressInto(bad, out, 0)).toBe(false)
    }
  })
})
