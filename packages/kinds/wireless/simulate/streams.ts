import type { Hex } from 'viem'

/**
 * Keyed random streams. The simulator draws one 32-bit world seed from the `random` it is given and
 * derives every physical event from it by hashing the event's coordinates (device, window, link…),
 * not by drawing in sequence. So an event's randomness does not depend on what else happens: a
 * beacon heard by an honest hotspot sounds the same whether a spoofer nearby lies or not, which lets
 * a benchmark compare a fleet with its honest counterfactual event for event.
 */

/** murmur3's 32-bit finaliser. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85eb_ca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2_ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit hash of 32-bit words (each taken modulo 2^32), order-sensitive. */
function hashWords(...words: number[]): number {
  let h = 0x2545_f491
  for (const word of words) {
    h = Math.imul(h ^ fmix32(word >>> 0), 0x9e37_79b1) >>> 0
    h = ((h << 13) | (h >>> 19)) >>> 0
  }
  return fmix32(h ^ words.length)
}

/** The two 32-bit halves of a uint64 (an H3 cell). */
export const words64 = (value: bigint): [number, number] => [Number(value >> 32n) >>> 0, Number(value & 0xffff_ffffn)]

/** A 32-bit digest of a device id. */
export function deviceWord(deviceId: Hex): number {
  const words: number[] = []
  for (let i = 2; i < deviceId.length; i += 8) words.push(Number.parseInt(deviceId.slice(i, i + 8), 16))
  return hashWords(...words)
}

/**
 * A random source in [0, 1) keyed by `words`: mulberry32 from their hash. Small and cheap, for the
 * few draws one event needs (the simulator makes one per link per window).
 */
export function streamOf(...words: number[]): () => number {
  let state = hashWords(...words)
  return () => {
    state = (state + 0x6d2b_79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
}

/** A standard normal draw (Box–Muller) from two uniforms of `random`. */
export function gaussian(random: () => number): number {
  const u = 1 - random() // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** Event tags, so that streams for different purposes never coincide. */
export const STREAM = {
  beacon: 1,
  link: 2,
  shadowing: 3,
  fakeShadowing: 4,
  replay: 5,
  device: 6,
  /** Traffic (usage.ts): its own tag, so that beacons and witnesses do not change with it. */
  usage: 7,
} as const
