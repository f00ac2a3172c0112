import { describe, expect, it } from 'vitest'
import { openFile, sealFile } from './sealFile.ts'

const text = new TextEncoder().encode('meter readings of building 7, March')

describe('sealFile and openFile', () => {
  it('seal with a fresh key per file, as nonce ‖ ciphertext ‖ tag, and open again with that key', () => {
    const a = sealFile(text)
    const b = sealFile(text)
    expect(a.key).toHaveLength(32)
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(false)
    expect(a.sealed).toHaveLength(12 + text.length + 16)
    expect(Buffer.from(a.sealed).includes(Buffer.from(text))).toBe(false)
    expect(Buffer.from(openFile(a.sealed, a.key)).toString()).toBe('meter readings of building 7, March')
  })

  it('refuse with PINION_ERR_STORAGE_DECRYPT another key, a changed byte anywhere, or bytes too short to be sealed', () => {
    const { key, sealed } = sealFile(text)
    const refused = expect.objectContaining({ code: 'PINION_ERR_STORAGE_DECRYPT' })
    expect(() => openFile(sealed, sealFile(text).key)).toThrow(refused)
    for (const at of [0, 12, sealed.length - 1]) {
      const changed = sealed.slice()
      changed[at]! ^= 1
      expect(() => openFile(changed, key)).toThrow(refused)
    }
    expect(() => openFile(sealed.subarray(0, 20), key)).toThrow(refused)
  })
})
