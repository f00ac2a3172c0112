import type { ErrorCodeTable } from '@pinion/protocol'

/**
 * The error codes of the compute workloads' customer-side code (task builders, image assembly, the
 * plain-TypeScript references). Part of KINDS_ERROR_CODES (../../src/errorCodes.ts), from which
 * ERRORS.md is generated.
 */
export const COMPUTE_WORKLOAD_ERROR_CODES = {
  PINION_ERR_COMPUTE_WORKLOAD: {
    retryable: false,
    description:
      "A compute workload's job or task is malformed: an image size, band count or sample count out of range, a task header the module would refuse, or task outputs that do not assemble (too few, or a band of the wrong length); the message says which.",
  },
} as const satisfies ErrorCodeTable
