import { create, fromBinary, toBinary } from '@bufbuild/protobuf'
import { PinionError } from '@pinion/protocol'
import { type Address, type Hex, bytesToHex, getAddress, hexToBigInt, hexToBytes, numberToHex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import { RunLeaseSchema } from './generated/pinion/compute/v1/compute_pb.ts'

/** The challenge type of a lease's epoch (Challenge.challengeType): run the lease's job. */
export const RUN_LEASE_CHALLENGE_TYPE = 'run-lease'

/** What the chain says of a lease that the kind needs to judge its provider's reports (pinion.compute.v1.RunLease). */
export type LeaseDuty = { leaseId: bigint; customer: Address; specHash: Hex; startedAtMs: bigint }

export function encodeLeaseDuty(duty: LeaseDuty): Uint8Array {
  return toBinary(
    RunLeaseSchema,
    create(RunLeaseSchema, {
      leaseId: hexToBytes(numberToHex(duty.leaseId, { size: 32 })),
      customer: hexToBytes(duty.customer),
      specHash: hexToBytes(duty.specHash),
      startedAtMs: duty.startedAtMs,
    }),
  )
}

/** The duty a run-lease challenge's payload encodes; throws PINION_ERR_MALFORMED_PAYLOAD for anything else. */
export function decodeLeaseDuty(bytes: Uint8Array): LeaseDuty {
  let decoded: ReturnType<typeof fromBinary<typeof RunLeaseSchema>>
  try {
    decoded = fromBinary(RunLeaseSchema, bytes)
  } catch (cause) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', `challenge payload of ${bytes.length} bytes is not a pinion.compute.v1.RunLease`, { cause })
  }
  if (decoded.leaseId.length !== 32 || decoded.customer.length !== 20 || decoded.specHash.length !== 32) {
    throw new PinionError('PINION_ERR_MALFORMED_PAYLOAD', 'a RunLease has a 32-byte lease id, a 20-byte customer and a 32-byte spec hash')
  }
  return {
    leaseId: hexToBigInt(bytesToHex(decoded.leaseId)),
    customer: getAddress(bytesToHex(decoded.customer)),
    specHash: bytesToHex(decoded.specHash),
    startedAtMs: decoded.startedAtMs,
  }
}

/** A lease the epoch's challenges name: its challenge (whose device is the provider) and its duty. */
export type IssuedLease = { challenge: Challenge; duty: LeaseDuty }

// verify runs once per report against the same inputs: index them once per epoch, keyed by the
// inputs' own array, so the index lives exactly as long as the epoch's inputs do.
const indexes = new WeakMap<readonly Challenge[], ReadonlyMap<bigint, IssuedLease>>()

/**
 * The epoch's leases among `challenges` (kind "compute", type "run-lease") by lease id. A challenge
 * whose payload is not a RunLease is left out, so reports naming its lease are UNKNOWN_LEASE.
 */
export function leaseIndex(challenges: readonly Challenge[]): ReadonlyMap<bigint, IssuedLease> {
  let index = indexes.get(challenges)
  if (index !== undefined) return index
  const byId = new Map<bigint, IssuedLease>()
  for (const challenge of challenges) {
    if (challenge.kind !== 'compute' || challenge.challengeType !== RUN_LEASE_CHALLENGE_TYPE) continue
    try {
      const duty = decodeLeaseDuty(challenge.payload)
      byId.set(duty.leaseId, { challenge, duty })
    } catch {}
  }
  index = byId
  indexes.set(challenges, index)
  return index
}
