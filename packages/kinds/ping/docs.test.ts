import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PING_PARAMS } from './params.ts'
import { PING_REASONS } from './reasons.ts'
import { PING_BEHAVIOURS } from './simulate.ts'

// docs.md is the kind's reference for builders and operators: it must name every reason code,
// parameter and behaviour the kind has, so none can ship undocumented.
const doc = readFileSync(new URL('./docs.md', import.meta.url), 'utf8')

describe('ping docs.md', () => {
  it.each(Object.keys(PING_REASONS))('explains reason code %s', (code) => expect(doc).toContain(`| \`${code}\` |`))
  it.each(Object.keys(DEFAULT_PING_PARAMS))('documents parameter %s', (key) => expect(doc).toContain(`| \`${key}\` |`))
  it.each([...PING_BEHAVIOURS])('describes behaviour %s', (behaviour) => expect(doc).toContain(`| \`${behaviour}\` |`))
})
