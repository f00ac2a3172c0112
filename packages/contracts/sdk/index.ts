// Entry point of @pinion/contracts.
export * from '../generated/artifacts.ts'
export { kindArtifacts } from '../generated/kinds/index.ts'
export { anvilBinary } from './anvilBinary.ts'
export { chainFor } from './chain.ts'
export { pinionContracts } from './contracts.ts'
export {
  DETERMINISTIC_DEPLOYMENT_PROXY,
  DEVNET_DISPUTE_WINDOW_SECONDS,
  DEVNET_GOVERNANCE,
  DEVNET_STAKING,
  type DeployParams,
  type Deployment,
  type GovernanceSettings,
  PRODUCTION_DISPUTE_WINDOW_SECONDS,
  PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS,
  PRODUCTION_UNBONDING_PERIOD_SECONDS,
  type RoleHolder,
  type RoleHolding,
  deploy,
  kindContractsOf,
  productionGovernance,
  rolesOf,
} from './deploy.ts'
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
export { CONTRACTS_ERROR_CODES, type ContractsErrorCode, DeployError, DevnetError } from './errors.ts'
export {
  KeyType,
  type Registration,
  type RewardRoot,
  packOracleSignatures,
  registrationTypedData,
  rewardRootTypedData,
} from './typedData.ts'
export * from './governance.ts'
export {
  SLASH_STATUSES,
  type SlashOrder,
  type SlashStatus,
  SubjectType,
  addressSubject,
  deviceSubject,
  reasonCode,
  reasonText,
  sharesForAmount,
  slashOrderId,
  slashOrderTypedData,
} from './staking.ts'
