// Entry point of @pinion/cli: what a pinion.config.ts imports, and `up` for programs that embed it.
export { DEFAULT_NETWORK, type NetworkConfig, type NetworkInput, defineNetwork } from './config/network.ts'
// A network's own kinds, registered by its pinion.config.ts before it defines the network.
export { registerKinds } from '@pinion/kinds'
export { type RunningNetwork, type UpOptions, up } from './up/up.ts'
export { CLI_ERROR_CODES, type CliErrorCode } from './errorCodes.ts'
