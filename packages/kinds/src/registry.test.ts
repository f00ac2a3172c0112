import { describe, expect, it } from 'vitest'
import { COMMON_REASONS } from './reasons.ts'
import { kinds } from './registry.ts'

describe('kinds', () => {
  it('registers each kind under its own name', () => {
    expect([...kinds.keys()]).toEqual(['uptime', 'wireless'])
    for (const [name, kind] of kinds) expect(kind.name).toBe(name)
  })

  it("never reuses a common reason code for a kind's own reason, and explains every code in words", () => {
    for (const kind of kinds.values()) {
      for (const [code, words] of Object.entries(kind.reasons)) {
        expect(code in COMMON_REASONS, `${kind.name}.${code}`).toBe(false)
        expect(code).toMatch(/^[A-Z][A-Z_]+$/)
        expect(words.length).toBeGreaterThan(20)
      }
    }
    for (const words of Object.values(COMMON_REASONS)) expect(words.length).toBeGreaterThan(20)
  })

  it('gives every kind default params that its own parser accepts unchanged', () => {
    for (const kind of kinds.values()) expect(kind.parseParams(kind.defaultParams)).toEqual(kind.defaultParams)
  })
})
