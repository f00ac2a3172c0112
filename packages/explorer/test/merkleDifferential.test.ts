import { RewardTree } from '@pinion/protocol'
import type { Address } from 'viem'
import { describe, expect, it } from 'vitest'
import { rewardLeaf, rootFromProof } from '../app/verify/merkle.ts'

// Differential: the browser's proof check against the oracle's own tree builder. It lives outside
// app/ because the builder is Node code (worker threads), which the browser tsconfig leaves out.
const entries = Array.from({ length: 7 }, (_, i) => ({
  recipient: `0x${(i + 1).toString(16).padStart(40, '0')}` as Address,
  cumulativeAmount: BigInt(i + 1) * 10n ** 18n + BigInt(i),
}))

describe('rootFromProof', () => {
  const tree = RewardTree.build(entries)

  it("recomputes the tree's root from every leaf and its proof", () => {
    for (const [i, entry] of tree.entries.entries()) {
      expect(rootFromProof(rewardLeaf(entry.recipient, entry.cumulativeAmount), tree.proof(i))).toBe(tree.root)
    }
  })

  it('finds another root for an amount or recipient that is not in the tree', () => {
    const [entry] = tree.entries
    expect(rootFromProof(rewardLeaf(entry!.recipient, entry!.cumulativeAmount + 1n), tree.proof(0))).not.toBe(tree.root)
    expect(rootFromProof(rewardLeaf(entries[1]!.recipient, entry!.cumulativeAmount), tree.proof(0))).not.toBe(tree.root)
  })
})
