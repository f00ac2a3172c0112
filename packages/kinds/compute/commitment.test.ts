import { type Hex, keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { isSampled, resultCommitment } from './commitment.ts'

const hash = (s: string): Hex => keccak256(stringToBytes(s))

describe('result commitments', () => {
  it('bind the result to the committing provider and its salt', () => {
    const result = hash('result')
    const a = resultCommitment(result, hash('provider a'), hash('salt'))
    expect(resultCommitment(result, hash('provider a'), hash('salt'))).toBe(a)
    expect(resultCommitment(result, hash('provider b'), hash('salt'))).not.toBe(a)
    expect(resultCommitment(result, hash('provider a'), hash('other salt'))).not.toBe(a)
    expect(resultCommitment(hash('other'), hash('provider a'), hash('salt'))).not.toBe(a)
  })
})

describe('the re-execution sample', () => {
  it('takes close to its rate of commitments, the same ones for the same entropy, other ones for another', () => {
    const commitments = Array.from({ length: 4_000 }, (_, i) => hash(`commitment ${i}`))
    const sampled = (entropy: Hex) => commitments.filter((c) => isSampled(entropy, c, 100_000))
    const first = sampled(hash('entropy 1'))
    expect(first.length / commitments.length).toBeGreaterThan(0.085)
    expect(first.length / commitments.length).toBeLessThan(0.115)
    expect(sampled(hash('entropy 1'))).toEqual(first)
    const second = new Set(sampled(hash('entropy 2')))
    const both = first.filter((c) => second.has(c)).length
    // Independent draws overlap in about rate² of all commitments.
    expect(both / commitments.length).toBeLessThan(0.02)
  })

  it('takes every task at a rate of a million parts per million and none at zero', () => {
    expect(isSampled(hash('e'), hash('c'), 1_000_000)).toBe(true)
    expect(isSampled(hash('e'), hash('c'), 0)).toBe(false)
  })
})
