import type { GovernedParams } from '@pinion/oracle'
import type { Address } from 'viem'
import { loadConfig } from '../config/loadConfig.ts'
import { localParams } from './paramsPlan.ts'

/** The governed parameter sets of the config at `path` (default ./pinion.config.ts, else the default network), for the network `state` describes. */
export async function loadedParams(path: string | undefined, state: { treasury: Address; deployment: { timelock: Address } }): Promise<GovernedParams[]> {
  const { config } = await loadConfig(path)
  return localParams(config, state.treasury, state.deployment.timelock)
}
