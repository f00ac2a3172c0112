import type { Block, PublicClient } from 'viem'

/**
 * The last block whose timestamp is strictly before `timestampSec` (binary search: ~log2(head)
 * calls). Epoch boundaries are times; the chain state an epoch is scored against is the state at
 * this block, which every oracle finds the same. Returns undefined when even block 0 is not before.
 */
export async function lastBlockBefore(client: PublicClient, timestampSec: bigint): Promise<Block | undefined> {
  const head = await client.getBlock()
  if (head.timestamp < timestampSec) return head
  let low = 0n
  let high = head.number!
  let best: Block | undefined
  while (low <= high) {
    const middle = (low + high) / 2n
    const block = await client.getBlock({ blockNumber: middle })
    if (block.timestamp < timestampSec) {
      best = block
      low = middle + 1n
    } else {
      if (middle === 0n) break
      high = middle - 1n
    }
  }
  return best
}
