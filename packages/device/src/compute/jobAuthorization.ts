import { type Address, type Hex, type LocalAccount, getAddress, isHex, recoverTypedDataAddress, size } from 'viem'

/** The lease a customer delivers a job to, as its signature names it. */
export type JobDelivery = { leaseId: bigint; specHash: Hex }

/**
 * The EIP-712 message a lease's customer signs to deliver its job to the lease's provider (PUT
 * /v1/leases/:leaseId/job). It names the lease and its specHash only, not the bytes: those are bound
 * by the specHash itself (manifest → module and inputs), so a signature seen in transit can deliver
 * nothing but the customer's own job to the customer's own lease, and replaying it is harmless.
 * No chain in the domain, as the usage counter-signature has none (packages/kinds/compute/usage.ts):
 * the provider checks it against what its own chain says of the lease.
 */
export const JOB_DELIVERY_TYPED_DATA = {
  domain: { name: 'Pinion compute job delivery', version: '1' },
  types: {
    JobDelivery: [
      { name: 'leaseId', type: 'uint256' },
      { name: 'specHash', type: 'bytes32' },
    ],
  },
  primaryType: 'JobDelivery',
} as const

/** The scheme of the Authorization header that carries the signature: `Authorization: Pinion-Job 0x…`. */
export const JOB_AUTHORIZATION_SCHEME = 'Pinion-Job'

/** The customer's signature delivering its job to `delivery`'s lease (r ‖ s ‖ v). */
export function signJobDelivery(customer: LocalAccount, delivery: JobDelivery): Promise<Hex> {
  return customer.signTypedData({ ...JOB_DELIVERY_TYPED_DATA, message: delivery })
}

/** Who signed `delivery`, or null for anything that is not a 65-byte signature of it. */
export async function jobDeliverySigner(delivery: JobDelivery, signature: Hex): Promise<Address | null> {
  if (!isHex(signature, { strict: true }) || size(signature) !== 65) return null
  try {
    return getAddress(await recoverTypedDataAddress({ ...JOB_DELIVERY_TYPED_DATA, message: delivery, signature }))
  } catch {
    return null
  }
}

/** The signature an Authorization header carries (`Pinion-Job 0x` and 130 hex digits), or null. */
export function jobAuthorizationOf(header: string | undefined): Hex | null {
  const match = /^Pinion-Job (0x[0-9a-fA-F]{130})$/.exec(header?.trim() ?? '')
  return match === null ? null : (match[1] as Hex)
}
