import { PinionError } from '@pinion/protocol'
import type { Hex } from 'viem'
import { type BetaReputation, STORJ_AUDIT_REPUTATION } from '../src/betaReputation.ts'

/** A commitment whose result is not revealed yet. */
export type OpenCommitment = {
  leaseId: bigint
  task: number
  deviceId: Hex
  commitment: Hex
  /** The epoch the commitment reached the oracles in. */
  epoch: bigint
  /**
   * Whether the oracles re-execute the task once revealed, drawn from the entropy of the epoch after
   * `epoch` (commitment.ts: isSampled); null until that epoch.
   */
  sampled: boolean | null
}

/** What the kind keeps of a lease while it is active. */
export type LeaseRecord = {
  leaseId: bigint
  /** The first epoch the lease was active in (challenged). */
  since: bigint
  /** Its job's manifest (canonical JSON, as hex), once its provider relayed one that matched the order. */
  manifest: Hex | null
  /** Tasks committed to, ascending: each is committed once. */
  committed: number[]
  /** Tasks revealed, ascending: each is revealed once. */
  revealed: number[]
}

/**
 * A result some provider revealed for a job's task: what a later commitment to it may have copied,
 * and what later reveals of the task on other leases of a k-of-n job are held against. `verified`
 * when the oracles re-executed it and it agreed.
 */
export type RevealedResult = { specHash: Hex; task: number; resultHash: Hex; deviceId: Hex; epoch: bigint; verified: boolean }

/**
 * What the compute kind carries from epoch to epoch: commitments awaiting their reveal, each active
 * lease's record, revealed results of active leases' jobs, and each provider's reputation (Storj's
 * α/β over its sampled tasks: a re-execution that agreed is a success, a fault a failure). Lists are
 * in a fixed order (lease id, then task, then device) so the value hashes the same everywhere.
 */
export type ComputeCarried = {
  readonly commitments: readonly OpenCommitment[]
  readonly leases: readonly LeaseRecord[]
  readonly revealed: readonly RevealedResult[]
  readonly reputations: Readonly<Record<Hex, BetaReputation>>
}

export const EMPTY_COMPUTE_CARRIED: ComputeCarried = { commitments: [], leases: [], revealed: [], reputations: {} }

/** A provider's reputation as of `carried`, or a new provider's. */
export function reputationOf(carried: ComputeCarried | null, deviceId: Hex): BetaReputation {
  const kept = carried !== null && Object.hasOwn(carried.reputations, deviceId) ? carried.reputations[deviceId] : undefined
  return kept ?? STORJ_AUDIT_REPUTATION.initial
}

const HEX32 = /^0x[0-9a-f]{64}$/
const HEX = /^0x([0-9a-f]{2})*$/
const DECIMAL = /^(0|[1-9][0-9]*)$/

/** Validates a carried value read back from storage or a peer (bigints as decimal strings, numbers or bigints). */
export function parseComputeCarried(input: unknown): ComputeCarried {
  const given = object('compute carried', input, ['commitments', 'leases', 'revealed', 'reputations'])
  const commitments = array('commitments', given.commitments).map((value, i) => {
    const c = object(`commitments[${i}]`, value, ['leaseId', 'task', 'deviceId', 'commitment', 'epoch', 'sampled'])
    if (c.sampled !== null && typeof c.sampled !== 'boolean') throw bad(`commitments[${i}].sampled`, c.sampled, 'true, false or null')
    return {
      leaseId: whole(`commitments[${i}].leaseId`, c.leaseId),
      task: task(`commitments[${i}].task`, c.task),
      deviceId: hex32(`commitments[${i}].deviceId`, c.deviceId),
      commitment: hex32(`commitments[${i}].commitment`, c.commitment),
      epoch: whole(`commitments[${i}].epoch`, c.epoch),
      sampled: c.sampled as boolean | null,
    }
  })
  const leases = array('leases', given.leases).map((value, i) => {
    const l = object(`leases[${i}]`, value, ['leaseId', 'since', 'manifest', 'committed', 'revealed'])
    if (l.manifest !== null && (typeof l.manifest !== 'string' || !HEX.test(l.manifest))) throw bad(`leases[${i}].manifest`, l.manifest, 'hex bytes or null')
    return {
      leaseId: whole(`leases[${i}].leaseId`, l.leaseId),
      since: whole(`leases[${i}].since`, l.since),
      manifest: l.manifest as Hex | null,
      committed: array(`leases[${i}].committed`, l.committed).map((t, j) => task(`leases[${i}].committed[${j}]`, t)),
      revealed: array(`leases[${i}].revealed`, l.revealed).map((t, j) => task(`leases[${i}].revealed[${j}]`, t)),
    }
  })
  const revealed = array('revealed', given.revealed).map((value, i) => {
    const r = object(`revealed[${i}]`, value, ['specHash', 'task', 'resultHash', 'deviceId', 'epoch', 'verified'])
    if (typeof r.verified !== 'boolean') throw bad(`revealed[${i}].verified`, r.verified, 'true or false')
    return {
      specHash: hex32(`revealed[${i}].specHash`, r.specHash),
      task: task(`revealed[${i}].task`, r.task),
      resultHash: hex32(`revealed[${i}].resultHash`, r.resultHash),
      deviceId: hex32(`revealed[${i}].deviceId`, r.deviceId),
      epoch: whole(`revealed[${i}].epoch`, r.epoch),
      verified: r.verified,
    }
  })
  const reputations: Record<Hex, BetaReputation> = {}
  const byDevice = given.reputations
  if (typeof byDevice !== 'object' || byDevice === null || Array.isArray(byDevice)) throw bad('reputations', byDevice, 'an object by device id')
  for (const [deviceId, value] of Object.entries(byDevice)) {
    const r = object(`reputations.${deviceId}`, value, ['alpha', 'beta'])
    reputations[hex32('a reputation device id', deviceId)] = { alpha: whole(`${deviceId}.alpha`, r.alpha), beta: whole(`${deviceId}.beta`, r.beta) }
  }
  return { commitments, leases, revealed, reputations }
}

function object(what: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(what, value, `an object { ${keys.join(', ')} }`)
  const given = Object.keys(value).sort()
  if (given.join() !== [...keys].sort().join()) throw bad(`${what}'s keys`, given, keys.join(', '))
  return value as Record<string, unknown>
}

function array(what: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw bad(what, value, 'an array')
  return value
}

function whole(what: string, value: unknown): bigint {
  if (typeof value === 'bigint' && value >= 0n) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value)
  throw bad(what, value, 'a whole number, 0 or more')
}

function task(what: string, value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  throw bad(what, value, 'a task index')
}

function hex32(what: string, value: unknown): Hex {
  if (typeof value === 'string' && HEX32.test(value)) return value as Hex
  throw bad(what, value, '0x and 64 lower-case hex digits')
}

const bad = (what: string, given: unknown, expected: string) =>
  new PinionError('PINION_ERR_KIND_CARRIED', `${what} is ${JSON.stringify(given, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}; expected ${expected}`)
