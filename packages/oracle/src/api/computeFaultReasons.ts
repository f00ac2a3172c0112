import { qualifiedName } from '@pinion/kinds'
import { FAULT_CODES, NO_SHOW, REVEAL_MISSING } from '@pinion/kinds/compute'

const COMPUTE = 'compute'

/** The compute kind's reason (qualified: `compute.RESULT_MISMATCH`) behind a fault code ComputeMarket recorded; null for 0 or a code this build does not know. */
export function faultReasonOf(code: number): string | null {
  for (const [reason, value] of Object.entries(FAULT_CODES)) if (value === code) return qualifiedName(COMPUTE, reason)
  return null
}

/**
 * REVEAL_MISSING and NO_SHOW are what a lease's fault code stands for when no report was at fault
 * (outcomes.ts), not reasons any report gets, so they are not among the network's reason words
 * (reasonWords): their words are here, as reasons.ts describes them.
 */
const LEASE_FAULT_WORDS: Readonly<Record<string, string>> = {
  [qualifiedName(COMPUTE, REVEAL_MISSING)]:
    'A commitment of the lease went unrevealed past its last epoch to be revealed: the provider hid a result, most likely one drawn for re-execution that would have failed.',
  [qualifiedName(COMPUTE, NO_SHOW)]: 'The lease ran for its no-show epochs without its provider committing to a single task.',
}

/** A reason code in words: the network's (`reasons`, GET /v1/reasons), the lease-only faults', or the code itself. */
export function reasonText(reasons: Readonly<Record<string, string>>, reason: string): string {
  // Own keys only: a stored reason is data, never a way into an object's prototype.
  if (Object.hasOwn(reasons, reason)) return reasons[reason]!
  return Object.hasOwn(LEASE_FAULT_WORDS, reason) ? LEASE_FAULT_WORDS[reason]! : reason
}
