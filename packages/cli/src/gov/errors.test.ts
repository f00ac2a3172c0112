import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { GOV_ERROR_CODES } from './errors.ts'

describe('governance error codes', () => {
  it('lists exactly the codes, and whether they are retryable, that ERRORS.md documents', async () => {
    const doc = await readFile(new URL('../../ERRORS.md', import.meta.url), 'utf8')
    const documented = [...doc.matchAll(/^\| `(PINION_ERR_GOV_\w+)` \| (yes|no) \|/gm)].map((m) => [m[1], m[2] === 'yes'])
    expect(documented).toEqual(Object.entries(GOV_ERROR_CODES).map(([code, { retryable }]) => [code, retryable]))
  })
})
