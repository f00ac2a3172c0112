import type { Address, Hex } from 'viem'
import { z } from 'zod'
import type { Redundancy } from '../redundancy.ts'

/** A piece's PDP commitment, as a provider's data set will commit it on chain: root, height, challengeable leaves (pieceTree). */
export type PiecePdp = { root: Hex; height: number; leafCount: number }

/** Piece `index` of a segment, where it is, and what its provider holds: SHA-256 (its id on the node) and PDP commitment of the encoded bytes. */
export type StoredPiece = { index: number; deviceId: Hex; operator: Address; url: string; sha256: Hex; pdp: PiecePdp }

/**
 * What the customer keeps of a file stored across providers (fileManifest.ts's FileManifest, grown
 * with where each piece is and what proves it). It holds the file's key: it never leaves the
 * customer's machine (catalog.ts keeps it owner-only).
 *
 * - `id`: SHA-256 of the sealed bytes (nonce ‖ ciphertext ‖ tag), 0x hex. The nonce and key are new
 *   for every upload, so storing the same file twice gives two ids; the id commits to every byte the
 *   network stores.
 * - `sha256`, `size`: of the plaintext, checked after a download.
 * - `redundancy`: the scheme; a segment's pieces are Reed–Solomon shards of `required` of `uploads`.
 * - `segments[s].bytes`: sealed bytes of segment s; its pieces, by index, on distinct operators.
 * - `createdAt`: given by the caller (ISO 8601); nothing here reads the clock.
 */
export type StoredFile = {
  version: 1
  id: Hex
  name: string
  size: number
  sha256: Hex
  redundancy: Redundancy
  segmentBytes: number
  createdAt: string
  key: Hex
  segments: { bytes: number; pieces: StoredPiece[] }[]
}

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/, { error: '0x and 64 lower-case hex digits' })
const count = z.number().int().min(0)
const piece = z.strictObject({
  index: count,
  deviceId: hex32,
  operator: z.string().regex(/^0x[0-9a-fA-F]{40}$/, { error: 'an address' }),
  url: z.url(),
  sha256: hex32,
  pdp: z.strictObject({ root: hex32, height: count, leafCount: count }),
})

/** A stored file as catalog.ts reads it back: every field checked, since the download trusts the manifest. */
export const storedFileSchema = z.strictObject({
  version: z.literal(1),
  id: hex32,
  name: z.string(),
  size: count,
  sha256: hex32,
  redundancy: z.strictObject({ required: count, repairAt: count, pieces: count, uploads: count }),
  segmentBytes: count,
  createdAt: z.string(),
  key: hex32,
  segments: z.array(z.strictObject({ bytes: count, pieces: z.array(piece) })),
})
