import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sortRecords } from './sortRecords.ts'

/** The order a plain comparison sort gives: by key bytes, then by index (stable). */
function naiveOrder(bytes: Uint8Array, count: number, stride: number, keyOffset: number, keyLength: number): number[] {
  const key = (i: number) => Buffer.from(bytes.subarray(i * stride + keyOffset, i * stride + keyOffset + keyLength))
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => Buffer.compare(key(a), key(b)) || a - b)
}

describe('sortRecords', () => {
  it('orders records by key bytes exactly as a comparison sort, including keys that share a prefix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 24, maxLength: 24 }), { minLength: 0, maxLength: 200 }),
        fc.uint8Array({ minLength: 6, maxLength: 6 }),
        fc.nat({ max: 3 }),
        (records, sharedPrefix, shareEvery) => {
          // Many records share their first bytes (as an adversary's chosen addresses could) or are equal.
          records.forEach((record, i) => {
            if (shareEvery > 0 && i % (shareEvery + 1) === 0) record.set(sharedPrefix, 2)
            if (i % 7 === 3 && i > 0) record.set(records[i - 1]!)
          })
          const bytes = new Uint8Array(records.length * 24)
          records.forEach((record, i) => bytes.set(record, i * 24))
          expect(Array.from(sortRecords(bytes, records.length, 24, 2, 20))).toEqual(naiveOrder(bytes, records.length, 24, 2, 20))
          expect(Array.from(sortRecords(bytes, records.length, 24, 0, 4))).toEqual(naiveOrder(bytes, records.length, 24, 0, 4))
        },
      ),
      { seed: 0x736f_7274, numRuns: 200 },
    )
  })
})
