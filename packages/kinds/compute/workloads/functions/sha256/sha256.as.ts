// @ts-nocheck: AssemblyScript (compiled by ../../build.ts with asc), not TypeScript; tsc only parses it.
//
// sha256, a Blockless-style function: stdin (at most 64 MiB), its SHA-256 (FIPS 180-4) on stdout as
// 64 lower-case hex digits and a newline. All integer work, so the same everywhere; ./reference.ts
// is the same algorithm in plain TypeScript, and the tests hold both to node:crypto.
import { inputLength, readStdin, writeStdout } from '../../wasi/io.as'

const MAX_INPUT: usize = 64 << 20

// biome-ignore format: eight constants per line
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]

// The message schedule (64 words) and the last one or two blocks with their padding.
const W = memory.data(256)
const TAIL = memory.data(128)
const HEX = memory.data(65)

let h0: u32 = 0x6a09e667
let h1: u32 = 0xbb67ae85
let h2: u32 = 0x3c6ef372
let h3: u32 = 0xa54ff53a
let h4: u32 = 0x510e527f
let h5: u32 = 0x9b05688c
let h6: u32 = 0x1f83d9ab
let h7: u32 = 0x5be0cd19

function block(at: usize): void {
  for (let i = 0; i < 16; i++) store<u32>(W + ((<usize>i) << 2), bswap<u32>(load<u32>(at + ((<usize>i) << 2))))
  for (let i = 16; i < 64; i++) {
    const w15 = load<u32>(W + ((<usize>(i - 15)) << 2))
    const w2 = load<u32>(W + ((<usize>(i - 2)) << 2))
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >> 3)
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >> 10)
    store<u32>(W + ((<usize>i) << 2), load<u32>(W + ((<usize>(i - 16)) << 2)) + s0 + load<u32>(W + ((<usize>(i - 7)) << 2)) + s1)
  }
  let a = h0
  let b = h1
  let c = h2
  let d = h3
  let e = h4
  let f = h5
  let g = h6
  let h = h7
  for (let i = 0; i < 64; i++) {
    const s1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)
    const choose = (e & f) ^ (~e & g)
    const t1 = h + s1 + choose + unchecked(K[i]) + load<u32>(W + ((<usize>i) << 2))
    const s0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)
    const majority = (a & b) ^ (a & c) ^ (b & c)
    const t2 = s0 + majority
    h = g
    g = f
    f = e
    e = d + t1
    d = c
    c = b
    b = a
    a = t1 + t2
  }
  h0 += a
  h1 += b
  h2 += c
  h3 += d
  h4 += e
  h5 += f
  h6 += g
  h7 += h
}

function putHex(index: i32, word: u32): void {
  for (let i = 0; i < 8; i++) {
    const nibble = (word >> (28 - 4 * i)) & 15
    store<u8>(HEX + <usize>(index * 8 + i), <u8>(nibble < 10 ? 48 + nibble : 87 + nibble))
  }
}

function digest(): void {
  const input = readStdin(MAX_INPUT)
  const length = inputLength
  const whole = length & ~(<usize>63)
  for (let at: usize = 0; at < whole; at += 64) block(input + at)
  // Padding: the rest, 0x80, zeros, then the length in bits as a big-endian u64.
  const rest = length - whole
  for (let i: usize = 0; i < 128; i++) store<u8>(TAIL + i, 0)
  for (let i: usize = 0; i < rest; i++) store<u8>(TAIL + i, load<u8>(input + whole + i))
  store<u8>(TAIL + rest, 0x80)
  const tailLength: usize = rest < 56 ? 64 : 128
  const bits = (<u64>length) << 3
  store<u32>(TAIL + tailLength - 8, bswap<u32>(<u32>(bits >> 32)))
  store<u32>(TAIL + tailLength - 4, bswap<u32>(<u32>bits))
  block(TAIL)
  if (tailLength === 128) block(TAIL + 64)
  putHex(0, h0)
  putHex(1, h1)
  putHex(2, h2)
  putHex(3, h3)
  putHex(4, h4)
  putHex(5, h5)
  putHex(6, h6)
  putHex(7, h7)
  store<u8>(HEX + 64, 10)
  writeStdout(HEX, 65)
}

digest()
