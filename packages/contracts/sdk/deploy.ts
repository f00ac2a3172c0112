import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type WalletClient,
  concatHex,
  encodeAbiParameters,
  encodeDeployData,
  getAddress,
  getContractAddress,
  isAddress,
  isHex,
  keccak256,
  publicActions,
  size,
  toHex,
  zeroAddress,
  zeroHash,
} from 'viem'
import {
  creditsAbi,
  creditsBytecode,
  deviceRegistryAbi,
  deviceRegistryBytecode,
  deviceSharesFactoryAbi,
  deviceSharesFactoryBytecode,
  emissionsAbi,
  emissionsBytecode,
  governedPriceAbi,
  governedPriceBytecode,
  networkParamsAbi,
  networkParamsBytecode,
  pinionDeployerAbi,
  pinionDeployerBytecode,
  pinionGovernorAbi,
  pinionGovernorBytecode,
  pinionTimelockAbi,
  pinionTimelockBytecode,
  pinionTokenAbi,
  pinionTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
  rewardSplitFactoryAbi,
  rewardSplitFactoryBytecode,
  stakingAbi,
  stakingBytecode,
} from '../generated/artifacts.ts'
import { kindArtifacts } from '../generated/kinds/index.ts'
import { DEVNET_CREDITS_PER_TOKEN, HELIUM_MAX_PRICE_AGE_SECONDS } from './credits.ts'
import { DeployError } from './errors.ts'
import { waitForReceipt } from './waitForReceipt.ts'

/** Governor and timelock settings. Delays and periods are seconds (the token's clock is timestamps). */
export type GovernanceSettings = {
  /** Between a proposal and the start of its vote. */
  votingDelaySeconds: number
  /** How long a vote lasts. */
  votingPeriodSeconds: number
  /** Between a passed proposal being queued and its execution. */
  timelockDelaySeconds: number
  /** Percent of the supply (at the proposal's snapshot) that must vote for or abstain. */
  quorumPercent: number
  /** Votes needed to propose, in token units (18 decimals). */
  proposalThreshold: bigint
}

/** A devnet proposal passes in about half a minute: vote after 1 s, for 20 s, execute 10 s later. */
export const DEVNET_GOVERNANCE: GovernanceSettings = {
  votingDelaySeconds: 1,
  votingPeriodSeconds: 20,
  timelockDelaySeconds: 10,
  quorumPercent: 4,
  proposalThreshold: 0n,
}

/**
 * Production governance, after Compound's and Uniswap's Governor Bravo deployments: a 2-day review
 * before voting (both), a 7-day vote (Uniswap; Compound 3 days), 4% of the supply for a quorum (both),
 * a 2-day timelock (both), and 0.25% of `supply` to propose (both).
 */
export function productionGovernance(supply: bigint): GovernanceSettings {
  const DAY = 86_400
  return {
    votingDelaySeconds: 2 * DAY,
    votingPeriodSeconds: 7 * DAY,
    timelockDelaySeconds: 2 * DAY,
    quorumPercent: 4,
    proposalThreshold: (supply * 25n) / 10_000n,
  }
}

/** The devnet's dispute window: a root is claimable a few seconds after it is committed. */
export const DEVNET_DISPUTE_WINDOW_SECONDS = 5
/**
 * A network's dispute window: one day, so that a watcher replaying the published inputs and a guardian
 * multisig across time zones can react before a root pays; a daily epoch's root is claimable the day
 * after it is committed.
 */
export const PRODUCTION_DISPUTE_WINDOW_SECONDS = 86_400
/**
 * The devnet's staking periods: unbonded stake waits two minutes (four 30-second devnet epochs: the
 * epoch it was counted in, its root's window and a slash order's window fit inside), and a slash order
 * can be appealed or vetoed for one epoch. Pass it as `DeployParams.staking` for a devnet.
 */
export const DEVNET_STAKING = { unbondingPeriodSeconds: 120, slashDisputeWindowSeconds: 30 } as const
/**
 * A network's unbonding period: 7 days, as the ping kind's PingMarket.UNBONDING_DELAY. Stake outlasts
 * the epoch it was counted in (a day), that epoch's root's dispute window (a day), and a slash order's
 * own window (below), with room to spare; withdrawals also wait for any slash order still pending.
 */
export const PRODUCTION_UNBONDING_PERIOD_SECONDS = 7 * 86_400
/**
 * A network's slash dispute window: two days, twice a root's, so that an owner checking daily can
 * appeal and a guardian multisig across time zones can veto before a punishment takes effect.
 */
export const PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS = 2 * 86_400
/** `Staking.MAX_UNBONDING_PERIOD` and `Staking.MAX_SLASH_DISPUTE_WINDOW`: 30 days each. */
const MAX_STAKING_PERIOD_SECONDS = 30 * 86_400
/** `Staking.MAX_KIND_LENGTH`: the longest kind name a minimum stake is kept for, in bytes. */
const MAX_MINIMUM_KIND_LENGTH = 32
/** `RewardDistributor.MAX_DISPUTE_WINDOW`: 30 days. */
const MAX_DISPUTE_WINDOW_SECONDS = 30 * 86_400
/** `PinionToken.MAX_CAP`: the distributor and the emissions schedule pack amounts in 192 bits. */
const MAX_TOKEN_CAP = (1n << 192n) - 1n

/**
 * The deterministic deployment proxy (Arachnid's CREATE2 factory): anvil and most EVM chains have it
 * at this address, so {PinionDeployer} lands at the same address wherever its bytecode is the same.
 */
export const DETERMINISTIC_DEPLOYMENT_PROXY: Address = '0x4e59b44847b379578588920cA78FbF26c0B4956C'

export type DeployParams = {
  token: {
    name: string
    symbol: string
    cap: bigint
    /** Minted at deployment, counted against the cap: lets the network govern from day one. */
    genesisAllocations?: readonly { holder: Address; amount: bigint }[]
  }
  emissions: {
    /** Start of epoch 0, unix seconds. */
    genesisTime: bigint
    epochDuration: bigint
    initialEpochEmission: bigint
    /** Epochs between halvings; 0 for none. */
    halvingInterval: bigint
  }
  /** The oracle set; the quorum must be a strict majority (`signers/2 < quorum <= signers`). */
  oracles: { signers: readonly Address[]; quorum: number }
  governance: GovernanceSettings
  /** May pause and veto roots, nothing else. Omit for none. */
  guardian?: Address
  /** Seconds between a root's commit and its being claimable (see PRODUCTION_DISPUTE_WINDOW_SECONDS). */
  disputeWindowSeconds: number
  /** The parameter sets in force from epoch 0 (NetworkParams), e.g. `{ name: 'kind/uptime', hash }`. */
  params?: readonly { name: string; hash: Hex }[]
  registry?: {
    name?: string
    symbol?: string
    chargeFeesInToken?: boolean
    /** Makers approved before the registry's roles pass to governance. */
    makers?: readonly { deviceClass: number; maker: Address }[]
  }
  /**
   * The kinds the network runs, by name (e.g. `['uptime', 'ping']`). For each kind with contracts
   * of its own (`packages/contracts/src/kinds/<kind>/`), deploy() deploys every one of them, with
   * the constructor arguments kind contracts take: `(token, registry)`, the network's PinionToken and
   * DeviceRegistry, or, for a contract whose constructor takes three, `(token, registry, distributor)`,
   * the RewardDistributor being the oracle set. A kind without contracts deploys nothing. The kinds
   * are not part of the deployment's namespace: the core contracts' addresses do not depend on them,
   * and running deploy() again with a kind added deploys that kind's contracts beside the network's.
   */
  kinds?: readonly string[]
  /**
   * Service credits (Credits) and their first price source, a GovernedPrice. Every field is optional:
   * - `creditsPerToken` (default DEVNET_CREDITS_PER_TOKEN, 100,000: a token at $1, 1 credit = $0.00001
   *   as Helium's Data Credit), the GovernedPrice's first price;
   * - `maxPriceAgeSeconds` (default HELIUM_MAX_PRICE_AGE_SECONDS, 600), the oldest price accepted
   *   (a GovernedPrice is always fresh; it matters once governance switches to a market-fed source);
   * - `paymentCapPerEpoch` (default 0: no credits for off-chain payments until governance sets a cap),
   *   the most credits payment operators may mint per epoch;
   * - `netEmissionCapPerEpoch` (default 0: net emissions off, the revenue-share mode that is also the
   *   network config's default, in which the oracles pay operators out of the emission and a burn is
   *   not re-minted; a non-zero cap on top of revenue share would pay customers' spend twice), the
   *   most tokens (base units) re-minted per epoch for tokens burnt for credits (HIP-20). Helium's
   *   cap, 1,643.83561643 HNT a day, is 8% of its emission: `initialEpochEmission *
   *   HELIUM_NET_EMISSION_RATIO.numerator / HELIUM_NET_EMISSION_RATIO.denominator`;
   * - `paymentOperators` (default none), granted PAYMENT_OPERATOR_ROLE at construction.
   */
  credits?: {
    creditsPerToken?: bigint
    maxPriceAgeSeconds?: number
    paymentCapPerEpoch?: bigint
    netEmissionCapPerEpoch?: bigint
    paymentOperators?: readonly Address[]
  }
  /** Tells apart two networks deployed by one account with otherwise identical parameters. */
  salt?: Hex
  /**
   * Staking and slashing (Staking): slashed stake goes to the timelock (the treasury) unless burnt.
   * Defaults: a 7-day unbonding period (PRODUCTION_UNBONDING_PERIOD_SECONDS), a 2-day slash dispute
   * window (PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS), slashed stake kept (not burnt), no minimums. A
   * devnet passes DEVNET_STAKING. Each period is at most 30 days.
   */
  staking?: {
    unbondingPeriodSeconds?: number
    slashDisputeWindowSeconds?: number
    burnSlashed?: boolean
    /** Minimum stakes per kind (`Staking.setMinimumStake`), in token base units: the oracle pays nothing below them. */
    minimums?: readonly { kind: string; amount: bigint }[]
  }
  /**
   * A PinionDeployer already on the chain. Needed only where the deterministic deployment proxy is
   * missing: deploy() then creates a PinionDeployer with a plain CREATE (its address depends on the
   * account's nonce) and records it as `Deployment.deployer`; pass it here to resume that deployment.
   */
  factory?: Address
}

export type Deployment = {
  chainId: number
  token: Address
  registry: Address
  emissions: Address
  distributor: Address
  /** NetworkParams: the parameter hashes in force per epoch. */
  params: Address
  /** PinionTimelock: holds every admin role ("governance"). */
  timelock: Address
  /** Credits: service credits bought by burning the token, delegated, settled and spent. */
  credits: Address
  /** The price source Credits was deployed with: a GovernedPrice (governance may switch Credits to another). */
  creditPrice: Address
  governor: Address
  /** The PinionDeployer every contract was deployed through (CREATE3). */
  deployer: Address
  /** Staking: device, operator (delegated) and oracle stake, and slashing. */
  staking: Address
  /** The account that deployed, which holds no role afterwards. */
  deployedBy: Address
  /** Zero when there is no guardian. */
  guardian: Address
  /**
   * Each kind's own contracts, by kind and contract name (`{ ping: { PingMarket: '0x…' } }`): one
   * entry per kind in `DeployParams.kinds`, `{}` for a kind without contracts.
   */
  kinds: Record<string, Record<string, Address>>
  /** RewardSplitFactory: creates reward splits (minimal clones), a device's rewards shared between payees. */
  splitFactory: Address
  /** DeviceSharesFactory: creates a device's ERC-20 shares of its rewards, for the device's owner. */
  sharesFactory: Address
  /** Block of the last deployment transaction: followers start reading events here. */
  blockNumber: bigint
}

/** A kind contract's ABI and creation code, as the build generates them (generated/kinds/). */
type KindArtifact = { abi: Abi; bytecode: Hex }
/** Every kind's contracts, by kind and contract name; generated, so a kind's folder is all it takes. */
const KIND_ARTIFACTS: Readonly<Record<string, Readonly<Record<string, KindArtifact>>>> = kindArtifacts
/** A kind's name, as Kind.name: lower-case letters and digits, starting with a letter. */
const KIND_NAME = /^[a-z][a-z0-9]*$/

/** The contracts of `kind` deploy() deploys, by name: none for a kind without a contracts folder. */
export function kindContractsOf(kind: string): Readonly<Record<string, KindArtifact>> {
  return Object.hasOwn(KIND_ARTIFACTS, kind) ? KIND_ARTIFACTS[kind]! : {}
}

type Wallet = WalletClient<Transport, Chain, Account>

/** Name → what deploy() deploys there, in order. Addresses depend on the name, never on the order. */
const CONTRACT_NAMES = [
  'token',
  'distributor',
  'emissions',
  'registry',
  'params',
  'timelock',
  'governor',
  'creditPrice',
  'credits',
  'splitFactory',
  'sharesFactory',
  'staking',
] as const
type ContractName = (typeof CONTRACT_NAMES)[number]

/**
 * Deploys and wires a network: token, reward distributor, emissions (the token's only minter, funding
 * the distributor), device registry (burning fees in the token), network parameters, governance
 * (a Governor voting with the token, and the timelock that holds every admin role), and the
 * fractional-ownership factories (RewardSplitFactory, DeviceSharesFactory; no roles). Works on anvil
 * and on any RPC URL.
 *
 * Every contract is deployed through a PinionDeployer with CREATE3, so each address depends only on
 * the deploying account and a salt derived from `params` (and `params.salt`): all addresses are known
 * up front (the token names its minter and reward pool, the distributor and parameters name the
 * timelock, the timelock the governor, before any of them exists), and a transaction the account
 * sends meanwhile changes nothing. Running deploy() again with the same params resumes: a contract
 * already at its address is not deployed again, and finished steps are skipped.
 *
 * As its last step, deploy() gives every admin role to the timelock and renounces the account's: the
 * deploying account holds no role anywhere afterwards (see {@link rolesOf}).
 */
export async function deploy(walletClient: Wallet, params: DeployParams): Promise<Deployment> {
  checkParams(params)
  const client = walletClient.extend(publicActions)
  const account = walletClient.account.address
  let blockNumber = 0n
  const sent = async (hash: Hex, what: string) => {
    const receipt = await waitForReceipt(client, hash)
    if (receipt.status !== 'success') throw new DeployError('PINION_ERR_DEPLOY', `${what}: transaction ${hash} reverted`)
    if (receipt.blockNumber > blockNumber) blockNumber = receipt.blockNumber
    return receipt
  }
  const hasCode = async (address: Address) => ((await client.getCode({ address })) ?? '0x') !== '0x'

  const factory = await ensureFactory(walletClient, params.factory, hasCode, sent)
  const namespace = namespaceOf(params)
  const saltOf = (name: string) => keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'string' }], [namespace, name]))
  const predict = (name: string) => client.readContract({ address: factory, abi: pinionDeployerAbi, functionName: 'predict', args: [account, saltOf(name)] })
  const addresses = {} as Record<ContractName, Address>
  for (const name of CONTRACT_NAMES) {
    addresses[name] = await predict(name)
  }

  const guardian = params.guardian ?? zeroAddress
  const credits = creditsSettings(params)
  const allocations = params.token.genesisAllocations ?? []
  const initCodes: Record<ContractName, Hex> = {
    token: encodeDeployData({
      abi: pinionTokenAbi,
      bytecode: pinionTokenBytecode,
      args: [
        params.token.name,
        params.token.symbol,
        params.token.cap,
        addresses.emissions,
        addresses.distributor,
        allocations.map((a) => a.holder),
        allocations.map((a) => a.amount),
      ],
    }),
    distributor: encodeDeployData({
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [addresses.token, addresses.timelock, guardian, [...params.oracles.signers], params.oracles.quorum, BigInt(params.disputeWindowSeconds)],
    }),
    emissions: encodeDeployData({
      abi: emissionsAbi,
      bytecode: emissionsBytecode,
      args: [addresses.token, addresses.distributor, addresses.credits, params.emissions],
    }),
    // The deploying account administers the registry until the last step (to approve makers).
    registry: encodeDeployData({
      abi: deviceRegistryAbi,
      bytecode: deviceRegistryBytecode,
      args: [
        params.registry?.name ?? `${params.token.name} Device`,
        params.registry?.symbol ?? 'DEVICE',
        account,
        params.registry?.chargeFeesInToken === false ? zeroAddress : addresses.token,
        guardian,
      ],
    }),
    params: encodeDeployData({
      abi: networkParamsAbi,
      bytecode: networkParamsBytecode,
      args: [addresses.timelock, params.emissions.genesisTime, params.emissions.epochDuration, [...(params.params ?? [])]],
    }),
    timelock: encodeDeployData({
      abi: pinionTimelockAbi,
      bytecode: pinionTimelockBytecode,
      args: [BigInt(params.governance.timelockDelaySeconds), addresses.governor],
    }),
    governor: encodeDeployData({
      abi: pinionGovernorAbi,
      bytecode: pinionGovernorBytecode,
      args: [
        addresses.token,
        addresses.timelock,
        params.governance.votingDelaySeconds,
        params.governance.votingPeriodSeconds,
        params.governance.proposalThreshold,
        BigInt(params.governance.quorumPercent),
      ],
    }),
    creditPrice: encodeDeployData({
      abi: governedPriceAbi,
      bytecode: governedPriceBytecode,
      args: [addresses.timelock, credits.creditsPerToken],
    }),
    // After the token, distributor and price source it checks are contracts.
    credits: encodeDeployData({
      abi: creditsAbi,
      bytecode: creditsBytecode,
      args: [
        addresses.token,
        addresses.distributor,
        addresses.timelock,
        guardian,
        addresses.creditPrice,
        BigInt(credits.maxPriceAgeSeconds),
        params.emissions.genesisTime,
        params.emissions.epochDuration,
        credits.paymentCapPerEpoch,
        credits.netEmissionCapPerEpoch,
        [...credits.paymentOperators],
      ],
    }),
    // Fractional ownership: both factories check that the contracts they name exist, so they come last.
    splitFactory: encodeDeployData({ abi: rewardSplitFactoryAbi, bytecode: rewardSplitFactoryBytecode, args: [addresses.token, addresses.distributor] }),
    sharesFactory: encodeDeployData({
      abi: deviceSharesFactoryAbi,
      bytecode: deviceSharesFactoryBytecode,
      args: [addresses.token, addresses.registry, addresses.distributor],
    }),
    // After the token, registry and distributor it names (its constructor checks they are contracts).
    staking: encodeDeployData({
      abi: stakingAbi,
      bytecode: stakingBytecode,
      args: [
        addresses.token,
        addresses.registry,
        addresses.distributor,
        addresses.timelock,
        guardian,
        {
          treasury: addresses.timelock,
          unbondingPeriod: BigInt(params.staking?.unbondingPeriodSeconds ?? PRODUCTION_UNBONDING_PERIOD_SECONDS),
          slashDisputeWindow: BigInt(params.staking?.slashDisputeWindowSeconds ?? PRODUCTION_SLASH_DISPUTE_WINDOW_SECONDS),
          burnSlashed: params.staking?.burnSlashed ?? false,
        },
        (params.staking?.minimums ?? []).map((m) => m.kind),
        (params.staking?.minimums ?? []).map((m) => m.amount),
      ],
    }),
  }

  /** Deploys `initCode` under `name`'s salt, unless a contract is already at `address`. */
  const deployOnce = async (name: string, address: Address, initCode: Hex, what: string) => {
    if (await hasCode(address)) return
    const hash = await walletClient.writeContract({ address: factory, abi: pinionDeployerAbi, functionName: 'deploy', args: [saltOf(name), initCode] })
    await sent(hash, `deploying ${what}`)
    if (!(await hasCode(address))) throw new DeployError('PINION_ERR_DEPLOY', `${what} is not at ${address} after deploying it`)
  }
  for (const name of CONTRACT_NAMES) await deployOnce(name, addresses[name], initCodes[name], `the ${name}`)

  // Each kind's own contracts, after the core ones they name: salt `kinds/<kind>/<Name>`, and the
  // constructor arguments kind contracts take, (token, registry), or (token, registry, distributor)
  // for one whose constructor takes three: the RewardDistributor is the oracle set.
  const kinds: Record<string, Record<string, Address>> = {}
  for (const kind of params.kinds ?? []) {
    const deployed: Record<string, Address> = {}
    for (const [name, { abi, bytecode }] of Object.entries(kindContractsOf(kind))) {
      const salted = `kinds/${kind}/${name}`
      const address = await predict(salted)
      const takesOracleSet = abi.find((item): item is Extract<Abi[number], { type: 'constructor' }> => item.type === 'constructor')?.inputs.length === 3
      const args = takesOracleSet ? [addresses.token, addresses.registry, addresses.distributor] : [addresses.token, addresses.registry]
      await deployOnce(salted, address, encodeDeployData({ abi, bytecode, args }), `kind ${kind}'s ${name}`)
      deployed[name] = address
    }
    kinds[kind] = deployed
  }

  // Makers, while the account still administers the registry.
  const registry = { address: addresses.registry, abi: deviceRegistryAbi } as const
  for (const { deviceClass, maker } of params.registry?.makers ?? []) {
    if (await client.readContract({ ...registry, functionName: 'isMaker', args: [deviceClass, maker] })) continue
    await sent(await walletClient.writeContract({ ...registry, functionName: 'addMaker', args: [deviceClass, maker] }), `approving maker ${maker}`)
  }

  // Last: every registry role to the timelock, then the account renounces its own (admin role last).
  const roles = await rolesOfContract(client, addresses.registry, deviceRegistryAbi)
  const adminRole = zeroHash
  for (const { id, name } of roles) {
    if (await client.readContract({ ...registry, functionName: 'hasRole', args: [id, addresses.timelock] })) continue
    await sent(await walletClient.writeContract({ ...registry, functionName: 'grantRole', args: [id, addresses.timelock] }), `granting the registry's ${name} to the timelock`)
  }
  for (const { id, name } of [...roles.filter((r) => r.id !== adminRole), ...roles.filter((r) => r.id === adminRole)]) {
    if (!(await client.readContract({ ...registry, functionName: 'hasRole', args: [id, account] }))) continue
    await sent(await walletClient.writeContract({ ...registry, functionName: 'renounceRole', args: [id, account] }), `renouncing the registry's ${name}`)
  }

  const deployment: Deployment = {
    chainId: walletClient.chain.id,
    ...addresses,
    deployer: factory,
    deployedBy: account,
    guardian,
    kinds,
    blockNumber: blockNumber === 0n ? await client.getBlockNumber() : blockNumber,
  }
  // A deploying account that is also the guardian (the devnet's admin is) keeps the guardian's powers.
  const isGuardianPower = (r: RoleHolding) => r.role === 'guardian()'
  const kept = (await rolesOf(deployment, client)).filter((r) => r.holders.includes('deployer') && !(guardian.toLowerCase() === account.toLowerCase() && isGuardianPower(r)))
  if (kept.length > 0) {
    throw new DeployError('PINION_ERR_DEPLOY', `the deploying account still holds ${kept.map((r) => `${r.contract}.${r.role}`).join(', ')}`)
  }
  return deployment
}

/**
 * The PinionDeployer to deploy through: `factory` when given; else the one the deterministic
 * deployment proxy puts at a fixed address (deployed now if missing); else, on a chain without the
 * proxy, a new one created with a plain CREATE.
 */
async function ensureFactory(
  walletClient: Wallet,
  factory: Address | undefined,
  hasCode: (address: Address) => Promise<boolean>,
  sent: (hash: Hex, what: string) => Promise<{ contractAddress?: Address | null | undefined }>,
): Promise<Address> {
  if (factory !== undefined) {
    if (!(await hasCode(factory))) throw new DeployError('PINION_ERR_DEPLOY_PARAMS', `factory ${factory} has no code; expected a PinionDeployer`)
    return factory
  }
  const deterministic = getContractAddress({ opcode: 'CREATE2', from: DETERMINISTIC_DEPLOYMENT_PROXY, salt: zeroHash, bytecode: pinionDeployerBytecode })
  if (await hasCode(deterministic)) return deterministic
  if (await hasCode(DETERMINISTIC_DEPLOYMENT_PROXY)) {
    await sent(await walletClient.sendTransaction({ to: DETERMINISTIC_DEPLOYMENT_PROXY, data: concatHex([zeroHash, pinionDeployerBytecode]) }), 'deploying the PinionDeployer')
    if (!(await hasCode(deterministic))) throw new DeployError('PINION_ERR_DEPLOY', `the PinionDeployer is not at ${deterministic} after deploying it`)
    return deterministic
  }
  const receipt = await sent(await walletClient.deployContract({ abi: pinionDeployerAbi, bytecode: pinionDeployerBytecode }), 'deploying the PinionDeployer')
  if (!receipt.contractAddress) throw new DeployError('PINION_ERR_DEPLOY', 'the PinionDeployer was not created')
  return getAddress(receipt.contractAddress)
}

/**
 * A hash of everything deployed, so that the same params resume and different params start afresh.
 * The kinds are left out: each kind contract has a salt of its own, and the core contracts' addresses
 * stay those of the same network without kinds.
 */
function namespaceOf(params: DeployParams): Hex {
  const { factory: _, kinds: __, ...deployed } = params
  const canonical = JSON.stringify(deployed, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`
    if (typeof value === 'string' && isAddress(value, { strict: false })) return value.toLowerCase()
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
    }
    return value
  })
  return keccak256(toHex(`pinion:${canonical}`))
}

export type RoleHolder = 'timelock' | 'governor' | 'guardian' | 'deployer' | 'anyone'
export type RoleHolding = {
  contract: 'distributor' | 'registry' | 'params' | 'timelock' | 'staking'
  address: Address
  /** The role constant's name (`DEFAULT_ADMIN_ROLE`, …), or `guardian()` for a Guarded contract's guardian. */
  role: string
  id: Hex
  holders: RoleHolder[]
}

/** Every `*_ROLE` constant of a contract's ABI, with its id. */
async function rolesOfContract(client: { readContract: (args: never) => Promise<unknown> }, address: Address, abi: Abi) {
  const names = abi.flatMap((item) =>
    item.type === 'function' && item.name.endsWith('_ROLE') && item.inputs.length === 0 && item.stateMutability !== 'nonpayable' ? [item.name] : [],
  )
  return Promise.all(names.map(async (name) => ({ name, id: (await client.readContract({ address, abi, functionName: name } as never)) as Hex })))
}

/**
 * Who holds which role on each contract with roles: for every `*_ROLE` constant, whether the
 * timelock, the governor, the guardian, the deploying account, or anyone (the zero address, as the
 * timelock's executor role) holds it; and each Guarded contract's guardian. The token, emissions and
 * governor have no roles (the governor obeys only the timelock).
 */
export async function rolesOf(deployment: Deployment, client: { readContract: (args: never) => Promise<unknown> }): Promise<RoleHolding[]> {
  const candidates: [RoleHolder, Address][] = [
    ['timelock', deployment.timelock],
    ['governor', deployment.governor],
    ['deployer', deployment.deployedBy],
    ['anyone', zeroAddress],
  ]
  if (deployment.guardian !== zeroAddress) candidates.push(['guardian', deployment.guardian])
  const contracts: [RoleHolding['contract'], Address, Abi][] = [
    ['distributor', deployment.distributor, rewardDistributorAbi],
    ['registry', deployment.registry, deviceRegistryAbi],
    ['params', deployment.params, networkParamsAbi],
    ['timelock', deployment.timelock, pinionTimelockAbi],
    ['staking', deployment.staking, stakingAbi],
  ]
  const holdings: RoleHolding[] = []
  for (const [contract, address, abi] of contracts) {
    for (const { name, id } of await rolesOfContract(client, address, abi)) {
      const holders: RoleHolder[] = []
      for (const [holder, account] of candidates) {
        if ((await client.readContract({ address, abi, functionName: 'hasRole', args: [id, account] } as never)) === true) holders.push(holder)
      }
      holdings.push({ contract, address, role: name, id, holders })
    }
  }
  // The guardian of each Guarded contract: the distributor (veto, pause), the registry (pause) and staking (veto, pause).
  for (const [contract, address, abi] of [
    ['distributor', deployment.distributor, rewardDistributorAbi],
    ['registry', deployment.registry, deviceRegistryAbi],
    ['staking', deployment.staking, stakingAbi],
  ] as const) {
    const guardian = (await client.readContract({ address, abi, functionName: 'guardian' } as never)) as Address
    holdings.push({
      contract,
      address,
      role: 'guardian()',
      id: zeroHash,
      holders: candidates.filter(([, account]) => account !== zeroAddress && account.toLowerCase() === guardian.toLowerCase()).map(([holder]) => holder),
    })
  }
  return holdings
}

/** `params.credits` with every default filled in (see DeployParams.credits). */
function creditsSettings(params: DeployParams) {
  const given = params.credits ?? {}
  return {
    creditsPerToken: given.creditsPerToken ?? DEVNET_CREDITS_PER_TOKEN,
    maxPriceAgeSeconds: given.maxPriceAgeSeconds ?? HELIUM_MAX_PRICE_AGE_SECONDS,
    paymentCapPerEpoch: given.paymentCapPerEpoch ?? 0n,
    netEmissionCapPerEpoch: given.netEmissionCapPerEpoch ?? 0n,
    paymentOperators: given.paymentOperators ?? [],
  }
}

/** Rejects parameters the constructors would revert on, with a message that says why. */
function checkParams(params: DeployParams): void {
  const invalid = (message: string) => new DeployError('PINION_ERR_DEPLOY_PARAMS', message)
  const { signers, quorum } = params.oracles
  if (signers.length === 0) throw invalid('at least one oracle signer is needed')
  if (new Set(signers.map((s) => s.toLowerCase())).size !== signers.length) throw invalid(`oracle signers must be distinct, got ${signers.join(', ')}`)
  if (signers.some((s) => s.toLowerCase() === zeroAddress)) throw invalid('an oracle signer is the zero address')
  const majority = Math.floor(signers.length / 2) + 1
  if (!Number.isInteger(quorum) || quorum < majority || quorum > signers.length) {
    throw invalid(
      `oracle quorum is ${quorum}, expected ${majority} to ${signers.length}: a strict majority of the ${signers.length} oracle signers, so that no two disjoint groups can each sign a different root`,
    )
  }
  if (params.emissions.epochDuration <= 0n) throw invalid(`epochDuration is ${params.emissions.epochDuration}, expected a positive number of seconds`)
  if (params.emissions.initialEpochEmission <= 0n) throw invalid('initialEpochEmission must be positive')
  if (params.token.cap <= 0n) throw invalid('the token cap must be positive')
  if (params.token.cap > MAX_TOKEN_CAP) throw invalid(`the token cap is ${params.token.cap}, above the largest allowed, 2^192 - 1`)
  const genesis = (params.token.genesisAllocations ?? []).reduce((sum, a) => {
    if (a.amount < 0n) throw invalid(`the genesis allocation of ${a.holder} is negative`)
    if (a.holder.toLowerCase() === zeroAddress) throw invalid('a genesis allocation goes to the zero address')
    return sum + a.amount
  }, 0n)
  if (genesis > params.token.cap) throw invalid(`genesis allocations total ${genesis}, above the token cap ${params.token.cap}`)

  const g = params.governance
  if (!Number.isInteger(g.votingDelaySeconds) || g.votingDelaySeconds < 0 || g.votingDelaySeconds >= 2 ** 48) {
    throw invalid(`governance.votingDelaySeconds is ${g.votingDelaySeconds}, expected a whole number of seconds below 2^48`)
  }
  if (!Number.isInteger(g.votingPeriodSeconds) || g.votingPeriodSeconds < 1 || g.votingPeriodSeconds >= 2 ** 32) {
    throw invalid(`governance.votingPeriodSeconds is ${g.votingPeriodSeconds}, expected a positive whole number of seconds below 2^32`)
  }
  if (!Number.isInteger(g.timelockDelaySeconds) || g.timelockDelaySeconds < 0) {
    throw invalid(`governance.timelockDelaySeconds is ${g.timelockDelaySeconds}, expected a whole number of seconds`)
  }
  if (!Number.isInteger(g.quorumPercent) || g.quorumPercent < 1 || g.quorumPercent > 100) {
    throw invalid(`governance.quorumPercent is ${g.quorumPercent}, expected a whole percent from 1 to 100`)
  }
  if (g.proposalThreshold < 0n) throw invalid('governance.proposalThreshold must not be negative')

  const w = params.disputeWindowSeconds
  if (!Number.isInteger(w) || w < 0 || w > MAX_DISPUTE_WINDOW_SECONDS) {
    throw invalid(`disputeWindowSeconds is ${w}, expected a whole number of seconds from 0 to ${MAX_DISPUTE_WINDOW_SECONDS} (30 days)`)
  }
  if (params.guardian !== undefined && !isAddress(params.guardian)) throw invalid(`guardian ${params.guardian} is not an address`)

  const names = new Set<string>()
  for (const { name, hash } of params.params ?? []) {
    if (name.length === 0) throw invalid('a network parameter set has an empty name')
    if (names.has(name)) throw invalid(`network parameter set "${name}" is given twice`)
    if (!isHex(hash) || size(hash) !== 32) throw invalid(`network parameter set "${name}" has hash ${hash}, expected 32 bytes`)
    names.add(name)
  }
  if (params.salt !== undefined && !isHex(params.salt)) throw invalid(`salt ${params.salt} is not hex`)

  const credits = creditsSettings(params)
  if (credits.creditsPerToken <= 0n) throw invalid(`credits.creditsPerToken is ${credits.creditsPerToken}, expected a positive number of credits per token`)
  const age = credits.maxPriceAgeSeconds
  if (!Number.isSafeInteger(age) || age < 0) throw invalid(`credits.maxPriceAgeSeconds is ${age}, expected a whole number of seconds`)
  if (credits.paymentCapPerEpoch < 0n) throw invalid('credits.paymentCapPerEpoch must not be negative')
  if (credits.netEmissionCapPerEpoch < 0n || credits.netEmissionCapPerEpoch > MAX_TOKEN_CAP) {
    throw invalid(`credits.netEmissionCapPerEpoch is ${credits.netEmissionCapPerEpoch}, expected 0 (off) to 2^192 - 1 tokens`)
  }
  for (const operator of credits.paymentOperators) {
    if (!isAddress(operator) || operator.toLowerCase() === zeroAddress) throw invalid(`credits payment operator ${operator} is not an address, or is the zero address`)
  }
  checkStakingParams(params.staking, invalid)

  const kinds = new Set<string>()
  for (const kind of params.kinds ?? []) {
    if (!KIND_NAME.test(kind)) throw invalid(`kind "${kind}" is not a kind name, expected lower-case letters and digits starting with a letter`)
    if (kinds.has(kind)) throw invalid(`kind "${kind}" is given twice`)
    kinds.add(kind)
  }
}

/** Rejects staking parameters the Staking constructor would revert on. */
function checkStakingParams(staking: DeployParams['staking'], invalid: (message: string) => Error): void {
  if (staking === undefined) return
  for (const [name, value] of [
    ['staking.unbondingPeriodSeconds', staking.unbondingPeriodSeconds],
    ['staking.slashDisputeWindowSeconds', staking.slashDisputeWindowSeconds],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > MAX_STAKING_PERIOD_SECONDS)) {
      throw invalid(`${name} is ${value}, expected a whole number of seconds from 0 to ${MAX_STAKING_PERIOD_SECONDS} (30 days)`)
    }
  }
  const kinds = new Set<string>()
  for (const { kind, amount } of staking.minimums ?? []) {
    const length = new TextEncoder().encode(kind).length
    if (length === 0 || length > MAX_MINIMUM_KIND_LENGTH) throw invalid(`staking minimum kind "${kind}" is ${length} bytes, expected 1 to ${MAX_MINIMUM_KIND_LENGTH}`)
    if (kinds.has(kind)) throw invalid(`staking minimum kind "${kind}" is given twice`)
    if (amount < 0n) throw invalid(`staking minimum of "${kind}" is negative`)
    kinds.add(kind)
  }
}
