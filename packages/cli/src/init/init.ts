import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { kinds } from '@pinion/kinds'
import { PinionError } from '@pinion/protocol'
import { CONFIG_FILE } from '../config/loadConfig.ts'

/** What a kind's folder holds for `pinion init --kind <kind>`: packages/kinds/<kind>/template.config.ts. */
const TEMPLATE_FILE = 'template.config.ts'

const require = createRequire(import.meta.url)

/** The template of `kind`, in the kind's own folder (found through its entry point, @pinion/kinds/<kind>). */
export function templatePath(kind: string): string {
  return join(dirname(require.resolve(`@pinion/kinds/${kind}`)), TEMPLATE_FILE)
}

/** The kinds `pinion init` has a template for: every kind of the registry whose folder holds one. */
export const TEMPLATE_KINDS: readonly string[] = [...kinds.keys()].filter((kind) => existsSync(templatePath(kind)))

export type InitResult = { configPath: string; wrotePackageJson: boolean }

/**
 * Writes `pinion.config.ts` for a network of `kind` into `dir` (created if missing), and a
 * package.json marking the folder as ES modules when there is none (the config is an ES module).
 * Never overwrites a config: a network's config is its identity.
 */
export function initNetwork(kind: string, dir: string): InitResult {
  if (!TEMPLATE_KINDS.includes(kind)) {
    const why = kinds.has(kind) ? `kind "${kind}" has no template (packages/kinds/${kind}/${TEMPLATE_FILE})` : `"${kind}" is not a kind Pinion knows`
    throw new PinionError('PINION_ERR_INIT_KIND', `There is no template for --kind ${kind}: ${why}; the kinds with one: ${TEMPLATE_KINDS.join(', ')}.`)
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
  writeFileSync(configPath, readFileSync(templatePath(kind), 'utf8'), { flag: 'wx' })
  return { configPath, wrotePackageJson }
}
