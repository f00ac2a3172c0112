import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { kinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { CONFIG_FILE } from '../config/loadConfig.ts'
import { type PinionSource, pinionDependencies } from './pinionSource.ts'

/** What a kind's folder holds for `pinion init --kind <kind>`: packages/kinds/<kind>/template.config.ts. */
const TEMPLATE_FILE = 'template.config.ts'

const require = createRequire(import.meta.url)

/** The template of `kind`, in the kind's own folder (found through its entry point, @pinion/kinds/<kind>). */
export function templatePath(kind: string): string {
  return join(dirname(require.resolve(`@pinion/kinds/${kind}`)), TEMPLATE_FILE)
}

/** The kinds `pinion init` has a template for: every kind of the registry whose folder holds one. */
export const TEMPLATE_KINDS: readonly string[] = [...kinds.keys()].filter((kind) => existsSync(templatePath(kind)))

/** What a network folder keeps out of git: its installed packages and its local devnet's state. */
const GITIGNORE = 'node_modules/\n.pinion/\n'

export type InitResult = { configPath: string; packageJsonPath: string; wrotePackageJson: boolean; pinion?: PinionSource }

type PackageJson = { type?: string; dependencies?: Record<string, string> } & Record<string, unknown>

/**
 * Writes `pinion.config.ts` for a network of `kind` into `dir` (created if missing), and a
 * package.json marking the folder as ES modules (the config is one) when there is none. Given
 * `providePinion`, it is called once the folder is known to be usable, and the package.json names
 * the Pinion packages it provides as dependencies, so that the folder's own `npm install` installs
 * Pinion. Never overwrites a config: a network's config is its identity.
 */
export function initNetwork(kind: string, dir: string, providePinion?: (folder: string) => PinionSource): InitResult {
  if (!TEMPLATE_KINDS.includes(kind)) {
    const why = kinds.has(kind) ? `kind "${kind}" has no template (packages/kinds/${kind}/${TEMPLATE_FILE})` : `"${kind}" is not a kind Pinion knows`
    throw new PinionError('PINION_ERR_INIT_KIND', `There is no template for --kind ${kind}: ${why}; the kinds with one: ${TEMPLATE_KINDS.join(', ')}.`)
  }
  const folder = resolve(dir)
  const configPath = join(folder, CONFIG_FILE)
  if (existsSync(configPath)) {
    throw new PinionError('PINION_ERR_INIT_EXISTS', `${configPath} already exists; remove it or choose another --dir.`)
  }
  const packageJsonPath = join(folder, 'package.json')
  const existing = existsSync(packageJsonPath) ? (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as PackageJson) : undefined
  if (existing !== undefined && existing.type !== 'module') {
    throw new PinionError('PINION_ERR_INIT_PACKAGE', `${packageJsonPath} does not say "type": "module", which pinion.config.ts needs; add it or choose another --dir.`)
  }
  mkdirSync(folder, { recursive: true })
  const pinion = providePinion?.(folder)
  const manifest: PackageJson = existing ?? { private: true, type: 'module' }
  if (pinion !== undefined) manifest.dependencies = { ...manifest.dependencies, ...pinionDependencies(pinion) }
  if (existing === undefined || pinion !== undefined) writeFileSync(packageJsonPath, `${JSON.stringify(manifest, null, 2)}\n`)
  if (!existsSync(join(folder, '.gitignore'))) writeFileSync(join(folder, '.gitignore'), GITIGNORE)
  writeFileSync(configPath, readFileSync(templatePath(kind), 'utf8'), { flag: 'wx' })
  return { configPath, packageJsonPath, wrotePackageJson: existing === undefined, ...(pinion === undefined ? {} : { pinion }) }
}
