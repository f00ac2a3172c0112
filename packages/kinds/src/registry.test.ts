import { readdirSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { uptime } from '../uptime/index.ts'
import { COMMON_REASONS } from './reasons.ts'
import { checkKind, kindUnderRules, kinds } from './registry.ts'

describe('kinds', () => {
  it('finds every kind folder and registers each kind under its own name', () => {
    const root = new URL('../', import.meta.url)
    const folders = readdirSync(root)
      .filter((name) => !['src', 'dist', 'node_modules'].includes(name) && statSync(new URL(name, root)).isDirectory())
      .sort()
    expect([...kinds.keys()]).toEqual(folders)
    expect(kinds.get('uptime')).toBe(uptime)
    for (const [name, kind] of kinds) expect(kind.name).toBe(name)
  })

  it("never reuses a common reason code for a kind's own reason, and explains every code in words", () => {
    for (const kind of kinds.values()) {
      for (const [code, words] of Object.entries(kind.reasons)) {
        expect(code in COMMON_REASONS, `${kind.name}.${code}`).toBe(false)
        expect(code).toMatch(/^[A-Z][A-Z_]+$/)
        expect(words.length).toBeGreaterThan(20)
      }
      expect(kind.summary.length).toBeGreaterThan(20)
    }
    for (const words of Object.values(COMMON_REASONS)) expect(words.length).toBeGreaterThan(20)
  })

  it('gives every kind default params that its own parser accepts unchanged', () => {
    for (const kind of kinds.values()) expect(kind.parseParams(kind.defaultParams)).toEqual(kind.defaultParams)
  })

  it('refuses a kind whose name, rules version, reasons or pools would not qualify cleanly', () => {
    expect(() => checkKind({ ...uptime, name: 'Up.time' }, 'Up.time')).toThrow(/PINION_ERR_KIND_DEFINITION|lower-case/)
    expect(() => checkKind({ ...uptime, rulesVersion: 0 })).toThrow(/rules version 0/)
    expect(() => checkKind({ ...uptime, reasons: { 'bad.code': 'a reason whose code has a dot in it' } })).toThrow(/UPPER_SNAKE_CASE/)
    expect(() => checkKind({ ...uptime, pools: ['a.b'] })).toThrow(/pool "a.b"/)
    expect(() => checkKind({ ...uptime, fraud: { NOT_A_REASON: 1 } })).toThrow(/counts "NOT_A_REASON" as fraud, which is not one of its reasons/)
    expect(() => checkKind({ ...uptime, fraud: { OUTSIDE_EPOCH: 0 } })).toThrow(/from 0 reports/)
  })

  it('applies the rules an epoch ran under, and refuses a version this build does not have', () => {
    const v1 = { ...uptime }
    const v2 = { ...uptime, rulesVersion: 2, earlierRules: new Map([[1, v1]]) }
    expect(kindUnderRules(v2, 2)).toBe(v2)
    expect(kindUnderRules(v2, 1)).toBe(v1)
    expect(() => kindUnderRules(v2, 3)).toThrow(/rules version 3, which this build cannot apply \(it has 1, 2\)/)
  })
})
