import { type Address, type Hex, bytesToHex } from 'viem'
import { PinionError } from '../errors.ts'
import { compareNodes, hashPairInto } from './hashPair.ts'
import { type RewardEntry, rewardLeafInto } from './rewardLeaf.ts'

/**
 * A Merkle tree over reward entries, node for node the tree OpenZeppelin's
 * `StandardMerkleTree.of(entries, ['address', 'uint256'])` builds: leaves sorted by hash, laid out as
 * a complete binary tree in one array (root at 0, children of i at 2i+1 and 2i+2, leaves at the end
 * in reverse sorted order). Roots and proofs therefore verify with OpenZeppelin's `MerkleProof` and
 * its JavaScript library alike.
 *
 * All 2n-1 nodes live in one flat byte array, so a million entries cost 64 MB and no per-node objects.
 */
export class RewardTree {
  readonly entries: readonly RewardEntry[]
  private readonly nodes: Uint8Array
  /** Tree position of each entry, by entry index. */
  private readonly positions: Uint32Array
  private readonly recipientIndex: Map<string, number>

  private constructor(
    entries: readonly RewardEntry[],
    nodes: Uint8Array,
    positions: Uint32Array,
    recipientIndex: Map<string, number>,
  ) {
    this.entries = entries
    this.nodes = nodes
    this.positions = positions
    this.recipientIndex = recipientIndex
  }

  /** Builds the tree. Each recipient may appear once; there must be at least one entry. */
  static build(entries: readonly RewardEntry[]): RewardTree {
    const count = entries.length
    if (count === 0) throw new PinionError('PINION_ERR_EMPTY_TREE', 'a reward tree needs at least one entry, got 0')
    if (count > 0x7fffffff) throw new PinionError('PINION_ERR_TREE_TOO_LARGE', `${count} entries exceed 2^31 - 1`)
    const recipientIndex = indexRecipients(entries)

    const leaves = new Uint8Array(count * 32)
    for (let i = 0; i < count; i++) rewardLeafInto(entries[i]!, leaves, i * 32)

    // Sort entry indexes by leaf hash: first by the leading 48 bits as a number, then byte by byte.
    const prefix = new Float64Array(count)
    for (let i = 0; i < count; i++) {
      const o = i * 32
      prefix[i] =
        leaves[o]! * 2 ** 40 + leaves[o + 1]! * 2 ** 32 + leaves[o + 2]! * 2 ** 24 +
        leaves[o + 3]! * 2 ** 16 + leaves[o + 4]! * 2 ** 8 + leaves[o + 5]!
    }
    const order = Array.from({ length: count }, (_, i) => i)
    order.sort((a, b) => prefix[a]! - prefix[b]! || compareNodes(leaves, a * 32, leaves, b * 32))

    const size = 2 * count - 1
    const nodes = new Uint8Array(size * 32)
    const positions = new Uint32Array(count)
    for (let rank = 0; rank < count; rank++) {
      const entry = order[rank]!
      const position = size - 1 - rank
      positions[entry] = position
      nodes.set(leaves.subarray(entry * 32, entry * 32 + 32), position * 32)
    }
    for (let i = size - 1 - count; i >= 0; i--) {
      hashPairInto(nodes, (2 * i + 1) * 32, (2 * i + 2) * 32, nodes, i * 32)
    }

    return new RewardTree(entries, nodes, positions, recipientIndex)
  }

  get root(): Hex {
    return bytesToHex(this.nodes.subarray(0, 32))
  }

  get size(): number {
    return this.entries.length
  }

  /** The proof of entry `index` (its index in the entries the tree was built from), leaf to root. */
  proof(index: number): Hex[] {
    let position = this.positions[index]
    if (position === undefined) {
      throw new PinionError('PINION_ERR_UNKNOWN_ENTRY', `entry ${index} is outside 0..${this.size - 1}`)
    }
    const proof: Hex[] = []
    while (position > 0) {
      const sibling = position % 2 === 1 ? position + 1 : position - 1
      proof.push(bytesToHex(this.nodes.subarray(sibling * 32, sibling * 32 + 32)))
      position = (position - 1) >> 1
    }
    return proof
  }

  /** The index of `recipient`'s entry, or undefined when it has none. */
  indexOf(recipient: Address): number | undefined {
    return this.recipientIndex.get(recipient.toLowerCase())
  }
}

function indexRecipients(entries: readonly RewardEntry[]): Map<string, number> {
  const index = new Map<string, number>()
  entries.forEach(({ recipient }, i) => {
    const key = recipient.toLowerCase()
    if (index.has(key)) {
      throw new PinionError(
        'PINION_ERR_DUPLICATE_RECIPIENT',
        `recipient ${recipient} appears at entries ${index.get(key)} and ${i}; each recipient must appear once`,
      )
    }
    index.set(key, i)
  })
  return index
}
