import {
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Transport,
  type WalletClient,
  getContractAddress,
  publicActions,
  zeroAddress,
} from 'viem'
import {
  deviceRegistryAbi,
  deviceRegistryBytecode,
  emissionsAbi,
  emissionsBytecode,
  pinionTokenAbi,
  pinionTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from '../generated/artifacts.ts'
import { DeployError } from './errors.ts'

export type DeployParams = {
  /** Receives every admin role; defaults to the deployer. Hand it to governance later. */
  admin?: Address
  /** May pause the registry's registrations and location assertions, nothing else; defaults to the admin. */
  guardian?: Address
  token: { name: string; symbol: string; cap: bigint }
  emissions: {
    /** Start of epoch 0, unix seconds. */
    genesisTime: bigint
    epochDuration: bigint
    initialEpochEmission: bigint
    /** Epochs between halvings; 0 for none. */
    halvingInterval: bigint
  }
  oracles: { signers: readonly Address[]; quorum: number }
  registry?: { name?: string; symbol?: string; chargeFeesInToken?: boolean }
}

export type Deployment = {
  chainId: number
  token: Address
  registry: Address
  emissions: Address
  distributor: Address
  /** Block of the last deployment transaction: followers start reading events here. */
  blockNumber: bigint
}

/**
 * Deploys and wires the core contracts: token, reward distributor, emissions (the token's only
 * minter, funding the distributor) and device registry (burning fees in the token). Works on anvil
 * and on any RPC URL.
 *
 * The token fixes its minter at construction, so the emissions address is computed in advance
 * from the deployer's nonce and the four transactions are sent with explicit nonces, then checked.
 */
export async function deploy(
  walletClient: WalletClient<Transport, Chain, Account>,
  params: DeployParams,
): Promise<Deployment> {
  checkParams(params)
  const client = walletClient.extend(publicActions)
  const deployer = walletClient.account.address
  const admin = params.admin ?? deployer
  const nonce = await client.getTransactionCount({ address: deployer, blockTag: 'pending' })
  const addressAt = (offset: number) => getContractAddress({ from: deployer, nonce: BigInt(nonce + offset) })
  const [tokenAddress, distributorAddress, emissionsAddress, registryAddress] = [0, 1, 2, 3].map(addressAt) as [
    Address,
    Address,
    Address,
    Address,
  ]

  const hashes: Hash[] = []
  hashes.push(
    await walletClient.deployContract({
      abi: pinionTokenAbi,
      bytecode: pinionTokenBytecode,
      args: [params.token.name, params.token.symbol, params.token.cap, emissionsAddress, distributorAddress],
      nonce,
    }),
  )
  hashes.push(
    await walletClient.deployContract({
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [tokenAddress, admin, [...params.oracles.signers], params.oracles.quorum],
      nonce: nonce + 1,
    }),
  )
  hashes.push(
    await walletClient.deployContract({
      abi: emissionsAbi,
      bytecode: emissionsBytecode,
      args: [tokenAddress, distributorAddress, params.emissions],
      nonce: nonce + 2,
    }),
  )
  hashes.push(
    await walletClient.deployContract({
      abi: deviceRegistryAbi,
      bytecode: deviceRegistryBytecode,
      args: [
        params.registry?.name ?? `${params.token.name} Device`,
        params.registry?.symbol ?? 'DEVICE',
        admin,
        params.registry?.chargeFeesInToken === false ? zeroAddress : tokenAddress,
        params.guardian ?? admin,
      ],
      nonce: nonce + 3,
    }),
  )

  const expected = [tokenAddress, distributorAddress, emissionsAddress, registryAddress]
  let blockNumber = 0n
  for (const [i, hash] of hashes.entries()) {
    const receipt = await client.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success' || receipt.contractAddress?.toLowerCase() !== expected[i]!.toLowerCase()) {
      throw new DeployError(
        'PINION_ERR_DEPLOY',
        `deployment transaction ${hash} ${receipt.status === 'success' ? `created ${receipt.contractAddress}, expected ${expected[i]}` : 'reverted'}; was another transaction sent from ${deployer} meanwhile?`,
      )
    }
    if (receipt.blockNumber > blockNumber) blockNumber = receipt.blockNumber
  }

  return {
    chainId: walletClient.chain.id,
    token: tokenAddress,
    registry: registryAddress,
    emissions: emissionsAddress,
    distributor: distributorAddress,
    blockNumber,
  }
}

/** Rejects parameters the constructors would revert on, with a message that says why. */
function checkParams(params: DeployParams): void {
  const { signers, quorum } = params.oracles
  const invalid = (message: string) => new DeployError('PINION_ERR_DEPLOY_PARAMS', message)
  if (new Set(signers.map((s) => s.toLowerCase())).size !== signers.length) throw invalid(`oracle signers must be distinct, got ${signers.join(', ')}`)
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > signers.length) {
    throw invalid(`oracle quorum is ${quorum}, expected 1 to ${signers.length} (the number of oracle signers)`)
  }
  if (params.emissions.epochDuration <= 0n) throw invalid(`epochDuration is ${params.emissions.epochDuration}, expected a positive number of seconds`)
  if (params.emissions.initialEpochEmission <= 0n) throw invalid('initialEpochEmission must be positive')
  if (params.token.cap <= 0n) throw invalid('the token cap must be positive')
}
