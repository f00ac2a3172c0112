import { PinionError } from '@pinion/protocol'

/**
 * A seeded pseudo-random source in [0, 1) for simulations (never for anything that decides money):
 * sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams. Integer arithmetic
 * only, so every platform draws the same numbers from the same seed.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new PinionError('PINION_ERR_SEED', `a seed must be an integer in 0..2^32-1, got ${seed}`)
  }
  let state = seed >>> 0
  const splitmix32 = (): number => {
    state = (state + 0x9e37_79b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix32()
  let b = splitmix32()
  let c = splitmix32()
  let d = splitmix32()
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 0x1_0000_0000
  }
}
