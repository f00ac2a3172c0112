import { PinionError, type RewardEntry } from '@pinion/protocol'
import type { Address } from 'viem'
import { addressPrefix, sortAddressOrder } from './sortAddresses.ts'

export type Payment = { readonly recipient: Address; readonly amount: bigint }

/**
 * Adds this epoch's payments — every paid share's amount, and the residual pool's — to each
 * recipient's cumulative amount, and returns every recipient with a cumulative amount above zero
 * — paid this epoch or not — in ascending address order: the reward tree's entries, reproducible
 * to the index.
 *
 * Addresses are lower-cased, so that one recipient is one leaf whatever case its address came in;
 * the same recipient twice in `previous` (in two cases) is refused rather than summed.
 *
 * Both sides are put in address order and merged, with no Map: a million-entry Map of bigints is
 * slow to fill and heavy on the garbage collector, and the tree wants address order anyway. The
 * merge compares 32-bit address prefixes and reads the strings only on a tie.
 */
export function accumulate(previous: ReadonlyMap<Address, bigint>, shares: readonly Payment[], residual: Payment): RewardEntry[] {
  const b = new Columns(previous.size)
  previous.forEach((amount, recipient) => {
    if (amount < 0n) throw new PinionError('PINION_ERR_EPOCH_INPUT', `previous cumulative amount of ${recipient} is negative: ${amount}`)
    b.add(recipient, amount)
  })
  const n = new Columns(shares.length + 1)
  const pay = ({ recipient, amount }: Payment) => {
    if (amount < 0n) throw new PinionError('PINION_ERR_EPOCH_INPUT', `payment to ${recipient} is negative: ${amount}`)
    if (amount !== 0n) n.add(recipient, amount)
  }
  for (let i = 0; i < shares.length; i++) pay(shares[i]!)
  pay(residual)
  b.sort()
  n.sort()
  for (let i = 1; i < b.length; i++) {
    if (b.keys[i] === b.keys[i - 1] && b.recipients[i] === b.recipients[i - 1]) {
      throw new PinionError('PINION_ERR_EPOCH_INPUT', `recipient ${b.recipients[i]} appears twice in the previous cumulative amounts`)
    }
  }

  const entries = new Array<RewardEntry>(b.length + n.length)
  let count = 0
  for (let i = 0, j = 0; i < b.length || j < n.length; ) {
    const fromBefore = i < b.length && (j >= n.length || b.compare(i, n, j) <= 0)
    const key = fromBefore ? b.keys[i]! : n.keys[j]!
    const recipient = fromBefore ? b.recipients[i]! : n.recipients[j]!
    let amount = fromBefore ? b.amounts[i++]! : 0n
    // One recipient may be paid by several devices' shares, and by the residual pool.
    while (j < n.length && n.keys[j] === key && n.recipients[j] === recipient) amount += n.amounts[j++]!
    if (amount > 0n) entries[count++] = { recipient, cumulativeAmount: amount }
  }
  entries.length = count
  return entries
}

/** Recipients (lower case), their address prefixes and amounts, side by side; sorted on demand. */
class Columns {
  recipients: Address[]
  amounts: bigint[]
  keys: Uint32Array
  length = 0
  private inOrder = true

  constructor(capacity: number) {
    this.recipients = new Array<Address>(capacity)
    this.amounts = new Array<bigint>(capacity)
    this.keys = new Uint32Array(capacity)
  }

  add(recipient: Address, amount: bigint): void {
    const lower = recipient.toLowerCase() as Address
    const key = addressPrefix(lower)
    const last = this.length - 1
    if (this.inOrder && last >= 0 && (key < this.keys[last]! || (key === this.keys[last] && lower < this.recipients[last]!))) {
      this.inOrder = false
    }
    this.recipients[this.length] = lower
    this.amounts[this.length] = amount
    this.keys[this.length++] = key
  }

  /**
   * Puts the columns in address order. Input already in that order — the previous epoch's amounts
   * as computeEpoch returned them, or as the store reads them `order by recipient` — is recognised
   * while it is added and left as it is.
   */
  sort(): void {
    this.recipients.length = this.amounts.length = this.length
    this.keys = this.keys.subarray(0, this.length)
    if (this.inOrder) return
    const order = sortAddressOrder(this.recipients, this.keys)
    const [recipients, amounts, keys] = [new Array<Address>(this.length), new Array<bigint>(this.length), new Uint32Array(this.length)]
    for (let r = 0; r < this.length; r++) {
      const i = order[r]!
      recipients[r] = this.recipients[i]!
      amounts[r] = this.amounts[i]!
      keys[r] = this.keys[i]!
    }
    ;[this.recipients, this.amounts, this.keys, this.inOrder] = [recipients, amounts, keys, true]
  }

  /** Orders row `i` here against row `j` of `other` (negative: this one first). */
  compare(i: number, other: Columns, j: number): number {
    const [x, y] = [this.keys[i]!, other.keys[j]!]
    if (x !== y) return x < y ? -1 : 1
    const [p, q] = [this.recipients[i]!, other.recipients[j]!]
    return p === q ? 0 : p < q ? -1 : 1
  }
}
