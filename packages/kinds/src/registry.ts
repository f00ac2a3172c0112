import { existsSync, readdirSync } from 'node:fs'
import { PinionError } from '@pinion/protocol'
import { importModule } from './importModule.ts'
import type { Kind } from './kind.ts'

/** A kind folder's entry: index.ts in the sources, index.js in the build (dist/), as this file is. */
const INDEX = import.meta.url.endsWith('.ts') ? 'index.ts' : 'index.js'

async function discoverKinds(root: URL): Promise<Map<string, Kind>> {
  const names = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'src' && existsSync(new URL(`${entry.name}/${INDEX}`, root)))
    .map((entry) => entry.name)
    .sort()
  const found = new Map<string, Kind>()
  for (const name of names) {
    const module = (await import(new URL(`${name}/${INDEX}`, root).href)) as Record<string, unknown>
    const kind = module[name] as Kind | undefined
    if (kind === undefined) throw definition(`packages/kinds/${name}/index.ts exports no kind named "${name}"`)
    found.set(name, checkKind(kind, name))
  }
  return found
}

const NAME = /^[a-z][a-z0-9]*$/
const CODE = /^[A-Z][A-Z0-9_]*$/
const POOL = /^[a-z][a-z0-9-]*$/

/** `kind`, once it keeps the rules every kind keeps (names that qualify cleanly, a rules version). */
export function checkKind(kind: Kind, folder: string = kind.name): Kind {
  if (kind.name !== folder || !NAME.test(kind.name))
    throw definition(`the kind in folder "${folder}" is named "${kind.name}"; expected the folder's name, lower-case letters and digits`)
  // The oracle indexes the network's own contracts' events under this name, beside the kinds'.
  if (kind.name === 'network') throw definition('no kind may be named "network": the network\'s own contracts are indexed under that name')
  if (!Number.isSafeInteger(kind.rulesVersion) || kind.rulesVersion < 1)
    throw definition(`kind ${kind.name} has rules version ${kind.rulesVersion}; expected a whole number from 1`)
  for (const code of Object.keys(kind.reasons)) if (!CODE.test(code)) throw definition(`kind ${kind.name} has reason "${code}"; expected UPPER_SNAKE_CASE`)
  for (const pool of kind.pools) if (!POOL.test(pool)) throw definition(`kind ${kind.name} has pool "${pool}"; expected lower-case letters, digits and dashes`)
  for (const [code, reports] of Object.entries(kind.fraud ?? {})) {
    if (!Object.hasOwn(kind.reasons, code)) throw definition(`kind ${kind.name} counts "${code}" as fraud, which is not one of its reasons`)
    if (!Number.isSafeInteger(reports) || reports < 1) throw definition(`kind ${kind.name} counts "${code}" as fraud from ${reports} reports; expected a whole number from 1`)
  }
  return kind
}

/**
 * The kind `name` as it was under rules version `version`: the kind itself at its current version,
 * else the one it keeps in `earlierRules`. An epoch replays under the rules it was computed with.
 */
export function kindUnderRules(kind: Kind, version: number): Kind {
  if (version === kind.rulesVersion) return kind
  const earlier = kind.earlierRules?.get(version)
  if (earlier === undefined) {
    throw new PinionError(
      'PINION_ERR_KIND_RULES',
      `the epoch ran kind ${kind.name} under rules version ${version}, which this build cannot apply (it has ${[kind.rulesVersion, ...(kind.earlierRules?.keys() ?? [])].sort().join(', ')})`,
    )
  }
  return earlier
}

const definition = (message: string) => new PinionError('PINION_ERR_KIND_DEFINITION', message)

const shipped = await discoverKinds(new URL('../', import.meta.url))
const registry = new Map(shipped)

/**
 * Every kind Pinion ships, by name, found rather than listed: each folder of this package with an
 * `index.ts` whose export named after the folder is the kind (packages/kinds/<name>/index.ts exports
 * `const <name>: Kind`). Adding a kind is adding its folder; nothing here changes. A network runs
 * the ones its config names. (A kind imports the interface from ../src/*.ts files, never from
 * this package's entry point, which waits for every kind to load.) Kinds a network brings of its
 * own join them through registerKinds.
 */
export const kinds: ReadonlyMap<string, Kind> = registry

/**
 * The kinds registered in this process so far, as name → module URL, in the environment: a worker
 * thread (an oracle, its epoch computer) starts with a copy of it and its own copy of this module,
 * which registers them again as it loads, so that every thread knows the same kinds by name.
 */
const KIND_MODULES_ENV = 'PINION_KIND_MODULES'
const registeredModules = new Map<string, string>()

/**
 * Adds a network's own kinds to the registry, by name → module: a kind that lives in the network's
 * folder rather than in this package. Each module exports the kind under its name, as a folder of
 * this package does (`export const meter: Kind = { name: 'meter', … }`). A network's
 * pinion.config.ts registers them before it defines the network, so that the config is checked
 * against them:
 *
 *   await registerKinds({ meter: new URL('./kinds/meter/index.ts', import.meta.url) })
 *
 * Registering the same module again does nothing; a name Pinion ships, or one registered from
 * another module, is PINION_ERR_KIND_DEFINITION.
 */
export async function registerKinds(modules: Readonly<Record<string, URL | string>>): Promise<void> {
  for (const [name, module] of Object.entries(modules)) {
    const url = new URL(module)
    if (shipped.has(name)) throw definition(`a network's own kind may not be named "${name}", the name of a kind Pinion ships; choose another`)
    const earlier = registeredModules.get(name)
    if (earlier === url.href) continue
    if (earlier !== undefined) throw definition(`kind "${name}" is registered from ${earlier} already, so it cannot also come from ${url.href}`)
    const kind = (await importModule(url))[name] as Kind | undefined
    if (kind === undefined) throw definition(`${url.href} exports no kind named "${name}" (export const ${name}: Kind = { name: '${name}', … })`)
    registry.set(name, checkKind(kind, name))
    registeredModules.set(name, url.href)
  }
  process.env[KIND_MODULES_ENV] = JSON.stringify(Object.fromEntries(registeredModules))
}

const inherited = process.env[KIND_MODULES_ENV]
if (inherited !== undefined && inherited !== '') await registerKinds(JSON.parse(inherited) as Record<string, string>)
