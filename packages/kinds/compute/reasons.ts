/**
 * The compute kind's own reasons, beyond COMMON_REASONS (which the pipeline checks first), in the
 * order the kind checks them. Those marked "a fault" also close the lease on ComputeMarket (its
 * collateral burnt, the customer's held pay refunded: settlement.ts); the others only cost the report.
 */
export const COMPUTE_REASONS = {
  UNKNOWN_LEASE: 'The report names a lease that was not active when the epoch began: made up, not started yet, or already closed.',
  NOT_YOUR_LEASE: "The report is about another provider's lease: only the provider that won a lease reports on it.",
  SPEC_MISMATCH: "The job manifest does not hash to the specHash of the lease's order on chain, or is not a manifest at all: not the job the customer ordered.",
  NO_JOB: "The lease's job manifest reached the oracles neither this epoch nor before: the task cannot be checked against the job.",
  TASK_OUT_OF_RANGE: "The task index is past the job's tasks.",
  DUPLICATE_COMMIT: 'The task was already committed to (this epoch, earlier, or in an earlier epoch): a result is committed once.',
  REVEAL_WITHOUT_COMMITMENT: "No commitment to this task's result reached the oracles in an earlier epoch: a result revealed before it was bound proves nothing.",
  REVEAL_MISMATCH: 'The revealed result, the provider and the salt do not hash to the commitment: a fault (the provider changed its result after committing).',
  DUPLICATE_REVEAL: 'The task was already revealed: a result is revealed once.',
  INPUT_MISMATCH: "The revealed input does not hash to the job's input for that task: a fault (the provider ran, or claims, other work).",
  USAGE_OVERCLAIMED: "The fuel claimed is more than the job allows per task, or more than the oracles' re-execution of the task used: a fault (an over-claimer).",
  MODULE_MISSING: "The task was drawn for re-execution and its provider did not publish the job's module this epoch: a fault (what cannot be checked is not paid).",
  RESULT_MISMATCH: "The oracles re-executed the task (it was drawn for the sample) and got another result: a fault (a lazy provider's random, partial or copied result).",
  USAGE_NOT_COUNTERSIGNED:
    "The lease's customer did not sign this usage (task, result and fuel): the customer has not accepted it, so it earns nothing. The reveal still opens its commitment (no REVEAL_MISSING): a customer that withholds its signature cannot get an honest provider faulted.",
  REDUNDANCY_MINORITY: "The task ran on several providers (k-of-n) and this result disagrees with the majority's: a fault.",
  COMMITTED_AFTER_REVEAL:
    "Another provider had revealed this result of the same job's task in an epoch no later than this commitment: the result could have been copied, so it earns nothing (not a fault: a slow honest provider looks the same).",
} as const satisfies Record<string, string>

export type ComputeReason = keyof typeof COMPUTE_REASONS

/** The reasons that are faults: each closes its lease on chain and burns the provider's collateral. */
export const FAULT_REASONS: readonly ComputeReason[] = ['REVEAL_MISMATCH', 'INPUT_MISMATCH', 'USAGE_OVERCLAIMED', 'MODULE_MISSING', 'RESULT_MISMATCH', 'REDUNDANCY_MINORITY']

/**
 * Why a lease faulted without a report to blame (outcomes.ts): a commitment whose result was never
 * revealed in time (a provider hiding a result it expects to fail the sample), and a lease on which
 * its provider did nothing at all for an epoch (a no-show).
 */
export const REVEAL_MISSING = 'REVEAL_MISSING'
export const NO_SHOW = 'NO_SHOW'
