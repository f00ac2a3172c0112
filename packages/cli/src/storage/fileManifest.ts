import { createHash } from 'node:crypto'
import { type Hex, bytesToHex } from 'viem'
import { decodeSegment, encodeSegment } from './erasure.ts'
import { type Redundancy, checkRedundancy } from './redundancy.ts'
import { openFile, sealFile } from './sealFile.ts'
import { StorageError } from './storageErrors.ts'

/** Storj's largest segment (`MaxSegmentSize`): bigger files are cut into segments of this size. */
export const MAX_SEGMENT_BYTES = 64 * 1024 * 1024

/**
 * What a customer keeps of a stored file, beside its key: enough to fetch, check and rebuild it.
 * Hashes are SHA-256: of the plaintext (checked after decrypting) and of each piece (checked before
 * a piece is used, so a provider's wrong bytes are dropped rather than decoded).
 */
export type FileManifest = {
  size: number
  sha256: Hex
  redundancy: Redundancy
  /** Sealed bytes per segment, in order, and the hash of each of its pieces by index. */
  segments: { bytes: number; pieces: Hex[] }[]
}

const sha256 = (bytes: Uint8Array): Hex => bytesToHex(createHash('sha256').update(bytes).digest())

/**
 * `plaintext` sealed with a key of its own (sealFile), cut into segments of at most `segmentBytes`,
 * each erasure coded into `redundancy.pieces` pieces: the pieces to upload, by segment, and what the
 * customer keeps (the key and the manifest).
 */
export function prepareFile(plaintext: Uint8Array, redundancy: Redundancy, segmentBytes = MAX_SEGMENT_BYTES, key?: Uint8Array) {
  checkRedundancy(redundancy)
  const { key: fileKey, sealed } = sealFile(plaintext, key)
  const pieces: Uint8Array[][] = []
  const segments: FileManifest['segments'] = []
  for (let at = 0; at < sealed.length; at += segmentBytes) {
    const segment = sealed.subarray(at, Math.min(at + segmentBytes, sealed.length))
    const coded = encodeSegment(segment, redundancy.required, redundancy.pieces)
    pieces.push(coded)
    segments.push({ bytes: segment.length, pieces: coded.map(sha256) })
  }
  const manifest: FileManifest = { size: plaintext.length, sha256: sha256(plaintext), redundancy, segments }
  return { key: fileKey, manifest, pieces }
}

/**
 * The file rebuilt from whatever pieces were fetched (`fetched[segment]`: pieces by index): pieces
 * whose hash is not the manifest's are dropped, each segment is decoded from the first `required`
 * that remain, and the whole is opened with `key` and checked against the manifest's hash.
 */
export function assembleFile(manifest: FileManifest, fetched: readonly ReadonlyMap<number, Uint8Array>[], key: Uint8Array): Uint8Array {
  const { required, pieces } = manifest.redundancy
  const sealed = new Uint8Array(manifest.segments.reduce((sum, s) => sum + s.bytes, 0))
  let at = 0
  for (const [index, segment] of manifest.segments.entries()) {
    const usable = new Map<number, Uint8Array>()
    for (const [piece, bytes] of fetched[index] ?? new Map()) {
      if (usable.size < required && segment.pieces[piece] === sha256(bytes)) usable.set(piece, bytes)
    }
    sealed.set(decodeSegment(usable, segment.bytes, required, pieces), at)
    at += segment.bytes
  }
  const plaintext = openFile(sealed, key)
  if (plaintext.length !== manifest.size || sha256(plaintext) !== manifest.sha256) {
    throw new StorageError(
      'PINION_ERR_STORAGE_INTEGRITY',
      `the rebuilt file (${plaintext.length} bytes, ${sha256(plaintext)}) is not the manifest's (${manifest.size} bytes, ${manifest.sha256})`,
    )
  }
  return plaintext
}
