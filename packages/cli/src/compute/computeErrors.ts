import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * The error codes of `pinion compute`: a job spec, the job store, the market's answers. Part of
 * CLI_ERROR_CODES (../errorCodes.ts), from which ERRORS.md is generated.
 */
export const COMPUTE_ERROR_CODES = {
  PINION_ERR_COMPUTE_SPEC: {
    retryable: false,
    description:
      '`pinion compute deploy`: the job spec is not one (a file that cannot be read or is not JSON, a key it does not have, a value out of range, a workload or input file that cannot be read); the message names the field, what it is and what was expected.',
  },
  PINION_ERR_COMPUTE_JOB_UNKNOWN: {
    retryable: false,
    description:
      'The lease or order runs a job this data directory did not deploy (no job with its specHash under `<data dir>/compute/jobs`): give the --data-dir the job was deployed from.',
  },
  PINION_ERR_COMPUTE_MARKET: {
    retryable: false,
    description:
      "ComputeMarket refused or would refuse the call (its custom error and arguments are in the message: `BidWindowClosed`, `NotLeaseCustomer`…), or the network runs no compute kind (deploy it with the kind, or delete the devnet's data directory).",
  },
} as const satisfies ErrorCodeTable

export class ComputeError extends PinionError {
  constructor(code: keyof typeof COMPUTE_ERROR_CODES, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
