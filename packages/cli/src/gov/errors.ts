import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of `pinion gov`, `pinion params` and `pinion roles`: stable (scripts branch on
 * them), with whether trying the same command again later can succeed (`retryable`: the proposal
 * is waiting for time to pass). Part of CLI_ERROR_CODES (../errorCodes.ts), from which ERRORS.md is generated.
 */
export const GOV_ERROR_CODES = {
  PINION_ERR_GOV_ACTION: { retryable: false, description: 'An unknown `gov propose` action, or the wrong number of arguments for one.' },
  PINION_ERR_GOV_ADDRESS: { retryable: false, description: 'A value that must be an address is not one, or is the zero address.' },
  PINION_ERR_GOV_NUMBER: {
    retryable: false,
    description: 'A value that must be a whole number (a quorum, a class, seconds, an epoch, a device id) is not one, or is out of range.',
  },
  PINION_ERR_GOV_QUORUM: { retryable: false, description: 'The oracle quorum is not a strict majority of the set the proposal would leave, or exceeds its size.' },
  PINION_ERR_GOV_ORACLE: { retryable: false, description: 'The oracle to add is already in the set, or the oracle to remove or replace is not in it.' },
  PINION_ERR_GOV_MAKER: { retryable: false, description: 'The maker to approve already is approved for the class, or the maker to remove is not.' },
  PINION_ERR_GOV_DEVICE: { retryable: false, description: 'The device is unknown to the registry, already in the state asked for, or its serial does not match.' },
  PINION_ERR_GOV_GUARDIAN: { retryable: false, description: 'The new guardian is the current one.' },
  PINION_ERR_GOV_NO_CHANGE: { retryable: false, description: 'The proposal would set a value to what it already is.' },
  PINION_ERR_GOV_EPOCH: {
    retryable: false,
    description: 'The epoch parameters would take effect from is not after the proposal could execute, or is before a change already scheduled.',
  },
  PINION_ERR_GOV_NOTHING_TO_PROPOSE: { retryable: false, description: 'Every parameter set in the config matches what is in force or scheduled on chain.' },
  PINION_ERR_GOV_CONFIG: { retryable: false, description: 'The config names a kind Pinion does not know.' },
  PINION_ERR_GOV_ACCOUNT: {
    retryable: false,
    description: 'No account to send with: PINION_KEY is unset or malformed, --account is used off the devnet or names no devnet account, or both are given.',
  },
  PINION_ERR_GOV_BELOW_THRESHOLD: {
    retryable: true,
    description: 'The proposer has fewer votes than the proposal threshold (delegate first: votes count from the second after delegating).',
  },
  PINION_ERR_GOV_PROPOSAL_EXISTS: { retryable: false, description: 'The same calls with the same description were already proposed (add --note to propose them again).' },
  PINION_ERR_GOV_PROPOSAL_ID: { retryable: false, description: 'A proposal id is not decimal digits.' },
  PINION_ERR_GOV_UNKNOWN_PROPOSAL: { retryable: false, description: 'No proposal has that id (or starts with those digits).' },
  PINION_ERR_GOV_AMBIGUOUS_PROPOSAL: { retryable: false, description: 'More than one proposal starts with those digits; give more of them.' },
  PINION_ERR_GOV_NOT_ACTIVE: { retryable: true, description: 'A vote on a proposal whose voting is not open: the message says when it opens, or what became of it.' },
  PINION_ERR_GOV_ALREADY_VOTED: { retryable: false, description: 'The account already voted on the proposal.' },
  PINION_ERR_GOV_NO_VOTES: { retryable: false, description: 'The account had no votes at the proposal’s snapshot (it had not delegated, or held no tokens).' },
  PINION_ERR_GOV_NOT_SUCCEEDED: { retryable: true, description: 'Queueing a proposal that has not passed: the message says when voting ends, or what became of it.' },
  PINION_ERR_GOV_NOT_READY: { retryable: true, description: 'Executing a proposal that is not queued, or whose timelock delay has not passed: the message says how long is left.' },
  PINION_ERR_GOV_REVERTED: { retryable: false, description: 'The chain refused the transaction; the message names the contract error and its values.' },
} as const satisfies ErrorCodeTable

export type GovErrorCode = keyof typeof GOV_ERROR_CODES

/** An error of the governance commands: a stable code, a message naming the value and what was expected. */
export class GovError extends PinionError {
  override readonly name = 'GovError'
  declare readonly code: GovErrorCode
  readonly retryable: boolean

  constructor(code: GovErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.retryable = GOV_ERROR_CODES[code].retryable
  }
}
