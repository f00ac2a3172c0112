import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { PinionError } from '@pinion/protocol'

/**
 * Where a new network's folder gets Pinion from, for its own `npm install`:
 * - `registry`: the npm registry, at this command's version (once Pinion is published);
 * - `tarballs`: package tarballs kept in the folder (`pinion-packages/`), installed by `file:` path;
 *   packed from the checkout this command runs from, or copied from a folder of tarballs
 *   (`--packages`). Until Pinion is published, this is how a network outside the checkout installs it.
 */
export type PinionSource = { from: 'registry'; version: string } | { from: 'tarballs'; folder: string; tarballs: Readonly<Record<string, string>>; packedFrom: string }

/** The folder of a network that holds its Pinion tarballs, beside its package.json. */
export const TARBALL_FOLDER = 'pinion-packages'

const require = createRequire(import.meta.url)

/** This command's package folder (packages/cli in the checkout, node_modules/@pinion/cli installed). */
const cliFolder = () => dirname(realpathSync(require.resolve('@pinion/cli/package.json')))

/** The version of Pinion this command is. */
export const pinionVersion = (): string => (JSON.parse(readFileSync(join(cliFolder(), 'package.json'), 'utf8')) as { version: string }).version

/** The root of the Pinion checkout this command runs from (an npm workspace whose packages include it), if it runs from one. */
export function findCheckout(): string | undefined {
  const root = resolve(cliFolder(), '../..')
  const manifest = join(root, 'package.json')
  if (!existsSync(manifest)) return undefined
  const workspaces = (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces
  return Array.isArray(workspaces) && workspaces.includes('packages/*') ? root : undefined
}

/** The packages of a checkout that are published (every workspace package not marked private), by folder. */
function publishedPackages(root: string): { name: string; folder: string }[] {
  const packages = join(root, 'packages')
  return readdirSync(packages)
    .filter((folder) => existsSync(join(packages, folder, 'package.json')))
    .map((folder) => ({ folder: `packages/${folder}`, manifest: JSON.parse(readFileSync(join(packages, folder, 'package.json'), 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ folder, manifest }) => ({ name: manifest.name, folder }))
}

/**
 * Packs every published package of the checkout at `root` into `destination` with `npm pack`
 * (whose `prepack` builds each one's dist/ first). Returns package name → tarball file name.
 */
export function packCheckout(root: string, destination: string): Record<string, string> {
  mkdirSync(destination, { recursive: true })
  const packages = publishedPackages(root)
  const args = ['pack', '--json', '--pack-destination', destination, ...packages.map(({ folder }) => `--workspace=${folder}`)]
  const npm = spawnSync('npm', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (npm.status !== 0) {
    const why = npm.error?.message ?? `${npm.stderr}`.trim().split('\n').slice(-15).join('\n')
    throw new PinionError('PINION_ERR_INIT_PACK', `npm pack of the checkout at ${root} failed (exit ${npm.status}):\n${why}`)
  }
  const packed = JSON.parse(npm.stdout.slice(npm.stdout.indexOf('['))) as { name: string; filename: string }[]
  return Object.fromEntries(packed.map(({ name, filename }) => [name, filename]))
}

/** The tarballs in `folder`, by package name: every `pinion-<package>-<version>.tgz` of the version `version`. */
export function tarballsIn(folder: string, version: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const file of existsSync(folder) ? readdirSync(folder) : []) {
    const match = /^pinion-([a-z]+)-(.+)\.tgz$/.exec(file)
    if (match !== null && match[2] === version) found[`@pinion/${match[1]}`] = file
  }
  if (found['@pinion/cli'] === undefined) {
    throw new PinionError('PINION_ERR_INIT_PACK', `${resolve(folder)} holds no pinion-cli-${version}.tgz; pack the checkout there (npm run pack:packages) or leave out --packages.`)
  }
  return found
}

/** Copies `tarballs` (file names) from `from` into `to`. */
function copyTarballs(tarballs: Readonly<Record<string, string>>, from: string, to: string): void {
  mkdirSync(to, { recursive: true })
  for (const file of Object.values(tarballs)) copyFileSync(join(from, file), join(to, file))
}

/**
 * The dependencies a network's package.json names for `source`. From tarballs, every package is a
 * direct dependency by `file:` path, so that npm finds each one the others depend on in the folder
 * rather than asking the registry for it.
 */
export function pinionDependencies(source: PinionSource): Record<string, string> {
  if (source.from === 'registry') return { '@pinion/cli': source.version, '@pinion/kinds': source.version }
  return Object.fromEntries(
    Object.entries(source.tarballs)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, file]) => [name, `file:${TARBALL_FOLDER}/${file}`]),
  )
}

/** Says, in a sentence, where the network's `npm install` gets Pinion from. */
export function describeSource(source: PinionSource): string {
  if (source.from === 'registry') return `its npm install takes Pinion ${source.version} from the npm registry`
  return `its npm install takes Pinion from the package tarballs in ${source.folder} (${source.packedFrom}), not from the npm registry`
}

/** How `pinion init` was asked to give the network Pinion: `--packages <dir>`, `--registry`, or neither. */
type SourceChoice = { packages?: string; registry?: boolean }

/**
 * Gives the network folder `folder` Pinion as `choice` asks: tarballs copied from `--packages`, the
 * registry with `--registry`; otherwise tarballs packed from the checkout this command runs from, or
 * the registry when it runs installed.
 */
export function providePinion(choice: SourceChoice, folder: string, say: (line: string) => void = () => {}): PinionSource {
  const version = pinionVersion()
  const into = join(folder, TARBALL_FOLDER)
  if (choice.packages !== undefined) {
    const tarballs = tarballsIn(choice.packages, version)
    copyTarballs(tarballs, choice.packages, into)
    return { from: 'tarballs', folder: into, tarballs, packedFrom: `copied from ${resolve(choice.packages)}` }
  }
  const checkout = choice.registry === true ? undefined : findCheckout()
  if (checkout === undefined) return { from: 'registry', version }
  say(`packing Pinion's packages from the checkout at ${checkout} into ${into} (npm pack, which builds each one's dist/ first)…`)
  return { from: 'tarballs', folder: into, tarballs: packCheckout(checkout, into), packedFrom: `packed from the checkout at ${checkout}` }
}
