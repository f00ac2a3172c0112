// Entry point of @pinion/contracts.
export * from '../generated/artifacts.ts'
export { kindArtifacts } from '../generated/kinds/index.ts'
export { anvilBinary } from './anvilBinary.ts'
export { chainFor } from './chain.ts'
export {
  DEVNET_CREDITS_PER_TOKEN,
  HELIUM_MAX_PRICE_AGE_SECONDS,
  HELIUM_NET_EMISSION_RATIO,
  HELIUM_USD_PER_CREDIT,
  type PriceUpdate,
  type Receipt,
  type ReceiptSettlement,
  TOKEN_UNIT,
  creditsForTokens,
  creditsPerTokenFromUsd,
  netEmissionOf,
  priceUpdateTypedData,
  receiptSettlementTypedData,
  receiptsHash,
} from './credits.ts'
export { withGasHeadroom } from './gas.ts'
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
export { type ReceiptSource, type WaitForReceiptOptions, waitForReceipt } from './waitForReceipt.ts'
export { mineBlockAt } from './mineBlockAt.ts'
export {
  MAX_SPLIT_PAYEES,
  MAX_SPLIT_TOTAL_SHARES,
  type SplitPayee,
  type SplitState,
  type SplitTerms,
  claimableFrom,
  deviceSharesAddress,
  predictSplit,
  readSplit,
  splitAddress,
  splitCloneSalt,
} from './ownership.ts'
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
  slashOrderDigest,
  slashOrderId,
  slashOrderTypedData,
} from './staking.ts'
