import { createCipheriv, hkdfSync } from 'node:crypto'
import { type Hex, hexToBytes } from 'viem'

/** Separates this derivation from any other use of a file's key (HKDF's info starts with it). */
const DOMAIN_TAG = new TextEncoder().encode('pinion/storage/provider-piece/v1')
/** A device id: 32 bytes (keccak256 of its public key). */
const DEVICE_ID_BYTES = 32
/** AES-256-CTR's counter block, all zeros: every derived key encrypts exactly one piece, once. */
const ZERO_COUNTER = new Uint8Array(16)

/** Where a piece goes: the provider's device, and which piece of which segment it is. */
export type PiecePlace = { deviceId: Hex; segment: number; piece: number }

/**
 * A piece as one provider holds it: the erasure-coded piece XORed with an AES-256-CTR keystream whose
 * key is HKDF-SHA256(file key, info = domain tag ‖ provider's device id (32 bytes) ‖ segment index ‖
 * piece index, each index a big-endian uint32). Decoding is the same XOR: this function undoes itself.
 *
 * Why: the network pays a provider for bytes it proves (PDP) it holds. Without this, every provider
 * given piece i of a segment (after a repair, for instance) would hold the same bytes, and an operator
 * running several "providers" on one disk (sybil replicas) could store them once and prove for all.
 * Keyed per provider, no two providers hold the same bytes, each piece has a PDP root of its own, and
 * a proof from one provider's bytes never verifies against another's root. Only the customer, who holds
 * the file key, can derive the keystreams; a provider learns nothing more than from the sealed file.
 *
 * The file key is fresh for every upload (uploadFile never takes one from its caller) and a place's
 * piece is fixed by the file, so a keystream never covers two different plaintexts.
 */
export function encodeForProvider(bytes: Uint8Array, fileKey: Uint8Array, place: PiecePlace): Uint8Array {
  const cipher = createCipheriv('aes-256-ctr', providerPieceKey(fileKey, place), ZERO_COUNTER)
  // CTR is a stream cipher: update gives every byte, and final nothing more.
  const out = cipher.update(bytes)
  cipher.final()
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}

function providerPieceKey(fileKey: Uint8Array, { deviceId, segment, piece }: PiecePlace): Uint8Array {
  const device = hexToBytes(deviceId)
  if (device.length !== DEVICE_ID_BYTES) throw new RangeError(`a device id is ${DEVICE_ID_BYTES} bytes, not ${device.length} (${deviceId})`)
  if (!isUint32(segment) || !isUint32(piece)) throw new RangeError(`segment and piece indexes are whole numbers below 2^32, not ${segment} and ${piece}`)
  const info = new Uint8Array(DOMAIN_TAG.length + DEVICE_ID_BYTES + 8)
  info.set(DOMAIN_TAG)
  info.set(device, DOMAIN_TAG.length)
  const view = new DataView(info.buffer)
  view.setUint32(DOMAIN_TAG.length + DEVICE_ID_BYTES, segment)
  view.setUint32(DOMAIN_TAG.length + DEVICE_ID_BYTES + 4, piece)
  return new Uint8Array(hkdfSync('sha256', fileKey, new Uint8Array(0), info, 32))
}

const isUint32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffff_ffff
