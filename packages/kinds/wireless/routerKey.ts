import { ed25519KeyPair } from '@pinion/protocol'
import { type Hex, keccak256, toBytes } from 'viem'

/** An ed25519 router key: 32-byte seed and 32-byte public key, hex. */
export type RouterKey = { readonly publicKey: Hex; readonly privateKey: Hex }

/** The ed25519 key whose seed is `seed` (32 bytes). */
export function routerKeyFromSeed(seed: Hex): RouterKey {
  return Object.freeze(ed25519KeyPair(seed))
}

/**
 * The devnet's customer router: a key anyone can derive from a fixed, public seed
 * (keccak256("pinion/wireless/devnet-router/v1")), and the only router the default params
 * authorise. A production network lists its real routers' public keys in `routers` instead.
 */
export const DEVNET_ROUTER_KEY: RouterKey = routerKeyFromSeed(keccak256(toBytes('pinion/wireless/devnet-router/v1')))
