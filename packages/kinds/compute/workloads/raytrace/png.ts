import { crc32, deflateSync } from 'node:zlib'

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)

function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, data.length)
  bytes.set(Buffer.from(type, 'latin1'), 4)
  bytes.set(data, 8)
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)))
  return bytes
}

/**
 * A PNG of `rgb` (width × height × 3 bytes, top row first): 8-bit truecolour, no interlace, filter
 * type 1 on every row, deflated at level 9 with zlib's defaults otherwise, and no chunks that vary
 * (no time, no text). Written by hand on node:zlib rather than with a PNG library: forty lines, no
 * dependency, and the same bytes for the same pixels wherever Node's bundled zlib is the same
 * (deflate's output is fixed by its level, window, memory level and strategy; the pixels, not the
 * PNG, are what tasks are verified on).
 */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const stride = width * 3
  const raw = new Uint8Array((stride + 1) * height)
  // Filter type 1 (Sub, each byte less the same channel of the pixel to its left) on every row: a
  // fixed choice, so no heuristic decides the bytes, and a fifth smaller than no filter on example.png.
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1)
    raw[row] = 1
    for (let i = 0; i < stride; i++) raw[row + 1 + i] = rgb[y * stride + i]! - (i >= 3 ? rgb[y * stride + i - 3]! : 0)
  }
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header.set([8, 2, 0, 0, 0], 8) // bit depth 8, colour type 2 (RGB), deflate, filter method 0, no interlace
  const idat = deflateSync(raw, { level: 9, windowBits: 15, memLevel: 9, strategy: 0 })
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))])
}
