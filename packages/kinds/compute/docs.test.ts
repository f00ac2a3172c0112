import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_COMPUTE_PARAMS } from './params.ts'
import { COMPUTE_REASONS, NO_SHOW, REVEAL_MISSING } from './reasons.ts'
import { FAULT_CODES } from './settlement.ts'
import { COMPUTE_BEHAVIOURS } from './simulate.ts'

// docs.md is the kind's reference: it must name every reason code, parameter, behaviour and fault code the kind has.
const doc = readFileSync(new URL('./docs.md', import.meta.url), 'utf8')

describe('compute docs.md', () => {
  it.each(Object.keys(COMPUTE_REASONS))('explains reason code %s', (code) => expect(doc).toContain(`| \`${code}\` |`))
  it.each(Object.keys(DEFAULT_COMPUTE_PARAMS))('documents parameter %s', (key) => expect(doc).toContain(`| \`${key}\` |`))
  it.each([...COMPUTE_BEHAVIOURS])('describes behaviour %s', (behaviour) => expect(doc).toContain(`| \`${behaviour}\` |`))
  it.each(Object.entries(FAULT_CODES))('gives fault %s its code on chain, %i', (reason, code) => expect(doc).toContain(`\`${reason}\` ${code}`))
  it.each([REVEAL_MISSING, NO_SHOW])('explains %s, a fault without a report', (code) => expect(doc).toContain(`\`${code}\` for a`))
})
