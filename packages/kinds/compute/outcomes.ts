import type { Hex } from 'viem'
import type { Challenge } from '../src/challenge.ts'
import { answeredBefore } from '../src/firstAnswers.ts'
import type { EpochWindow, KindReport } from '../src/kind.ts'
import { type ComputeCarried, EMPTY_COMPUTE_CARRIED } from './carried.ts'
import { leaseIndex } from './duty.ts'
import type { ComputeParams } from './params.ts'
import type { ComputePayload } from './payload.ts'
import { FAULT_REASONS, NO_SHOW, REVEAL_MISSING } from './reasons.ts'

/** How a lease's epoch ended: its provider's first fault, or none. */
export type LeaseOutcome = { leaseId: bigint; deviceId: Hex; fault: string | null }

export type LeaseOutcomeInput = {
  epoch: EpochWindow
  params: ComputeParams
  carried: ComputeCarried | null
  challenges: readonly Challenge[]
  accepted: readonly KindReport<ComputePayload>[]
  rejected: readonly { report: KindReport<ComputePayload>; reason: string }[]
}

/**
 * Every lease active this epoch (each run-lease challenge), in lease id order, with the fault that
 * ends it, if any — the first of:
 * - a report of the lease the kind rejected for a fault (FAULT_REASONS), the earliest one;
 * - REVEAL_MISSING: a commitment of the lease whose last epoch to be revealed (its epoch +
 *   revealEpochs) is this one went unrevealed: the provider hid a result, most likely one it knew
 *   was drawn for re-execution and would fail;
 * - NO_SHOW: the lease has been active for noShowEpochs whole epochs and its provider never
 *   committed to a single task.
 */
export function leaseOutcomes(input: LeaseOutcomeInput): LeaseOutcome[] {
  const carried = input.carried ?? EMPTY_COMPUTE_CARRIED
  const epoch = input.epoch.epoch
  const faults = new Map<bigint, { report: KindReport<ComputePayload>; reason: string }>()
  for (const rejection of input.rejected) {
    const payload = rejection.report.payload
    if (payload.type === 'module-chunk' || !(FAULT_REASONS as readonly string[]).includes(rejection.reason)) continue
    const kept = faults.get(payload.leaseId)
    if (kept === undefined || answeredBefore(rejection.report, kept.report)) faults.set(payload.leaseId, rejection)
  }
  const revealedNow = new Set<string>()
  const committedNow = new Set<bigint>()
  for (const { payload } of input.accepted) {
    if (payload.type === 'task-reveal') revealedNow.add(`${payload.leaseId}:${payload.task}`)
    if (payload.type === 'task-commit') committedNow.add(payload.leaseId)
  }
  const records = new Map(carried.leases.map((r) => [r.leaseId, r]))
  const outcomes: LeaseOutcome[] = []
  for (const [leaseId, { challenge }] of leaseIndex(input.challenges)) {
    let fault: string | null = faults.get(leaseId)?.reason ?? null
    if (fault === null) {
      const hidden = carried.commitments.some((c) => c.leaseId === leaseId && c.epoch + BigInt(input.params.revealEpochs) === epoch && !revealedNow.has(`${leaseId}:${c.task}`))
      if (hidden) fault = REVEAL_MISSING
    }
    if (fault === null) {
      const since = records.get(leaseId)?.since ?? epoch
      const everCommitted = (records.get(leaseId)?.committed.length ?? 0) > 0 || committedNow.has(leaseId)
      if (!everCommitted && epoch - since >= BigInt(input.params.noShowEpochs)) fault = NO_SHOW
    }
    outcomes.push({ leaseId, deviceId: challenge.deviceId, fault })
  }
  return outcomes.sort((a, b) => (a.leaseId < b.leaseId ? -1 : a.leaseId > b.leaseId ? 1 : 0))
}
