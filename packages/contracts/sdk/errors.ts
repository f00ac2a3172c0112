import { PinionError } from '@pinion/protocol'

/** Thrown when the anvil devnet cannot be found, started or stopped. */
export class DevnetError extends PinionError {
  override readonly name = 'DevnetError'
}

/** Thrown when deploying or wiring the contracts fails. */
export class DeployError extends PinionError {
  override readonly name = 'DeployError'
}
