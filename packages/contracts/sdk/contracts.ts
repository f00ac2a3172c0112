import { type Address, type Client, type GetContractReturnType, getContract } from 'viem'
import {
  creditsAbi,
  deviceRegistryAbi,
  emissionsAbi,
  governedPriceAbi,
  networkParamsAbi,
  pinionGovernorAbi,
  pinionTimelockAbi,
  pinionTokenAbi,
  rewardDistributorAbi,
  stakingAbi,
} from '../generated/artifacts.ts'
import type { Deployment } from './deploy.ts'

type Contract<abi extends readonly unknown[], client extends Client> = GetContractReturnType<abi, client, Address>

/**
 * The contracts of a deployment, as viem contract instances. Spelt out because the declaration
 * build (dist/) cannot serialize a type this large when it is only inferred.
 */
export type PinionContracts<client extends Client> = {
  token: Contract<typeof pinionTokenAbi, client>
  registry: Contract<typeof deviceRegistryAbi, client>
  emissions: Contract<typeof emissionsAbi, client>
  distributor: Contract<typeof rewardDistributorAbi, client>
  params: Contract<typeof networkParamsAbi, client>
  timelock: Contract<typeof pinionTimelockAbi, client>
  governor: Contract<typeof pinionGovernorAbi, client>
  credits: Contract<typeof creditsAbi, client>
  creditPrice: Contract<typeof governedPriceAbi, client>
  staking: Contract<typeof stakingAbi, client>
}

/** Typed viem contract instances for a deployment. */
export function pinionContracts<client extends Client>(deployment: Deployment, client: client): PinionContracts<client> {
  return {
    token: getContract({ abi: pinionTokenAbi, address: deployment.token, client }),
    registry: getContract({ abi: deviceRegistryAbi, address: deployment.registry, client }),
    emissions: getContract({ abi: emissionsAbi, address: deployment.emissions, client }),
    distributor: getContract({ abi: rewardDistributorAbi, address: deployment.distributor, client }),
    params: getContract({ abi: networkParamsAbi, address: deployment.params, client }),
    timelock: getContract({ abi: pinionTimelockAbi, address: deployment.timelock, client }),
    governor: getContract({ abi: pinionGovernorAbi, address: deployment.governor, client }),
    credits: getContract({ abi: creditsAbi, address: deployment.credits, client }),
    /** The GovernedPrice Credits was deployed with (governance may have switched Credits to another source since). */
    creditPrice: getContract({ abi: governedPriceAbi, address: deployment.creditPrice, client }),
    staking: getContract({ abi: stakingAbi, address: deployment.staking, client }),
  }
}
