import type { ChallengeInput, IssuedChallenge } from '../src/challenge.ts'
import { computeStateOf } from './chain.ts'
import { RUN_LEASE_CHALLENGE_TYPE, encodeLeaseDuty } from './duty.ts'
import type { ComputeParams } from './params.ts'

/**
 * One run-lease challenge per lease running at the epoch's entropy block — started, not closed, its
 * duration not over when the epoch begins — whose device is active in the registry, in lease id
 * order: the lease's duty (customer and job) reaches verify through it. Issued at the epoch's start,
 * due at its end: a lease's reports may come at any time in the epoch.
 */
export function computeChallenges(input: ChallengeInput<ComputeParams>): IssuedChallenge[] {
  const { epoch } = input
  const challenges: IssuedChallenge[] = []
  const leases = [...computeStateOf(input.chain).leases.values()].sort((a, b) => (a.leaseId < b.leaseId ? -1 : 1))
  for (const lease of leases) {
    if (lease.state !== 'running' || lease.startedAtMs === null || lease.endsAtMs === null || lease.endsAtMs <= epoch.startMs) continue
    if (input.devices.get(lease.deviceId)?.active !== true) continue
    challenges.push({
      deviceId: lease.deviceId,
      challengeType: RUN_LEASE_CHALLENGE_TYPE,
      payload: encodeLeaseDuty({ leaseId: lease.leaseId, customer: lease.customer, specHash: lease.specHash, startedAtMs: lease.startedAtMs }),
      issuedAtMs: epoch.startMs,
      deadlineMs: epoch.endMs,
    })
  }
  return challenges
}
