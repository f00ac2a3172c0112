// sha256.as.ts in plain TypeScript: the same FIPS 180-4 rounds on 32-bit words (Math.imul-free: only
// additions, shifts and bit operations, kept unsigned with >>> 0), for the same bytes out. The
// benchmark's "the same function in plain JS"; the tests hold both to node:crypto.
import { PinionError } from '@pinion/protocol'

const MAX_INPUT = 64 << 20

// biome-ignore format: eight constants per line
const K = Uint32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
)

const rotr = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0

function block(hash: Uint32Array, view: DataView, at: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) w[i] = view.getUint32(at + i * 4)
  for (let i = 16; i < 64; i++) {
    const w15 = w[i - 15]!
    const w2 = w[i - 2]!
    const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3)
    const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10)
    w[i] = w[i - 16]! + s0 + w[i - 7]! + s1
  }
  let a = hash[0]!
  let b = hash[1]!
  let c = hash[2]!
  let d = hash[3]!
  let e = hash[4]!
  let f = hash[5]!
  let g = hash[6]!
  let h = hash[7]!
  for (let i = 0; i < 64; i++) {
    const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
    const choose = (e & f) ^ (~e & g)
    const t1 = (h + s1 + choose + K[i]! + w[i]!) >>> 0
    const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
    const majority = (a & b) ^ (a & c) ^ (b & c)
    h = g
    g = f
    f = e
    e = (d + t1) >>> 0
    d = c
    c = b
    b = a
    a = (t1 + s0 + majority) >>> 0
  }
  hash[0] = hash[0]! + a
  hash[1] = hash[1]! + b
  hash[2] = hash[2]! + c
  hash[3] = hash[3]! + d
  hash[4] = hash[4]! + e
  hash[5] = hash[5]! + f
  hash[6] = hash[6]! + g
  hash[7] = hash[7]! + h
}

/** The module's stdout for `input`: its SHA-256 as 64 lower-case hex digits and a newline. */
export function sha256Reference(input: Uint8Array): Uint8Array {
  if (input.length > MAX_INPUT) throw new PinionError('PINION_ERR_COMPUTE_WORKLOAD', `sha256 input is longer than ${MAX_INPUT} bytes`)
  const hash = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
  const w = new Uint32Array(64)
  const whole = input.length - (input.length % 64)
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  for (let at = 0; at < whole; at += 64) block(hash, view, at, w)
  const tail = new Uint8Array(input.length - whole < 56 ? 64 : 128)
  tail.set(input.subarray(whole))
  tail[input.length - whole] = 0x80
  const tailView = new DataView(tail.buffer)
  const bits = input.length * 8
  tailView.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32))
  tailView.setUint32(tail.length - 4, bits >>> 0)
  for (let at = 0; at < tail.length; at += 64) block(hash, tailView, at, w)
  const hex = [...hash].map((word) => word.toString(16).padStart(8, '0')).join('')
  return new TextEncoder().encode(`${hex}\n`)
}
