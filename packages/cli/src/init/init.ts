import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PinionError } from '@pinion/protocol'
import { CONFIG_FILE } from '../config/loadConfig.ts'

/** The kinds `pinion init` has a template for: packages/cli/templates/<kind>.config.ts. */
export const TEMPLATE_KINDS = ['uptime', 'wireless'] as const

const TEMPLATES = new URL('../../templates/', import.meta.url)

export type InitResult = { configPath: string; wrotePackageJson: boolean }

/**
 * Writes `pinion.config.ts` for a network of `kind` into `dir` (created if missing), and a
 * package.json marking the folder as ES modules when there is none (the config is an ES module).
 * Never overwrites a config: a network's config is its identity.
 */
export function initNetwork(kind: string, dir: string): InitResult {
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    throw new PinionError('PINION_ERR_INIT_KIND', `There is no template for kind "${kind}"; expected one of ${TEMPLATE_KINDS.join(', ')}.`)
  }
  const folder = resolve(dir)
  const configPath = join(folder, CONFIG_FILE)
  if (existsSync(configPath)) {
    throw new PinionError('PINION_ERR_INIT_EXISTS', `${configPath} already exists; remove it or choose another --dir.`)
  }
  mkdirSync(folder, { recursive: true })
  const packagePath = join(folder, 'package.json')
  let wrotePackageJson = false
  if (!existsSync(packagePath)) {
    writeFileSync(packagePath, `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`)
    wrotePackageJson = true
  } else if ((JSON.parse(readFileSync(packagePath, 'utf8')) as { type?: string }).type !== 'module') {
    throw new PinionError('PINION_ERR_INIT_PACKAGE', `${packagePath} does not say "type": "module", which pinion.config.ts needs; add it or choose another --dir.`)
  }
  writeFileSync(configPath, readFileSync(new URL(`${kind}.config.ts`, TEMPLATES), 'utf8'), { flag: 'wx' })
  return { configPath, wrotePackageJson }
}
