import { type KeyType, deviceIdOf, verifyDeviceSignature } from '@pinion/protocol'
import { type Hex, hexToBytes, isHex, size } from 'viem'

/** Domain separation of a capacity claim's signature: never a report's, an MQTT token's, nor another version's. */
export const CAPACITY_CLAIM_DOMAIN = 'pinion-storage-capacity-v1'

/** What a storage node says of its disk at one moment (`GET /v1/capacity`), whole numbers throughout. */
export type CapacityClaim = { deviceId: Hex; quotaBytes: number; usedBytes: number; pieces: number; atMs: number }

/**
 * The bytes a capacity claim's signature covers, fixed-width so no two claims share an encoding:
 * "pinion-storage-capacity-v1" (ASCII, 26 bytes) ‖ deviceId (32 bytes) ‖ quotaBytes ‖ usedBytes ‖
 * pieces ‖ atMs (each unsigned 64-bit big-endian): 90 bytes.
 */
export function capacityClaimMessage(claim: CapacityClaim): Uint8Array {
  if (!isHex(claim.deviceId, { strict: true }) || size(claim.deviceId) !== 32) throw new TypeError(`deviceId must be 32 bytes of hex, got ${claim.deviceId}`)
  const domain = new TextEncoder().encode(CAPACITY_CLAIM_DOMAIN)
  const message = new Uint8Array(domain.length + 32 + 4 * 8)
  message.set(domain, 0)
  message.set(hexToBytes(claim.deviceId), domain.length)
  const view = new DataView(message.buffer)
  for (const [i, field] of (['quotaBytes', 'usedBytes', 'pieces', 'atMs'] as const).entries()) {
    const value = claim[field]
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${field} must be a whole number from 0 to 2^53 − 1, got ${value}`)
    view.setBigUint64(domain.length + 32 + i * 8, BigInt(value))
  }
  return message
}

/**
 * Whether `signature` (0x hex: ed25519, or P-256 r‖s) is the claim's signature by the device key
 * `publicKey`, and that key is the claim's device (its id is keccak256 of the key, as the registry
 * has it). A customer or an oracle holding the registry's key for a node checks its claim with this.
 */
export function verifyCapacityClaim(claim: CapacityClaim, signature: Hex, key: { type: KeyType; publicKey: Hex }): boolean {
  if (deviceIdOf(key.publicKey) !== claim.deviceId.toLowerCase() || !isHex(signature, { strict: true })) return false
  let message: Uint8Array
  try {
    message = capacityClaimMessage(claim)
  } catch {
    return false
  }
  return verifyDeviceSignature(key.type, key.publicKey, message, hexToBytes(signature))
}
