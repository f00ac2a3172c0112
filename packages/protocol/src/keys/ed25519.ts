import { createPrivateKey, randomBytes } from 'node:crypto'
import { type Hex, bytesToHex, hexToBytes } from 'viem'

export type Ed25519KeyPair = { privateKey: Hex; publicKey: Hex }

/** PKCS#8 DER prefix of an ed25519 private key (RFC 8410), before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** An ed25519 key pair from its 32-byte seed (random when omitted): the same seed, the same key, in every run. */
export function ed25519KeyPair(seed: Hex = bytesToHex(randomBytes(32))): Ed25519KeyPair {
  const jwk = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, hexToBytes(seed)]), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
  return { privateKey: seed.toLowerCase() as Hex, publicKey: bytesToHex(Buffer.from(jwk.x!, 'base64url')) }
}
