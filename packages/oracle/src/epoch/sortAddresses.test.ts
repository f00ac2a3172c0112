import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sortAddressOrder } from './sortAddresses.ts'

describe('sortAddressOrder', () => {
  it('orders lower-case addresses exactly as a stable string sort, including ones that share their first bytes', () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
    const prefix = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => Buffer.from(b).toString('hex'))
    fc.assert(
      fc.property(fc.array(address, { maxLength: 100 }), prefix, (addresses, shared) => {
        // Every third address shares its first 4 bytes with the others, as chosen addresses could;
        // every seventh repeats the one before.
        const mixed = addresses.map((a, i) => (i % 3 === 0 ? `0x${shared}${a.slice(10)}` : a))
        mixed.forEach((_, i) => {
          if (i % 7 === 6) mixed[i] = mixed[i - 1]!
        })
        const expected = mixed.map((_, i) => i).sort((a, b) => (mixed[a]! < mixed[b]! ? -1 : mixed[a]! > mixed[b]! ? 1 : a - b))
        expect(Array.from(sortAddressOrder(mixed))).toEqual(expected)
      }),
      { seed: 0x534f_5254, numRuns: 200 },
    )
  })
})
