import { existsSync, readdirSync } from 'node:fs'
import { PinionError } from '@pinion/protocol'
import type { Kind } from './kind.ts'

async function discoverKinds(root: URL): Promise<Map<string, Kind>> {
  const names = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'src' && existsSync(new URL(`${entry.name}/index.ts`, root)))
    .map((entry) => entry.name)
    .sort()
  const found = new Map<string, Kind>()
  for (const name of names) {
    const module = (await import(new URL(`${name}/index.ts`, root).href)) as Record<string, unknown>
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

/**
 * Every kind Pinion ships, by name, found rather than listed: each folder of this package with an
 * `index.ts` whose export named after the folder is the kind (packages/kinds/<name>/index.ts exports
 * `const <name>: Kind`). Adding a kind is adding its folder; nothing here changes. A network runs
 * the ones its config names. (A kind imports the interface from ../src/*.ts files, never from
 * this package's entry point, which waits for every kind to load.)
 */
export const kinds: ReadonlyMap<string, Kind> = await discoverKinds(new URL('../', import.meta.url))
