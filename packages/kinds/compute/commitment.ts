import { type Hex, encodePacked, hexToBigInt, keccak256 } from 'viem'
import { PPM } from './rules.ts'

/**
 * A provider's commitment to a task's result: keccak256(abi.encodePacked(resultHash, deviceId, salt)).
 * It binds the result to the provider that committed it, and hides it until the reveal (the salt is
 * fresh per task): a copier learns another provider's result only from its reveal, by which time
 * its own commitment would come too late to count (COMMITTED_AFTER_REVEAL).
 */
export function resultCommitment(resultHash: Hex, deviceId: Hex, salt: Hex): Hex {
  return keccak256(encodePacked(['bytes32', 'bytes32', 'bytes32'], [resultHash, deviceId, salt]))
}

const SAMPLE_DOMAIN = 'pinion/compute/sample/v1'

/**
 * Whether the oracles re-execute the task behind `commitment`: keccak256(abi.encodePacked(domain,
 * entropy, commitment)) mod 10⁶ < rate (parts per million). `entropy` is that of the epoch after the
 * commitment's: public only once the commitment was in, so a provider cannot commit honest results
 * for exactly the tasks that will be checked. Every oracle draws the same sample from the same inputs.
 */
export function isSampled(entropy: Hex, commitment: Hex, ratePpm: number): boolean {
  if (ratePpm >= PPM) return true
  if (ratePpm <= 0) return false
  const draw = hexToBigInt(keccak256(encodePacked(['string', 'bytes32', 'bytes32'], [SAMPLE_DOMAIN, entropy, commitment])))
  return draw % BigInt(PPM) < BigInt(ratePpm)
}
