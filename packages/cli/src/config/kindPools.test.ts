import { describe, expect, it } from 'vitest'
import { checkKindPools } from './kindPools.ts'

describe('checkKindPools', () => {
  it('accepts every pool of every kind named qualified, beside network pools', () => {
    expect(() => checkKindPools(['uptime', 'wireless'], { 'uptime.uptime': 3_000, 'wireless.coverage': 4_000, 'wireless.usage': 2_000, treasury: 1_000 })).not.toThrow()
  })

  it('names a kind the registry does not have', () => {
    expect(() => checkKindPools(['uptme'], { treasury: 10_000 })).toThrow(/kinds\.uptme is "uptme", expected one of the kinds Pinion knows: .*uptime/)
  })

  it("hints at the qualified name of a kind's pool given bare", () => {
    expect(() => checkKindPools(['wireless'], { coverage: 8_500, 'wireless.usage': 1_000, treasury: 500 })).toThrow(
      'Invalid network config: pools.coverage is "coverage", expected a kind\'s pool named with its kind: "wireless.coverage".',
    )
  })

  it('refuses a kind one of whose pools has no basis points', () => {
    expect(() => checkKindPools(['wireless'], { 'wireless.coverage': 9_500, treasury: 500 })).toThrow(/including "wireless.usage"/)
  })
})
