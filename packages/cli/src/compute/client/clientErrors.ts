import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of the compute customer's client library (delivering a job to its provider,
 * fetching and checking results, counter-signing usage). Part of CLI_ERROR_CODES (../../errorCodes.ts),
 * from which ERRORS.md is generated.
 */
export const COMPUTE_CLIENT_ERROR_CODES = {
  PINION_ERR_COMPUTE_CLIENT_JOB: {
    retryable: false,
    description:
      "The job given to deliver is not the lease's: its manifest does not hash to the lease's specHash, or its module or an input does not hash to what the manifest says, or there are not as many inputs as tasks. Nothing was sent.",
  },
  PINION_ERR_COMPUTE_PROVIDER_REFUSED: {
    retryable: false,
    description:
      "The compute provider node refused the request with one of its codes (4xx), named in the message and in the error's `nodeCode`: e.g. PINION_ERR_COMPUTE_UNAUTHORIZED (the signer is not the lease's customer), PINION_ERR_COMPUTE_LEASE_UNKNOWN (the lease has not started yet: retry), PINION_ERR_COMPUTE_TASK_NOT_DONE.",
  },
  PINION_ERR_COMPUTE_PROVIDER_UNAVAILABLE: {
    retryable: true,
    description:
      'The compute provider node did not answer in time, failed (5xx), or answered something that is not its API (a body of the wrong shape, a lease or spec other than the one asked for): try again later, or another provider.',
  },
  PINION_ERR_COMPUTE_RESULT_MISMATCH: {
    retryable: false,
    description:
      "A task's result from the provider is wrong: its output does not hash (with its exit code) to the result hash the node reports, its fuel is past the job's limit, or, for a task re-run locally (`verifySample`), the run gives another result or less fuel. Do not counter-sign it; the message names the task.",
  },
  PINION_ERR_COMPUTE_RESULTS_INCOMPLETE: {
    retryable: true,
    description: 'The results cannot be put together yet: a task has no output (pending, running, or failed on the node). Wait and fetch again.',
  },
} as const satisfies ErrorCodeTable

export type ComputeClientErrorCode = keyof typeof COMPUTE_CLIENT_ERROR_CODES

/** An error of the compute client: a stable code, and what the provider answered when it answered. */
export class ComputeClientError extends PinionError {
  override readonly name = 'ComputeClientError'
  declare readonly code: ComputeClientErrorCode
  readonly retryable: boolean
  /** The HTTP status the provider answered, if it answered. */
  readonly status: number | undefined
  /** The provider's own error code, if it answered one. */
  readonly nodeCode: string | undefined

  constructor(code: ComputeClientErrorCode, message: string, options: { cause?: unknown; status?: number | undefined; nodeCode?: string | undefined } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause })
    this.retryable = COMPUTE_CLIENT_ERROR_CODES[code].retryable
    this.status = options.status
    this.nodeCode = options.nodeCode
  }
}
