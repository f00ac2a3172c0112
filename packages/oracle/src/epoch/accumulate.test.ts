import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { accumulate } from './accumulate.ts'

const A = '0x00000000000000000000000000000000000000aB' as Address
const a = A.toLowerCase() as Address

describe('accumulate', () => {
  it('adds payments onto previous amounts under lower-case addresses, in address order, keeping recipients paid nothing now', () => {
    const previous = new Map<Address, bigint>([
      [A, 10n],
      ['0x0000000000000000000000000000000000000001', 4n],
    ])
    const payments = [
      { recipient: '0x0000000000000000000000000000000000000003' as Address, amount: 3n },
      { recipient: a, amount: 5n },
      { recipient: '0x0000000000000000000000000000000000000002' as Address, amount: 0n },
    ]
    expect(accumulate(previous, payments, { recipient: A, amount: 1n })).toEqual([
      { recipient: '0x0000000000000000000000000000000000000001', cumulativeAmount: 4n },
      { recipient: '0x0000000000000000000000000000000000000003', cumulativeAmount: 3n },
      { recipient: a, cumulativeAmount: 16n },
    ])
    expect(accumulate(new Map([[A, 0n]]), [], { recipient: A, amount: 0n })).toEqual([]) // nothing owed, no leaf
  })

  it('refuses one recipient twice in the previous amounts, and negative amounts', () => {
    const none = { recipient: A, amount: 0n }
    expect(() =>
      accumulate(
        new Map([
          [A, 1n],
          [a, 2n],
        ]),
        [],
        none,
      ),
    ).toThrow(`recipient ${a} appears twice in the previous cumulative amounts`)
    expect(() => accumulate(new Map([[A, -1n]]), [], none)).toThrow(/negative/)
    expect(() => accumulate(new Map(), [{ recipient: A, amount: -1n }], none)).toThrow(/negative/)
  })
})
