import { type KeyObject, createPublicKey, generateKeyPairSync, sign } from 'node:crypto'
import { type Hex, bytesToHex, hexToBigInt, numberToHex } from 'viem'

/** Order of the P-256 group. */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n

export type P256KeyPair = { privateKey: KeyObject; publicKey: Hex }

/** A new P-256 key pair; the public key is the 64-byte uncompressed point x‖y. */
export function generateP256KeyPair(): P256KeyPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { privateKey, publicKey: p256PublicKey(privateKey) }
}

/** The 64-byte x‖y public key of a P-256 private key. */
export function p256PublicKey(privateKey: KeyObject): Hex {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  const x = Buffer.from(jwk.x!, 'base64url')
  const y = Buffer.from(jwk.y!, 'base64url')
  return bytesToHex(Buffer.concat([x, y]))
}

/**
 * Signs `message` (ECDSA over its SHA-256) and returns (r, s) with s in the lower half of the group
 * order: OpenZeppelin's P256 and most verifiers reject the high-s twin to stop malleability.
 */
export function signP256(privateKey: KeyObject, message: Uint8Array): { r: Hex; s: Hex } {
  const signature = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' })
  const r = bytesToHex(signature.subarray(0, 32))
  let s = hexToBigInt(bytesToHex(signature.subarray(32, 64)))
  if (s > P256_N / 2n) s = P256_N - s
  return { r, s: numberToHex(s, { size: 32 }) }
}
