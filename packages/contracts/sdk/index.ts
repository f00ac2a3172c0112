// Entry point of @pinion/contracts.
export * from '../generated/artifacts.ts'
export { anvilBinary } from './anvilBinary.ts'
export { chainFor } from './chain.ts'
export { pinionContracts } from './contracts.ts'
export { type DeployParams, type Deployment, deploy } from './deploy.ts'
export {
  DEVNET_CHAIN_ID,
  DEVNET_HARDFORK,
  DEVNET_MNEMONIC,
  type Devnet,
  type DevnetOptions,
  devnetAccounts,
  devnetPrivateKey,
  startDevnet,
} from './devnet.ts'
export { DeployError, DevnetError } from './errors.ts'
export {
  KeyType,
  type Registration,
  type RewardRoot,
  packOracleSignatures,
  registrationTypedData,
  rewardRootTypedData,
} from './typedData.ts'
