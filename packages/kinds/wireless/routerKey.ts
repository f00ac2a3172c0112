import { createPrivateKey } from 'node:crypto'
import { type Hex, bytesToHex, keccak256, toBytes } from 'viem'

/** An ed25519 router key: 32-byte seed and 32-byte public key, hex. */
export type RouterKey = { readonly publicKey: Hex; readonly privateKey: Hex }

/** PKCS#8 DER prefix of an ed25519 private key (RFC 8410), before its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** The ed25519 key whose seed is `seed` (32 bytes). */
export function routerKeyFromSeed(seed: Hex): RouterKey {
  const jwk = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, toBytes(seed)]), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' })
  return Object.freeze({ publicKey: bytesToHex(Buffer.from(jwk.x!, 'base64url')), privateKey: seed.toLowerCase() as Hex })
}

/**
 * The devnet's customer router: a key anyone can derive from a fixed, public seed
 * (keccak256("pinion/wireless/devnet-router/v1")), and the only router the default params
 * authorise. A production network lists its real routers' public keys in `routers` instead.
 */
export const DEVNET_ROUTER_KEY: RouterKey = routerKeyFromSeed(keccak256(toBytes('pinion/wireless/devnet-router/v1')))
