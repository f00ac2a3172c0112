import { ed25519KeyPair } from '@pinion/protocol'
import { type Hex, keccak256, toBytes } from 'viem'

/**
 * An ed25519 key of the network's infrastructure: a carrier's core, a speedtest server, a location
 * validator. Helium Mobile's important inputs are signed by such keys, not by hotspots
 * (helium.md §3.7: MobileRouter, MobileCarrier, MobilePcs roles); so are this kind's.
 */
export type InfrastructureKey = { readonly publicKey: Hex; readonly privateKey: Hex }

/** The ed25519 key whose 32-byte seed is keccak256(`label`). */
function devnetKey(label: string): InfrastructureKey {
  return Object.freeze(ed25519KeyPair(keccak256(toBytes(label))))
}

/**
 * The devnet's infrastructure keys: anyone can derive them from their public labels, so they are
 * for devnets and tests only. They are the default params' only trusted keys; a production network
 * lists its real carriers', speedtest servers' and location validators' public keys instead.
 */
export const DEVNET_CARRIER_KEY = devnetKey('pinion/mobile/devnet-carrier/v1')
export const DEVNET_SPEEDTEST_SERVER_KEY = devnetKey('pinion/mobile/devnet-speedtest-server/v1')
export const DEVNET_LOCATION_VALIDATOR_KEY = devnetKey('pinion/mobile/devnet-location-validator/v1')
