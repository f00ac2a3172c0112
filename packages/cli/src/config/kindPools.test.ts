import { kinds } from '@pinion/kinds'
import { describe, expect, it } from 'vitest'
import type { Report } from './configError.ts'
import { checkKindPools } from './kindPools.ts'

/** What checkKindPools reports for the kinds named, one line each. */
const reported = (names: readonly string[], pools: Record<string, number>) => {
  const lines: string[] = []
  const report: Report = {
    problem: (path, given, expected) => lines.push(`${path.join('.')} is ${JSON.stringify(given)}, expected ${expected}`),
    unknown: (path, what, expected, known) => lines.push(`${path.join('.')} is an unknown ${what}, expected ${expected} [${known.join(', ')}]`),
  }
  checkKindPools(
    names.map((name) => kinds.get(name)!),
    pools,
    report,
  )
  return lines
}

describe('checkKindPools', () => {
  it('accepts every pool of every kind named qualified, beside network pools', () => {
    expect(reported(['uptime', 'wireless'], { 'uptime.uptime': 3_000, 'wireless.coverage': 4_000, 'wireless.usage': 2_000, treasury: 1_000 })).toEqual([])
  })

  it("hints at the qualified name of a kind's pool given bare", () => {
    expect(reported(['wireless'], { coverage: 8_500, 'wireless.usage': 1_000, treasury: 500 })).toEqual([
      'pools.coverage is 8500, expected a kind\'s pool named with its kind: "wireless.coverage"',
      'pools is {"coverage":8500,"wireless.usage":1000,"treasury":500}, expected basis points for every pool of kind wireless, including "wireless.coverage"',
    ])
  })

  it("refuses a pool of one of the network's kinds that the kind does not have", () => {
    expect(reported(['uptime'], { 'uptime.uptim': 9_500, 'uptime.uptime': 0, treasury: 500 })).toEqual([
      'pools.uptime.uptim is an unknown pool, expected a pool of kind uptime: uptime.uptime [uptime.uptime]',
    ])
  })

  it('refuses a kind one of whose pools has no basis points', () => {
    expect(reported(['wireless'], { 'wireless.coverage': 9_500, treasury: 500 })).toEqual([
      'pools is {"wireless.coverage":9500,"treasury":500}, expected basis points for every pool of kind wireless, including "wireless.usage"',
    ])
  })
})
