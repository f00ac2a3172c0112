/**
 * The first four bytes of a lower-case 0x address (42 characters) as an unsigned 32-bit number:
 * comparing these first orders addresses without reading their strings, except on a tie.
 */
export function addressPrefix(address: string): number {
  let key = 0
  for (let c = 2; c < 10; c++) key = (key << 4) | nibble(address.charCodeAt(c))
  return key >>> 0
}

/**
 * The order of lower-case 0x addresses, ascending — for such strings also their byte order — as
 * indexes into `addresses`; equal addresses keep their given order (stable). `prefixes` are their
 * addressPrefix values, when the caller has them already.
 *
 * A comparator sort of a million strings takes over a second; this is a radix sort on the first
 * 32 bits (two 16-bit counting passes) with comparator sorts only inside runs that share them —
 * small for real addresses and O(k log k) for chosen ones, never quadratic.
 */
export function sortAddressOrder(addresses: readonly string[], prefixes?: Uint32Array): Uint32Array {
  const count = addresses.length
  let keys = new Uint32Array(count)
  let order = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    keys[i] = prefixes === undefined ? addressPrefix(addresses[i]!) : prefixes[i]!
    order[i] = i
  }
  let keysOut = new Uint32Array(count)
  let orderOut = new Uint32Array(count)
  const starts = new Uint32Array(1 << 16)
  for (const shift of [0, 16]) {
    starts.fill(0)
    for (let i = 0; i < count; i++) starts[(keys[i]! >>> shift) & 0xffff]!++
    let sum = 0
    for (let b = 0; b < starts.length; b++) {
      const n = starts[b]!
      starts[b] = sum
      sum += n
    }
    for (let i = 0; i < count; i++) {
      const to = starts[(keys[i]! >>> shift) & 0xffff]!++
      keysOut[to] = keys[i]!
      orderOut[to] = order[i]!
    }
    ;[keys, keysOut] = [keysOut, keys]
    ;[order, orderOut] = [orderOut, order]
  }
  for (let start = 0; start < count; ) {
    let end = start + 1
    while (end < count && keys[end] === keys[start]) end++
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end)).sort((a, b) => {
        const x = addresses[a]!
        const y = addresses[b]!
        return x < y ? -1 : x > y ? 1 : a - b
      })
      order.set(run, start)
    }
    start = end
  }
  return order
}

/** The value of a lower-case hex digit (anything else sorts as if it were 0; callers pass addresses). */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 102) return code - 87
  return 0
}
