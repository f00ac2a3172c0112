import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { allShards, shardOf, shardSubject } from './shards.ts'

describe('shards', () => {
  it('puts a device on one shard, whatever the case of its id, and spreads devices over every shard', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `0x${i.toString(16).padStart(64, 'a')}` as Hex)
    expect(shardOf(ids[0]!, 4)).toBe(shardOf(ids[0]!.toUpperCase().replace('0X', '0x') as Hex, 4))
    const counts = allShards(4).map((shard) => ids.filter((id) => shardOf(id, 4) === shard).length)
    for (const count of counts) expect(count).toBeGreaterThan(60)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(400)
  })

  it('is pinned: the same id gives the same shard in every release', () => {
    expect(shardOf(`0x${'00'.repeat(32)}`, 16)).toBe(shardOf(`0x${'00'.repeat(32)}`, 16))
    expect([shardOf(`0x${'01'.repeat(32)}`, 7), shardOf(`0x${'ff'.repeat(32)}`, 7)]).toMatchInlineSnapshot(`
      [
        3,
        2,
      ]
    `)
    expect(shardSubject('pinion.net', 3)).toBe('pinion.net.reports.3')
  })
})
