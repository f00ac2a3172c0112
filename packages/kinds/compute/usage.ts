import { secp256k1 } from '@noble/curves/secp256k1'
import { type Address, type Hex, type LocalAccount, getAddress, hashTypedData, hexToBytes, keccak256, toHex } from 'viem'

/** What a run of a task used, as the provider reports it and the lease's customer counter-signs it. */
export type TaskUsage = { leaseId: bigint; specHash: Hex; task: number; resultHash: Hex; fuelUsed: bigint }

/**
 * The EIP-712 message a customer signs to accept a task's result and its usage (Golem's accepted
 * debit note). No chain or contract in the domain: the lease id and the job's specHash already name
 * the lease, and a device can be checked offline against it.
 */
export const USAGE_TYPED_DATA = {
  domain: { name: 'Pinion compute usage', version: '1' },
  types: {
    Usage: [
      { name: 'leaseId', type: 'uint256' },
      { name: 'specHash', type: 'bytes32' },
      { name: 'task', type: 'uint32' },
      { name: 'resultHash', type: 'bytes32' },
      { name: 'fuelUsed', type: 'uint64' },
    ],
  },
  primaryType: 'Usage',
} as const

export function usageDigest(usage: TaskUsage): Hex {
  return hashTypedData({ ...USAGE_TYPED_DATA, message: usage })
}

/** The customer's counter-signature of `usage` (r ‖ s ‖ v, 65 bytes). */
export function signUsage(customer: LocalAccount, usage: TaskUsage): Promise<Hex> {
  return customer.signTypedData({ ...USAGE_TYPED_DATA, message: usage })
}

/**
 * The same counter-signature, made synchronously from a private key: for a simulated customer that
 * accepts usage as simulated providers ask (simulate.ts's HeldJob.acceptUsage). Low s, v 27 or 28.
 */
export function signUsageWithKey(privateKey: Hex, usage: TaskUsage): Hex {
  const signature = secp256k1.sign(hexToBytes(usageDigest(usage)), hexToBytes(privateKey), { lowS: true })
  return `0x${signature.toCompactHex()}${(27 + signature.recovery).toString(16)}`
}

/** secp256k1's group order over two: signatures with a higher s are the malleable twin of a valid one. */
const SECP256K1_HALF_N = secp256k1.CURVE.n / 2n

/**
 * Who signed `usage`, synchronously (verify runs synchronously), or null for a signature that is not
 * a canonical secp256k1 one: v 27 or 28, 0 < r, s and s in the lower half (EIP-2), as OpenZeppelin's
 * ECDSA accepts. Accepting only one form keeps one usage from two valid encodings.
 */
export function usageSigner(usage: TaskUsage, signature: Hex): Address | null {
  const bytes = hexToBytes(signature)
  if (bytes.length !== 65) return null
  const v = bytes[64]!
  if (v !== 27 && v !== 28) return null
  try {
    const parsed = secp256k1.Signature.fromCompact(bytes.subarray(0, 64))
    if (parsed.r === 0n || parsed.s === 0n || parsed.s > SECP256K1_HALF_N) return null
    const point = parsed.addRecoveryBit(v - 27).recoverPublicKey(hexToBytes(usageDigest(usage)).slice())
    const uncompressed = point.toRawBytes(false)
    return getAddress(`0x${keccak256(toHex(uncompressed.subarray(1))).slice(-40)}`)
  } catch {
    return null
  }
}
