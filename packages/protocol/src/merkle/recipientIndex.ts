import { PinionError } from '../errors.ts'
import { ENCODED_ENTRY_BYTES } from './leafEncoding.ts'
import type { RewardEntry } from './rewardLeaf.ts'
import { sortRecords } from './sortRecords.ts'

/** The recipient is the low 20 bytes of the first 32-byte word of abi.encode(address, uint256). */
const ADDRESS_OFFSET = 12
export const ADDRESS_BYTES = 20

/** Entry indexes in recipient order, and the recipients' 20 bytes in that order. */
export type RecipientIndex = { order: Uint32Array; keys: Uint8Array }

/**
 * Entry indexes sorted by recipient bytes, and those bytes in that order (20 MB for a million: a
 * Map of lower-cased strings cost a second to build and more memory). Throws
 * PINION_ERR_DUPLICATE_RECIPIENT on a repeat, which sorting puts side by side.
 */
export function orderRecipients(entries: readonly RewardEntry[], encoded: Uint8Array, count: number): RecipientIndex {
  const order = sortRecords(encoded, count, ENCODED_ENTRY_BYTES, ADDRESS_OFFSET, ADDRESS_BYTES)
  const keys = new Uint8Array(count * ADDRESS_BYTES)
  for (let r = 0; r < count; r++) {
    const from = order[r]! * ENCODED_ENTRY_BYTES + ADDRESS_OFFSET
    const to = r * ADDRESS_BYTES
    let same = r > 0
    for (let k = 0; k < ADDRESS_BYTES; k++) {
      const byte = encoded[from + k]!
      keys[to + k] = byte
      same &&= byte === keys[to - ADDRESS_BYTES + k]
    }
    if (same) {
      const [a, b] = [order[r - 1]!, order[r]!]
      throw new PinionError('PINION_ERR_DUPLICATE_RECIPIENT', `recipient ${entries[b]!.recipient} appears at entries ${a} and ${b}; each recipient must appear once`)
    }
  }
  return { order, keys }
}

/** The entry index of the recipient whose 20 bytes are `wanted`, by binary search; undefined if none. */
export function findRecipient({ order, keys }: RecipientIndex, wanted: Uint8Array): number | undefined {
  let low = 0
  let high = order.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const difference = compareKey(keys, middle * ADDRESS_BYTES, wanted)
    if (difference === 0) return order[middle]
    if (difference < 0) low = middle + 1
    else high = middle - 1
  }
  return undefined
}

/** Compares the 20-byte key at `offset` in `keys` with `wanted`. */
function compareKey(keys: Uint8Array, offset: number, wanted: Uint8Array): number {
  for (let k = 0; k < ADDRESS_BYTES; k++) {
    const d = keys[offset + k]! - wanted[k]!
    if (d !== 0) return d
  }
  return 0
}
