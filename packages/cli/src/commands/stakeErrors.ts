import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/**
 * Every error code of `pinion stake` besides the governance commands' it shares (an address, a device
 * id, the account to send from, a transaction the chain refuses: gov/errors.ts). Part of
 * CLI_ERROR_CODES (../errorCodes.ts), from which ERRORS.md is generated.
 */
export const STAKE_ERROR_CODES = {
  PINION_ERR_STAKE_TARGET: {
    retryable: false,
    description: 'What to stake for is missing or ambiguous: `bond` takes one of --device <id>, --operator, --oracle; `unbond` also --delegation <operator>.',
  },
  PINION_ERR_STAKE_AMOUNT: {
    retryable: false,
    description:
      'An amount is not a positive number of tokens (at most 18 decimals), or is more than the account holds (to bond) or has bonded (to unbond); the message says which.',
  },
  PINION_ERR_STAKE_COMMISSION: {
    retryable: false,
    description: 'A commission is not a percentage from 0 to 100 with at most two decimals (it is kept in basis points).',
  },
  PINION_ERR_STAKE_NO_STAKING: {
    retryable: false,
    description: 'The network was deployed by an earlier Pinion, without Staking; deploy it again (on a devnet, delete the data directory).',
  },
} as const satisfies ErrorCodeTable

export type StakeErrorCode = keyof typeof STAKE_ERROR_CODES

/** An error of `pinion stake`: a stable code, a message naming the value and what was expected. */
export class StakeError extends PinionError {
  override readonly name = 'StakeError'
  declare readonly code: StakeErrorCode
  readonly retryable: boolean

  constructor(code: StakeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
    this.retryable = STAKE_ERROR_CODES[code].retryable
  }
}
