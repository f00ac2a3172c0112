import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MOBILE_PARAMS } from './params.ts'
import { MOBILE_REASONS } from './reasons.ts'
import { MOBILE_BEHAVIOURS } from './simulate/index.ts'

// docs/mobile.md is the kind's reference for builders and operators (the folder's docs.md points to
// it): it must name every reason code, parameter and behaviour the kind has, each in a table row,
// so none can ship undocumented.
const reference = readFileSync(new URL('../../../docs/mobile.md', import.meta.url), 'utf8')
const pointer = readFileSync(new URL('./docs.md', import.meta.url), 'utf8')

describe('docs/mobile.md', () => {
  it.each(Object.keys(MOBILE_REASONS))('explains reason code %s', (code) => expect(reference).toContain(`| \`${code}\` |`))
  it.each(Object.keys(DEFAULT_MOBILE_PARAMS).concat('deviceClassRadioTypes'))('documents parameter %s', (key) => expect(reference).toContain(`| \`${key}\` |`))
  it.each([...MOBILE_BEHAVIOURS])('describes behaviour %s', (behaviour) => expect(reference).toContain(`| \`${behaviour}\` |`))
  it("is where the kind's own docs.md sends its readers", () => expect(pointer).toContain('](../../../docs/mobile.md)'))
})
