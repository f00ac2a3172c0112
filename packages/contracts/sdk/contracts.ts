import { type Client, getContract } from 'viem'
import { deviceRegistryAbi, emissionsAbi, pinionTokenAbi, rewardDistributorAbi } from '../generated/artifacts.ts'
import type { Deployment } from './deploy.ts'

/** Typed viem contract instances for a deployment. */
export function pinionContracts<client extends Client>(deployment: Deployment, client: client) {
  return {
    token: getContract({ abi: pinionTokenAbi, address: deployment.token, client }),
    registry: getContract({ abi: deviceRegistryAbi, address: deployment.registry, client }),
    emissions: getContract({ abi: emissionsAbi, address: deployment.emissions, client }),
    distributor: getContract({ abi: rewardDistributorAbi, address: deployment.distributor, client }),
  }
}
