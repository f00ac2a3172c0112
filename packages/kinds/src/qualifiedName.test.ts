import { describe, expect, it } from 'vitest'
import { uptime } from '../uptime/index.ts'
import { wireless } from '../wireless/index.ts'
import type { Kind } from './kind.ts'
import { qualifiedName, qualifiedPools, reasonWords, splitQualifiedName } from './qualifiedName.ts'
import { COMMON_REASONS } from './reasons.ts'

describe('qualified names', () => {
  it('name a kind\'s codes and pools "<kind>.<name>", and split back', () => {
    expect(qualifiedName('wireless', 'WITNESS_TOO_FAR')).toBe('wireless.WITNESS_TOO_FAR')
    expect(splitQualifiedName('wireless.coverage')).toEqual({ kind: 'wireless', local: 'coverage' })
    expect(splitQualifiedName('BAD_SIGNATURE')).toBeNull()
    expect(splitQualifiedName('.x')).toBeNull()
    expect(qualifiedPools(wireless as Kind)).toEqual(['wireless.coverage', 'wireless.usage'])
  })

  it("keep two kinds' codes of one name apart, each with its own words", () => {
    const words = reasonWords([uptime as Kind, wireless as Kind])
    expect(Object.hasOwn(uptime.reasons, 'OUTSIDE_EPOCH') && Object.hasOwn(wireless.reasons, 'OUTSIDE_EPOCH')).toBe(true)
    expect(words['uptime.OUTSIDE_EPOCH']).toBe(uptime.reasons.OUTSIDE_EPOCH)
    expect(words['wireless.OUTSIDE_EPOCH']).toBe((wireless.reasons as Record<string, string>).OUTSIDE_EPOCH)
    expect(words['uptime.OUTSIDE_EPOCH']).not.toBe(words['wireless.OUTSIDE_EPOCH'])
    expect(words.BAD_SIGNATURE).toBe(COMMON_REASONS.BAD_SIGNATURE)
    expect(words.OUTSIDE_EPOCH).toBeUndefined()
  })
})
