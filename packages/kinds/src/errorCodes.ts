import type { ErrorCodeTable } from '@pinion/protocol'
import { COMPUTE_WORKLOAD_ERROR_CODES } from '../compute/workloads/errors.ts'

/**
 * Every error code the kinds define; ERRORS.md is generated from it (`npm run generate:errors`).
 * Kinds are deterministic, so none of these passes by waiting: the oracle's epoch runner stops an
 * epoch on them rather than retry.
 */
export const KINDS_ERROR_CODES = {
  ...COMPUTE_WORKLOAD_ERROR_CODES,
  PINION_ERR_KIND_PARAMS: {
    retryable: false,
    description:
      "A kind's parameters are invalid (the message names the parameter, what it is and what was expected): fix the network config, or the parameters governance put in force.",
  },
  PINION_ERR_COMPUTE_HOST: {
    retryable: true,
    description:
      "This oracle's machine could not re-execute a task the compute kind drew for its sample (it ran out of stack or memory, or its WebAssembly engine failed): nothing about the task follows from that, so the oracle computes nothing for the epoch rather than a verdict another oracle would not reach. It retries; give it more memory if it persists.",
  },
  PINION_ERR_KIND_CARRIED: { retryable: false, description: 'State a kind carried from the previous epoch does not parse as that kind’s carried state.' },
  PINION_ERR_MALFORMED_PAYLOAD: {
    retryable: false,
    description:
      'A report payload is not the message its payload type names, or breaks its limits. Verification turns this into the verdict `MALFORMED_PAYLOAD`; thrown only by direct decoding.',
  },
  PINION_ERR_DATARATE: { retryable: false, description: 'A LoRa datarate is not `SF<7-12>BW<125|250|500>`.' },
  PINION_ERR_DATA_TRANSFER: {
    retryable: false,
    description: 'A wireless data-transfer receipt field does not fit its wire type (a session id over 65,535 bytes, a value outside uint64).',
  },
  PINION_ERR_KIND_CHALLENGE: {
    retryable: false,
    description:
      'A kind issued a challenge it may not (to a device the registry does not know, outside the epoch, or due before it is issued or after the epoch ends), or a stored or served challenge does not hash to its id.',
  },
  PINION_ERR_KIND_RULES: {
    retryable: false,
    description: 'An epoch names a rules version of a kind that this build cannot apply: upgrade, or replay with the build that computed it.',
  },
  PINION_ERR_KIND_DEFINITION: {
    retryable: false,
    description: 'A kind breaks the Kind contract: a name that is not lower-case letters and digits, a rules version below 1, or reasons or pools that are not plain identifiers.',
  },
  PINION_ERR_SEED: { retryable: false, description: 'A simulation seed is not an integer in 0..2^32 − 1.' },
  PINION_ERR_SIMULATION: {
    retryable: false,
    description: 'A simulation was asked for something it cannot make: an unknown behaviour, more reports than it allows, or a fleet that does not fit its world.',
  },
} as const satisfies ErrorCodeTable

export type KindsErrorCode = keyof typeof KINDS_ERROR_CODES
