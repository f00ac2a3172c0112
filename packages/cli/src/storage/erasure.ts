import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { ReedSolomonErasure } from '@subspace/reed-solomon-erasure.wasm'
import { StorageError } from './storageErrors.ts'

/**
 * Reed–Solomon erasure coding of segments: the Rust crate reed-solomon-erasure (Backblaze's
 * construction over GF(2^8), systematic, any `required` of `pieces` shards rebuild the data),
 * compiled to WebAssembly by @subspace/reed-solomon-erasure.wasm. Chosen over a native addon
 * (@ronomon/reed-solomon compiles C at install, which installs here must not need) and over
 * writing GF(2^8) maths by hand; it runs the same in Node and a browser.
 */
let wasm: Buffer | undefined

/**
 * A fresh instance for every call. One instance reused after a reconstruct is wrong: over every set
 * of at least 4 of 8 pieces, a reused instance failed 90 of 163 (RESULT_ERROR_TOO_FEW_SHARDS_PRESENT),
 * a fresh one none (erasure.test.ts tries them all). An instance is a compiled module of the bytes
 * read once, per segment of up to 64 MiB.
 */
function rs(): ReedSolomonErasure {
  wasm ??= readFileSync(createRequire(import.meta.url).resolve('@subspace/reed-solomon-erasure.wasm/dist/reed_solomon_erasure_bg.wasm'))
  return ReedSolomonErasure.fromBytes(wasm)
}

/** Bytes each of a segment's pieces holds: the segment split in `required` equal shards, the last padded with zeros. */
export function pieceBytes(segmentBytes: number, required: number): number {
  return Math.max(1, Math.ceil(segmentBytes / required))
}

/** `segment` as `pieces` pieces, the first `required` its own bytes (zero-padded), the rest parity. */
export function encodeSegment(segment: Uint8Array, required: number, pieces: number): Uint8Array[] {
  const size = pieceBytes(segment.length, required)
  const shards = new Uint8Array(size * pieces)
  shards.set(segment)
  const result = rs().encode(shards, required, pieces - required)
  if (result !== ReedSolomonErasure.RESULT_OK) throw new StorageError('PINION_ERR_STORAGE_REDUNDANCY', `Reed–Solomon refused ${required}-of-${pieces} (result ${result})`)
  return Array.from({ length: pieces }, (_, i) => shards.slice(i * size, (i + 1) * size))
}

/**
 * The segment of `segmentBytes` rebuilt from `available` pieces by index (any `required` of them,
 * each exactly as encodeSegment made it: check them against the manifest first), or
 * PINION_ERR_STORAGE_TOO_FEW_PIECES.
 */
export function decodeSegment(available: ReadonlyMap<number, Uint8Array>, segmentBytes: number, required: number, pieces: number): Uint8Array {
  const size = pieceBytes(segmentBytes, required)
  const present = Array.from({ length: pieces }, (_, i) => available.get(i)?.length === size)
  const count = present.filter(Boolean).length
  if (count < required) throw new StorageError('PINION_ERR_STORAGE_TOO_FEW_PIECES', `${count} of a segment's pieces are usable; any ${required} of its ${pieces} rebuild it`)
  const shards = new Uint8Array(size * pieces)
  for (const [i, ok] of present.entries()) if (ok) shards.set(available.get(i)!, i * size)
  const result = rs().reconstruct(shards, required, pieces - required, present)
  if (result !== ReedSolomonErasure.RESULT_OK)
    throw new StorageError('PINION_ERR_STORAGE_TOO_FEW_PIECES', `Reed–Solomon could not rebuild the segment from ${count} pieces (result ${result})`)
  return shards.slice(0, segmentBytes)
}
