import { describe, expect, it } from 'vitest'
import { formatBytes } from './formatBytes.ts'

describe('formatBytes', () => {
  it('sizes bytes in binary units with at most two decimals, rounded toward zero', () => {
    expect(formatBytes(0n)).toBe('0 B')
    expect(formatBytes('1023')).toBe('1,023 B')
    expect(formatBytes(1024n)).toBe('1 KiB')
    expect(formatBytes(1536n)).toBe('1.5 KiB')
    expect(formatBytes(3n * 130_048n)).toBe('381 KiB')
    expect(formatBytes(1024n ** 3n - 1n)).toBe('1,023.99 MiB')
    expect(formatBytes(5n * 1024n ** 4n + 1024n ** 3n)).toBe('5 TiB')
    expect(formatBytes(2000n * 1024n ** 6n)).toBe('2,000 EiB')
  })
})
