import { pieceBytes } from '../erasure.ts'
import { type PiecePlace, encodeForProvider } from './providerEncoding.ts'

/**
 * The smallest piece a provider can prove: PieceCIDv2 needs a payload of at least 65 bytes
 * (@web3-storage/data-segment's MIN_PAYLOAD_SIZE), and pieceTree refuses less. Pieces of small
 * segments (under 65 × required bytes: a small file, or a file's short last segment) are padded with
 * zeros to it before they are encoded for their provider.
 */
const MIN_PROVABLE_PIECE_BYTES = 65

/** Bytes of each piece a provider stores for a segment of `segmentBytes`: the erasure code's piece, at least the smallest provable one. */
export const storedPieceBytes = (segmentBytes: number, required: number) => Math.max(pieceBytes(segmentBytes, required), MIN_PROVABLE_PIECE_BYTES)

/** The bytes `place`'s provider stores of erasure-coded `piece`: padded to a provable size, then encoded for that provider. */
export function toStoredPiece(piece: Uint8Array, fileKey: Uint8Array, place: PiecePlace): Uint8Array {
  if (piece.length >= MIN_PROVABLE_PIECE_BYTES) return encodeForProvider(piece, fileKey, place)
  const padded = new Uint8Array(MIN_PROVABLE_PIECE_BYTES)
  padded.set(piece)
  return encodeForProvider(padded, fileKey, place)
}

/** The erasure-coded piece of `pieceLength` bytes that `place`'s provider stored as `stored`. */
export function fromStoredPiece(stored: Uint8Array, fileKey: Uint8Array, place: PiecePlace, pieceLength: number): Uint8Array {
  return encodeForProvider(stored, fileKey, place).subarray(0, pieceLength)
}
