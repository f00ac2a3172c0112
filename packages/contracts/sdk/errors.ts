import { type ErrorCodeTable, PinionError } from '@pinion/protocol'

/** Every error code the contracts SDK defines; ERRORS.md is generated from it (`npm run generate:errors`). */
export const CONTRACTS_ERROR_CODES = {
  PINION_ERR_ANVIL_UNSUPPORTED: { retryable: false, description: 'anvil has no npm build for this platform and architecture; run on one the message lists.' },
  PINION_ERR_ANVIL_MISSING: { retryable: false, description: 'The anvil binary for this platform is not installed: run `npm install` without `--omit=optional`.' },
  PINION_ERR_DEVNET_START: {
    retryable: true,
    description: 'anvil did not start listening in time, or exited before it did (a port in use, a busy machine); the message carries its output. Starting again may pass.',
  },
  PINION_ERR_DEVNET_STOP: { retryable: false, description: 'anvil did not stop in time and was killed; nothing is left running.' },
  PINION_ERR_DEPLOY_PARAMS: {
    retryable: false,
    description: 'Deploy parameters are invalid (the message names the value and what was expected), or the factory address holds no PinionDeployer.',
  },
  PINION_ERR_DEPLOY: {
    retryable: false,
    description:
      'Deploying or wiring the contracts failed: a transaction reverted, a contract is not where it was deployed, or the deploying account still holds a role it should have handed over.',
  },
  PINION_ERR_RECEIPT_TIMEOUT: {
    retryable: true,
    description:
      'A transaction that was sent had no receipt within the wait (three minutes by default): the chain stopped mining, or dropped it (a fee too low). It may still be mined: look its hash up before sending it again.',
  },
  PINION_ERR_LOG_LEVEL: {
    retryable: false,
    description: '`--log-level` (or a logger option) is not one of trace, debug, info, warn, error, fatal, silent; nothing was started.',
  },
} as const satisfies ErrorCodeTable

export type ContractsErrorCode = keyof typeof CONTRACTS_ERROR_CODES

/** Thrown when the anvil devnet cannot be found, started or stopped. */
export class DevnetError extends PinionError {
  override readonly name = 'DevnetError'
  declare readonly code: ContractsErrorCode

  constructor(code: ContractsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}

/** Thrown when deploying or wiring the contracts fails. */
export class DeployError extends PinionError {
  override readonly name = 'DeployError'
  declare readonly code: ContractsErrorCode

  constructor(code: ContractsErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options)
  }
}
