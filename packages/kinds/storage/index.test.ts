import { describe, expect, it } from 'vitest'
import { qualifiedPools } from '../src/qualifiedName.ts'
import { COMMON_REASONS } from '../src/reasons.ts'
import { checkKind } from '../src/registry.ts'
import { storage } from './index.ts'

describe('the storage kind', () => {
  it('keeps the rules every kind keeps: its folder name, a rules version, reasons and pools that qualify cleanly', () => {
    expect(checkKind(storage, 'storage')).toBe(storage)
    expect([storage.name, storage.rulesVersion, storage.payloadTypes, storage.pools]).toEqual(['storage', 1, ['possession-proof'], ['proven']])
    expect(qualifiedPools(storage)).toEqual(['storage.proven'])
    for (const [code, words] of Object.entries(storage.reasons)) {
      expect(code in COMMON_REASONS).toBe(false)
      expect(words.length).toBeGreaterThan(20)
    }
    expect(storage.parseParams(storage.defaultParams)).toEqual(storage.defaultParams)
  })
})
