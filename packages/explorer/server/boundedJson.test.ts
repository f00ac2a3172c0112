import { describe, expect, it } from 'vitest'
import { nestsDeeperThan } from './boundedJson.ts'

describe('nestsDeeperThan', () => {
  it('counts arrays and objects inside one another, not one after another', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false)
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false)
    expect(nestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true)
    expect(nestsDeeperThan(`[${'[],'.repeat(1000)}[]]`, 2)).toBe(false)
  })

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan('["[[[[", "{{{{"]', 1)).toBe(false)
    expect(nestsDeeperThan('["\\"[[[[", "\\\\", []]', 1)).toBe(true)
    expect(nestsDeeperThan('["\\"[[[[", "\\\\"]', 1)).toBe(false)
  })

  it('gives up at the first level too deep, whatever follows', () => {
    expect(nestsDeeperThan(`${'['.repeat(65)}not json at all`, 64)).toBe(true)
    expect(nestsDeeperThan('', 64)).toBe(false)
  })
})
