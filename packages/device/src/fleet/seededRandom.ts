/**
 * mulberry32: a tiny seeded generator in [0, 1). The fleet gives each agent its own, seeded from
 * the fleet's random source up front, so how many retries the network forces never shifts the
 * numbers the kind's simulation draws: runs stay reproducible from one seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
