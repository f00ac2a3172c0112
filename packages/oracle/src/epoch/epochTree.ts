import { type RewardEntry, RewardTree } from '@pinion/protocol'
import type { Hex } from 'viem'

/** The root committed when no recipient has anything: bytes32(0), which no tree can have. */
export const EMPTY_ROOT: Hex = `0x${'00'.repeat(32)}`

export type EpochTree = { tree: RewardTree | null; root: Hex; totalCumulative: bigint }

/**
 * Builds the reward tree over the cumulative entries (as accumulate returns them: amounts above
 * zero, in address order, which the tree keeps as its entry order). Hashing runs on `threads`
 * threads (RewardTree.buildAsync); no entries give EMPTY_ROOT and no tree.
 */
export async function buildEpochTree(entries: readonly RewardEntry[], threads?: number): Promise<EpochTree> {
  let totalCumulative = 0n
  for (const { cumulativeAmount } of entries) totalCumulative += cumulativeAmount
  if (entries.length === 0) return { tree: null, root: EMPTY_ROOT, totalCumulative }
  const tree = await RewardTree.buildAsync(entries, threads === undefined ? {} : { threads })
  return { tree, root: tree.root, totalCumulative }
}
