import { p256 } from '@noble/curves/nist'
import { type Hex, bytesToHex, hexToBytes, numberToHex } from 'viem'

export type P256KeyPair = { privateKey: Hex; publicKey: Hex }

/** A P-256 key pair from a 32-byte private key (random when omitted). */
export function p256KeyPair(privateKey: Hex = bytesToHex(p256.utils.randomPrivateKey())): P256KeyPair {
  return { privateKey, publicKey: p256PublicKey(privateKey) }
}

/** The 64-byte uncompressed public key x‖y (the SEC1 `04` prefix dropped, as the registry stores it). */
export function p256PublicKey(privateKey: Hex): Hex {
  return bytesToHex(p256.getPublicKey(hexToBytes(privateKey), false).subarray(1))
}

/**
 * Signs `message` — ECDSA over its SHA-256, nonce per RFC 6979, so the same key and message always
 * give the same signature — and returns (r, s) with s in the lower half of the group order:
 * OpenZeppelin's P256 rejects the high-s twin to stop malleability.
 */
export function signP256(privateKey: Hex, message: Uint8Array): { r: Hex; s: Hex } {
  const signature = p256.sign(message, hexToBytes(privateKey), { prehash: true, lowS: true })
  return { r: numberToHex(signature.r, { size: 32 }), s: numberToHex(signature.s, { size: 32 }) }
}
