import type { TestSpecification, Vitest } from 'vitest/node'
import { describe, expect, it } from 'vitest'
import { TierSequencer } from './tierSequencer.ts'

/** A test file of `tier`, as the sequencer sees it; sizes come from the cache below, which holds no results (a clean clone). */
const file = (tier: string, name: string) => ({ moduleId: `/repo/${name}`, project: { name: tier, config: { sequence: { groupOrder: 0 }, isolate: false } } })

describe('TierSequencer', () => {
  it('starts the e2e files first, then chain, db and unit, each tier largest first', async () => {
    const sizes = new Map([
      ['unit:a.test.ts', 900],
      ['chain:b.chain.test.ts', 100],
      ['e2e:c.e2e.test.ts', 50],
      ['db:d.db.test.ts', 10],
      ['e2e:e.e2e.test.ts', 400],
      ['unit:f.test.ts', 20],
      ['chain:g.chain.test.ts', 300],
    ])
    const ctx = {
      config: { root: '/repo' },
      cache: { getFileTestResults: () => undefined, getFileStats: (key: string) => ({ size: sizes.get(key)! }) },
    } as unknown as Vitest
    const files = [...sizes.keys()].map((key) => file(...(key.split(':') as [string, string])))
    const sorted = await new TierSequencer(ctx).sort(files as unknown as TestSpecification[])
    expect(sorted.map((f) => f.moduleId.slice('/repo/'.length))).toEqual([
      'e.e2e.test.ts',
      'c.e2e.test.ts',
      'g.chain.test.ts',
      'b.chain.test.ts',
      'd.db.test.ts',
      'a.test.ts',
      'f.test.ts',
    ])
  })
})
