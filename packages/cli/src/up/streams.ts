/**
 * A 32-bit stream number for a kind's name (FNV-1a), mixed into the fleet's seed so that the
 * simulations and devnet hooks of two kinds of one network never draw from one random stream.
 */
export function kindStream(name: string): number {
  let hash = 0x811c_9dc5
  for (const byte of new TextEncoder().encode(name)) hash = Math.imul(hash ^ byte, 0x0100_0193) >>> 0
  return hash
}
