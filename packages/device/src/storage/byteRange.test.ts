import { describe, expect, it } from 'vitest'
import { byteRangeOf } from './byteRange.ts'

describe('byteRangeOf', () => {
  it('reads one range: first and last byte, from a byte to the end, or the last n bytes', () => {
    expect(byteRangeOf(undefined, 1_000)).toBeUndefined()
    expect(byteRangeOf('bytes=0-0', 1_000)).toEqual({ offset: 0, length: 1 })
    expect(byteRangeOf('bytes=256-511', 1_000)).toEqual({ offset: 256, length: 256 })
    expect(byteRangeOf('bytes=990-', 1_000)).toEqual({ offset: 990, length: 10 })
    expect(byteRangeOf('bytes=-10', 1_000)).toEqual({ offset: 990, length: 10 })
    expect(byteRangeOf('Bytes=1-2', 1_000)).toEqual({ offset: 1, length: 2 })
    // A last byte past the end, or a suffix longer than the piece, is cut to the piece.
    expect(byteRangeOf('bytes=900-5000', 1_000)).toEqual({ offset: 900, length: 100 })
    expect(byteRangeOf('bytes=-5000', 1_000)).toEqual({ offset: 0, length: 1_000 })
  })

  it.each([
    'bytes=1000-1000',
    'bytes=1000-',
    'bytes=5-4',
    'bytes=-0',
    'bytes=0-1,5-6',
    'bytes=a-b',
    'bytes=',
    'bytes=-',
    'items=0-1',
    'bytes=0x1-2',
    'bytes= 1-2',
    `bytes=0-${'9'.repeat(16)}`,
  ])('refuses %j within 1000 bytes with PINION_ERR_PIECE_RANGE', (header) => {
    expect(() => byteRangeOf(header, 1_000)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_RANGE', message: expect.stringContaining('(1000 bytes)') }))
  })

  it('finds nothing to serve in an empty piece', () => {
    for (const header of ['bytes=0-', 'bytes=0-0', 'bytes=-1']) expect(() => byteRangeOf(header, 0)).toThrow(expect.objectContaining({ code: 'PINION_ERR_PIECE_RANGE' }))
  })
})
