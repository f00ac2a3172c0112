import type { GovernedParams } from '@pinion/oracle'
import type { Address } from 'viem'
import { loadConfig } from '../config/loadConfig.ts'
import { localParams } from './paramsPlan.ts'

/** The governed parameter sets of the config at `path` (default ./pinion.config.ts, else the default network). */
export async function loadedParams(path: string | undefined, treasury: Address): Promise<GovernedParams[]> {
  const { config } = await loadConfig(path)
  return localParams(config, treasury)
}
