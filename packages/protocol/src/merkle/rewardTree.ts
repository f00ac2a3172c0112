import { availableParallelism } from 'node:os'
import { type Address, type Hex, bytesToHex } from 'viem'
import { PinionError } from '../errors.ts'
import { addressInto } from '../hash/hexInto.ts'
import { HashWorkers, sharedBytes } from './hashWorkers.ts'
import { ENCODED_ENTRY_BYTES, encodeRewardEntries } from './leafEncoding.ts'
import { ADDRESS_BYTES, type RecipientIndex, findRecipient, orderRecipients } from './recipientIndex.ts'
import type { RewardEntry } from './rewardLeaf.ts'
import { hashLeaves, hashPairs, innerBands, placeLeaves } from './treeLayout.ts'

/** Below this many entries, starting worker threads costs more than it saves. */
const PARALLEL_MIN_ENTRIES = 65_536
/** Inner-node levels narrower than this are hashed by the calling thread alone. */
const PARALLEL_MIN_BAND = 8_192
/** Leaves per chunk: the caller publishes its encoding, and threads claim hashing, this many at a time. */
const LEAF_CHUNK = 8_192
/** Inner nodes per chunk, at least; wide levels get about eight chunks per thread. */
const MIN_PAIR_CHUNK = 2_048

export type BuildOptions = {
  /** Threads to hash on, the calling one included (default: one per core); 1 builds in the calling thread. */
  threads?: number
  /** Entries below which the build stays in this thread (default PARALLEL_MIN_ENTRIES). */
  minParallelEntries?: number
}

/**
 * A Merkle tree over reward entries, node for node the tree OpenZeppelin's
 * `StandardMerkleTree.of(entries, ['address', 'uint256'])` builds: leaves sorted by hash, laid out as
 * a complete binary tree in one array (root at 0, children of i at 2i+1 and 2i+2, leaves at the end
 * in reverse sorted order). Roots and proofs therefore verify with OpenZeppelin's `MerkleProof` and
 * its JavaScript library alike.
 *
 * All 2n-1 nodes live in one flat byte array, so a million entries cost 64 MB and no per-node
 * objects; recipients are found by binary search over one index array, not a Map of strings.
 */
export class RewardTree {
  readonly entries: readonly RewardEntry[]
  private readonly nodes: Uint8Array
  /** Tree position of each entry, by entry index. */
  private readonly positions: Uint32Array
  /** Recipients for indexOf: entry indexes in recipient order, and their 20 bytes in that order. */
  private readonly recipients: RecipientIndex

  private constructor(entries: readonly RewardEntry[], nodes: Uint8Array, positions: Uint32Array, recipients: RecipientIndex) {
    this.entries = entries
    this.nodes = nodes
    this.positions = positions
    this.recipients = recipients
  }

  /** Builds the tree in this thread. Each recipient may appear once; there must be at least one entry. */
  static build(entries: readonly RewardEntry[]): RewardTree {
    const count = checkCount(entries)
    const encoded = new Uint8Array(count * ENCODED_ENTRY_BYTES)
    encodeRewardEntries(entries, 0, count, encoded)
    const recipients = orderRecipients(entries, encoded, count)
    const leaves = new Uint8Array(count * 32)
    hashLeaves(encoded, leaves, 0, count)
    const nodes = new Uint8Array((2 * count - 1) * 32)
    const positions = placeLeaves(leaves, count, nodes)
    for (const [from, to] of innerBands(count)) hashPairs(nodes, from, to)
    return new RewardTree(entries, nodes, positions, recipients)
  }

  /**
   * Builds the same tree as `build`, hashing on worker threads too: hashing is nearly all of a large
   * build's time. Workers hash leaves as soon as this thread has encoded them; this thread then
   * checks recipients while they hash, and joins in for what is left (see HashWorkers).
   */
  static async buildAsync(entries: readonly RewardEntry[], options: BuildOptions = {}): Promise<RewardTree> {
    const threads = options.threads ?? availableParallelism()
    const count = checkCount(entries)
    if (threads < 2 || count < (options.minParallelEntries ?? PARALLEL_MIN_ENTRIES)) return RewardTree.build(entries)
    const encoded = sharedBytes(count * ENCODED_ENTRY_BYTES)
    const leaves = sharedBytes(count * 32)
    const nodes = sharedBytes((2 * count - 1) * 32)
    const workers = new HashWorkers(threads - 1, { encoded, leaves, nodes })
    try {
      workers.begin('leaves', 0, count, LEAF_CHUNK, 0)
      for (let from = 0; from < count; from += LEAF_CHUNK) {
        const to = Math.min(count, from + LEAF_CHUNK)
        encodeRewardEntries(entries, from, to, encoded)
        workers.publish(to)
      }
      const recipients = orderRecipients(entries, encoded, count)
      workers.help((from, to) => hashLeaves(encoded, leaves, from, to))
      await workers.finish()
      const positions = placeLeaves(leaves, count, nodes)
      for (const [from, to] of innerBands(count)) {
        if (to - from < PARALLEL_MIN_BAND) {
          hashPairs(nodes, from, to)
          continue
        }
        workers.begin('pairs', from, to, Math.max(MIN_PAIR_CHUNK, Math.ceil((to - from) / (threads * 8))), to)
        workers.help((a, b) => hashPairs(nodes, a, b))
        await workers.finish()
      }
      return new RewardTree(entries, nodes, positions, recipients)
    } finally {
      await workers.close()
    }
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

  /** The index of `recipient`'s entry (whatever the address case), or undefined when it has none. */
  indexOf(recipient: Address): number | undefined {
    const wanted = new Uint8Array(ADDRESS_BYTES)
    return addressInto(recipient, wanted, 0) ? findRecipient(this.recipients, wanted) : undefined
  }
}

function checkCount(entries: readonly RewardEntry[]): number {
  const count = entries.length
  if (count === 0) throw new PinionError('PINION_ERR_EMPTY_TREE', 'a reward tree needs at least one entry, got 0')
  if (count > 0x7fffffff) throw new PinionError('PINION_ERR_TREE_TOO_LARGE', `${count} entries exceed 2^31 - 1`)
  return count
}
