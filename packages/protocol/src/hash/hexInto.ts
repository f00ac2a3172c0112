const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i
  NIBBLE[97 + i] = 10 + i
}

/**
 * Parses `hex` (with or without 0x) into `out` at `offset`, right-aligned in `size` bytes and
 * zero-padded on the left. Returns false when `hex` has a non-hex character or is too long.
 * Allocation-free, for loops over millions of leaves.
 */
export function hexInto(hex: string, out: Uint8Array, offset: number, size: number): boolean {
  const start = hex.startsWith('0x') ? 2 : 0
  const digits = hex.length - start
  if (digits > size * 2) return false
  const pad = size * 2 - digits
  out.fill(0, offset, offset + (pad >> 1))
  for (let d = 0; d < digits; d++) {
    const code = hex.charCodeAt(start + d)
    const value = code < 128 ? NIBBLE[code]! : -1
    if (value < 0) return false
    const position = pad + d
    const index = offset + (position >> 1)
    out[index] = position % 2 === 0 ? value << 4 : (position === pad ? 0 : out[index]!) | value
  }
  return true
}

/**
 * Parses a 0x-prefixed 20-byte hex address into `out` at `offset` (exactly 20 bytes). Returns false
 * when it is not one. A specialised hexInto: the reward tree parses a million of these.
 */
export function addressInto(address: string, out: Uint8Array, offset: number): boolean {
  if (address.length !== 42 || address.charCodeAt(0) !== 48 || (address.charCodeAt(1) | 0x20) !== 120) return false
  for (let k = 0; k < 20; k++) {
    const high = address.charCodeAt(2 + 2 * k)
    const low = address.charCodeAt(3 + 2 * k)
    const h = high < 128 ? NIBBLE[high]! : -1
    const l = low < 128 ? NIBBLE[low]! : -1
    if ((h | l) < 0) return false
    out[offset + k] = (h << 4) | l
  }
  return true
}
