import { RewardTree } from '@pinion/protocol'
import type { Address, Hex } from 'viem'
import type { Db } from '../store/db.ts'

/**
 * Rebuilds epochs' reward trees from the stored cumulative amounts, so the API can serve a proof
 * for any recipient against any computed root. Trees are cached: only the latest few are asked for.
 */
export class TreeCache {
  private readonly trees = new Map<string, RewardTree>()

  constructor(
    private readonly db: Db,
    private readonly capacity = 4,
  ) {}

  async treeOf(epoch: bigint): Promise<RewardTree | undefined> {
    const key = epoch.toString()
    const cached = this.trees.get(key)
    if (cached) return cached
    const { rows } = await this.db.query<{ recipient: string; amount: string }>('select recipient, amount from cumulative where epoch = $1 and amount > 0 order by recipient', [
      key,
    ])
    if (rows.length === 0) return undefined
    const tree = RewardTree.build(rows.map((r) => ({ recipient: r.recipient as Address, cumulativeAmount: BigInt(r.amount) })))
    if (this.trees.size >= this.capacity) this.trees.delete(this.trees.keys().next().value!)
    this.trees.set(key, tree)
    return tree
  }

  /** The recipient's leaf amount and proof in `epoch`'s tree, or undefined when it has no leaf. */
  async proofOf(epoch: bigint, recipient: Address): Promise<{ cumulativeAmount: bigint; proof: Hex[]; root: Hex } | undefined> {
    const tree = await this.treeOf(epoch)
    const index = tree?.indexOf(recipient)
    if (tree === undefined || index === undefined) return undefined
    return { cumulativeAmount: tree.entries[index]!.cumulativeAmount, proof: tree.proof(index), root: tree.root }
  }
}
