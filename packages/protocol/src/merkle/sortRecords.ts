/**
 * Orders `count` fixed-size records by a byte-string key, ascending, byte by byte, and returns the
 * record indexes in that order (stable: equal keys keep their index order).
 *
 * Sorting a million Merkle leaves with a comparator took over a second; this is a two-pass LSD radix
 * sort on the key's first four bytes (tens of milliseconds), followed by a comparison sort of each run
 * of records that share those bytes. Runs are tiny for hashes (≈ n²/2³³ pairs) and stay O(k log k)
 * for keys an adversary chose to share a prefix (recipient addresses are free to pick), so there is
 * no quadratic worst case.
 *
 * Record i's key is `keyLength` (≥ 4) bytes at `i × stride + keyOffset` in `bytes`.
 */
export function sortRecords(bytes: Uint8Array, count: number, stride: number, keyOffset: number, keyLength: number): Uint32Array {
  // Keys travel with the indexes so that each pass reads both sequentially.
  let keys = new Uint32Array(count)
  let order = new Uint32Array(count)
  for (let i = 0, o = keyOffset; i < count; i++, o += stride) {
    keys[i] = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0
    order[i] = i
  }
  let keysOut = new Uint32Array(count)
  let orderOut = new Uint32Array(count)
  const starts = new Uint32Array(RADIX)
  for (const shift of [0, 16]) {
    starts.fill(0)
    for (let i = 0; i < count; i++) starts[(keys[i]! >>> shift) & RADIX_MASK]!++
    let sum = 0
    for (let b = 0; b < RADIX; b++) {
      const n = starts[b]!
      starts[b] = sum
      sum += n
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i]!
      const to = starts[(key >>> shift) & RADIX_MASK]!++
      keysOut[to] = key
      orderOut[to] = order[i]!
    }
    ;[keys, keysOut] = [keysOut, keys]
    ;[order, orderOut] = [orderOut, order]
  }
  if (keyLength > 4) sortRuns(bytes, stride, keyOffset, keyLength, keys, order)
  return order
}

const RADIX = 1 << 16
const RADIX_MASK = RADIX - 1

/** Sorts, by the rest of the key, each run of `order` whose records share the first four key bytes. */
function sortRuns(bytes: Uint8Array, stride: number, keyOffset: number, keyLength: number, sortedKeys: Uint32Array, order: Uint32Array): void {
  const compare = (a: number, b: number): number => {
    const ao = a * stride + keyOffset
    const bo = b * stride + keyOffset
    for (let k = 4; k < keyLength; k++) {
      const d = bytes[ao + k]! - bytes[bo + k]!
      if (d !== 0) return d
    }
    return a - b
  }
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && sortedKeys[end] === sortedKeys[start]) end++
    if (end - start > 1) order.set(Array.from(order.subarray(start, end)).sort(compare), start)
    start = end
  }
}
