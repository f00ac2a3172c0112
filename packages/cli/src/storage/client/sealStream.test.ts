import { createHash } from 'node:crypto'
import { bytesToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { openFile, sealFile } from '../sealFile.ts'
import { openSegments, sealSegments, sealedBytes } from './sealStream.ts'

const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)
const text = Uint8Array.from({ length: 1_000 }, (_, i) => (i * 89 + 3) & 0xff)
const sha256 = (bytes: Uint8Array) => bytesToHex(createHash('sha256').update(bytes).digest())

async function sealAll(plaintext: Uint8Array, chunk: number, segmentBytes: number) {
  const chunks = Array.from({ length: Math.ceil(plaintext.length / chunk) }, (_, i) => plaintext.subarray(i * chunk, (i + 1) * chunk))
  const stream = sealSegments(chunks, key, segmentBytes)
  const segments: Uint8Array[] = []
  for await (const segment of stream.segments) segments.push(segment.slice())
  return { segments, digests: stream.digests() }
}

describe('sealSegments and openSegments', () => {
  it("seal in sealFile's format, cut in segments of the size asked, and openFile opens the whole", async () => {
    for (const [chunk, segmentBytes] of [
      [1_000, 100],
      [7, 256],
      [333, 1_028],
      [64, 4_096],
    ] as const) {
      const { segments, digests } = await sealAll(text, chunk, segmentBytes)
      const sealed = Buffer.concat(segments)
      expect(sealed).toHaveLength(sealedBytes(text.length))
      expect(segments.slice(0, -1).every((s) => s.length === segmentBytes)).toBe(true)
      expect(segments.at(-1)!.length).toBe(sealed.length - (segments.length - 1) * segmentBytes)
      expect(Buffer.from(openFile(sealed, key)).equals(Buffer.from(text))).toBe(true)
      expect(digests).toEqual({ plaintextBytes: 1_000, plaintextSha256: sha256(text), sealedSha256: sha256(sealed) })
    }
    // An empty file is a nonce and a tag: one segment of 28 bytes.
    const empty = await sealAll(new Uint8Array(0), 1, 64)
    expect(empty.segments.map((s) => s.length)).toEqual([28])
  })

  it('open what sealFile sealed, fed in any cut, including a tag split across pieces', () => {
    const { sealed } = sealFile(text, key)
    for (const cut of [1, 5, 12, 13, 16, 100, sealed.length]) {
      const opener = openSegments(key)
      const out: Uint8Array[] = []
      for (let at = 0; at < sealed.length; at += cut) out.push(opener.push(sealed.subarray(at, at + cut)))
      out.push(opener.finish())
      expect([cut, Buffer.concat(out).equals(Buffer.from(text))]).toEqual([cut, true])
    }
  })

  it('refuse with PINION_ERR_STORAGE_DECRYPT another key, a changed byte, or a file cut short', () => {
    const { sealed } = sealFile(text, key)
    const refused = expect.objectContaining({ code: 'PINION_ERR_STORAGE_DECRYPT' })
    const open = (bytes: Uint8Array, withKey = key) => {
      const opener = openSegments(withKey)
      opener.push(bytes)
      return opener.finish()
    }
    expect(() =>
      open(
        sealed,
        key.map((b) => b ^ 1),
      ),
    ).toThrow(refused)
    const changed = sealed.slice()
    changed[500]! ^= 1
    expect(() => open(changed)).toThrow(refused)
    expect(() => open(sealed.subarray(0, sealed.length - 1))).toThrow(refused)
    expect(() => open(sealed.subarray(0, 20))).toThrow(refused)
  })
})
