import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_STORAGE_PARAMS } from './params.ts'
import { STORAGE_REASONS } from './reasons.ts'
import { STORAGE_BEHAVIOURS } from './simulate.ts'

// docs.md is the kind's reference: it must name every reason code, parameter and behaviour the kind has.
const doc = readFileSync(new URL('./docs.md', import.meta.url), 'utf8')

describe('storage docs.md', () => {
  it.each(Object.keys(STORAGE_REASONS))('explains reason code %s', (code) => expect(doc).toContain(`| \`${code}\` |`))
  it.each(Object.keys(DEFAULT_STORAGE_PARAMS))('documents parameter %s', (key) => expect(doc).toContain(`| \`${key}\` |`))
  it.each([...STORAGE_BEHAVIOURS])('describes behaviour %s', (behaviour) => expect(doc).toContain(`| \`${behaviour}\` |`))
})
