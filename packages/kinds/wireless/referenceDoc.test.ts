import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_WIRELESS_PARAMS } from './params.ts'
import { WIRELESS_REASONS } from './reasons.ts'

// docs/wireless.md is the operators' reference: it must name every reason code and parameter the
// kind has, so that a new rule or threshold cannot ship undocumented.
const doc = readFileSync(new URL('../../../docs/wireless.md', import.meta.url), 'utf8')

describe('docs/wireless.md', () => {
  it.each(Object.keys(WIRELESS_REASONS))('explains reason code %s', (code) => {
    expect(doc).toContain(`\`${code}\``)
  })

  it.each(Object.entries(DEFAULT_WIRELESS_PARAMS))('documents parameter %s', (key, value) => {
    // A group (ring, coLocated, …) is documented member by member: `ring.minDeafListeners`.
    const isGroup = typeof value === 'object' && value !== null && !Array.isArray(value)
    const members = isGroup ? Object.keys(value as object).map((member) => `${key}.${member}`) : [key]
    for (const name of members) expect(doc.includes(`\`${name}\``) || doc.includes(`\`.${name.split('.')[1]}\``), name).toBe(true)
  })
})
