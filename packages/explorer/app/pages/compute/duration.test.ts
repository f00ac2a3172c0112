import { describe, expect, it } from 'vitest'
import { formatDuration } from './duration.ts'

describe('formatDuration', () => {
  it('says an order without a duration is open-ended, and others in their two largest units', () => {
    expect([0, 45, 60, 90, 3_600, 3_660, 90_061].map((s) => formatDuration(s))).toEqual(['open-ended', '45 s', '1 min', '1 min 30 s', '1 h', '1 h 1 min', '1 d 1 h'])
    expect(formatDuration(0, '0 s')).toBe('0 s')
  })
})
