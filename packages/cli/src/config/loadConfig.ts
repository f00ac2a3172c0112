import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { importModule } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { type NetworkConfig, defineNetwork, validateNetwork } from './network.ts'

export const CONFIG_FILE = 'pinion.config.ts'

/**
 * Loads the network from `path` (default ./pinion.config.ts). No file means the default devnet
 * network. The file's default export must come from `defineNetwork`.
 */
export async function loadConfig(path?: string, cwd = process.cwd()): Promise<{ config: NetworkConfig; source: string }> {
  const file = resolve(cwd, path ?? CONFIG_FILE)
  if (!existsSync(file)) {
    if (path !== undefined) throw new PinionError('PINION_ERR_CONFIG', `Config file ${file} does not exist.`)
    return { config: defineNetwork(), source: 'built-in default network' }
  }
  // TypeScript: the built command (dist/) registers a loader for it first.
  const module = (await importModule(pathToFileURL(file))) as { default?: unknown }
  const config = module.default
  if (typeof config !== 'object' || config === null) {
    throw new PinionError('PINION_ERR_CONFIG', `${file} must \`export default defineNetwork({ … })\`; its default export is ${typeof config}.`)
  }
  validateNetwork(config as NetworkConfig)
  return { config: config as NetworkConfig, source: file }
}
