import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { codesUsed } from './errorCodeUse.ts'
import { ERROR_DOCS } from './errorTables.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))

describe('error codes', () => {
  it('every PINION_ERR_* code used in any package is defined in exactly one package’s table', () => {
    const definedIn = (code: string) => ERROR_DOCS.filter((doc) => Object.hasOwn(doc.table, code)).map((doc) => doc.package)
    const wrong = [...codesUsed(fileURLToPath(new URL('../../', import.meta.url)))]
      .map(([code, files]) => ({ code, definedIn: definedIn(code), usedIn: files.map((f) => relative(root, f)).slice(0, 3) }))
      .filter(({ definedIn }) => definedIn.length !== 1)
    expect(wrong).toEqual([])
  })

  it('no code is defined by two packages', () => {
    const seen = new Map<string, string>()
    const twice: string[] = []
    for (const doc of ERROR_DOCS) {
      for (const code of Object.keys(doc.table)) {
        if (seen.has(code)) twice.push(`${code}: ${seen.get(code)} and ${doc.package}`)
        seen.set(code, doc.package)
      }
    }
    expect(twice).toEqual([])
  })

  it('a code with an HTTP status has a 4xx or 5xx one, and every code says what it means', () => {
    for (const doc of ERROR_DOCS) {
      for (const [code, { status, description }] of Object.entries(doc.table)) {
        if (status !== undefined) expect([code, status >= 400 && status < 600]).toEqual([code, true])
        expect([code, description.length > 10]).toEqual([code, true])
      }
    }
  })
})
