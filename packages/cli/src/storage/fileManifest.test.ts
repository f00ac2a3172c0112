import { describe, expect, it } from 'vitest'
import { assembleFile, prepareFile } from './fileManifest.ts'
import { DEVNET_REDUNDANCY } from './redundancy.ts'

const file = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 131 + (i >> 8)) & 0xff)
/** Pieces of each segment, by index, leaving out those `drop` names for that segment. */
const fetch = (pieces: Uint8Array[][], drop: (segment: number) => number[]) =>
  pieces.map((segment, s) => new Map(segment.map((p, i) => [i, p] as const).filter(([i]) => !drop(s).includes(i))))

describe('prepareFile and assembleFile', () => {
  it('cut a sealed file into segments of pieces and rebuild it from any 4 of each segment’s 8', () => {
    const { key, manifest, pieces } = prepareFile(file, DEVNET_REDUNDANCY, 4_096)
    // 10,000 bytes sealed are 10,028: two whole segments and a third of 1,836.
    expect(manifest.segments.map((s) => s.bytes)).toEqual([4_096, 4_096, 1_836])
    expect(pieces.map((p) => p.length)).toEqual([8, 8, 8])
    expect(manifest.segments.every((s) => new Set(s.pieces).size === 8)).toBe(true)
    const rebuilt = assembleFile(
      manifest,
      fetch(
        pieces,
        (s) =>
          [
            [0, 1, 2, 3],
            [4, 5, 6, 7],
            [1, 3, 5, 7],
          ][s]!,
      ),
      key,
    )
    expect(Buffer.from(rebuilt).equals(Buffer.from(file))).toBe(true)
  })

  it("drops a provider's wrong piece by its hash and rebuilds from the others, and fails when too few good ones are left", () => {
    const { key, manifest, pieces } = prepareFile(file, DEVNET_REDUNDANCY, 4_096)
    const fetched = fetch(pieces, () => [])
    const wrong = fetched[1]!.get(0)!.slice()
    wrong[0]! ^= 0xff
    fetched[1]!.set(0, wrong)
    expect(Buffer.from(assembleFile(manifest, fetched, key)).equals(Buffer.from(file))).toBe(true)
    const scarce = fetch(pieces, (s) => (s === 2 ? [0, 1, 2, 3, 4] : []))
    expect(() => assembleFile(manifest, scarce, key)).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_TOO_FEW_PIECES' }))
  })

  it('refuses a manifest whose file hash was changed with PINION_ERR_STORAGE_INTEGRITY, and another key with PINION_ERR_STORAGE_DECRYPT', () => {
    const { key, manifest, pieces } = prepareFile(file, DEVNET_REDUNDANCY, 4_096)
    const fetched = fetch(pieces, () => [])
    expect(() => assembleFile({ ...manifest, sha256: `0x${'00'.repeat(32)}` }, fetched, key)).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_INTEGRITY' }))
    expect(() => assembleFile(manifest, fetched, prepareFile(file, DEVNET_REDUNDANCY).key)).toThrow(expect.objectContaining({ code: 'PINION_ERR_STORAGE_DECRYPT' }))
  })
})
