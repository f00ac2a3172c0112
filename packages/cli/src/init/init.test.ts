import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { kinds, qualifiedPools } from '@pinion/kinds'
import type { PinionError } from '@pinion/protocol'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/loadConfig.ts'
import { DEFAULT_NETWORK } from '../config/network.ts'
import { kindFleets } from '../config/fleetConfig.ts'
import { TEMPLATE_KINDS, initNetwork, templatePath } from './init.ts'
import { TARBALL_FOLDER, findCheckout, pinionDependencies, pinionVersion, tarballsIn } from './pinionSource.ts'

// Inside the checkout's node_modules, so that the config's `import … from '@pinion/cli'` resolves
// the way it does for a network folder in the checkout.
const scratch = mkdtempSync(join(import.meta.dirname, '../../../../node_modules/.cache-pinion-init-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const codeOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return (error as PinionError).code
  }
  return 'no error'
}

const messageOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return (error as PinionError).message
  }
  return 'no error'
}

describe('pinion init', () => {
  it.each(TEMPLATE_KINDS)('writes a %s network that loads, validates, and whose kind parameters and pools its kind accepts', async (kind) => {
    const dir = join(scratch, kind)
    const result = initNetwork(kind, dir)
    expect(result.wrotePackageJson).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ private: true, type: 'module' })
    const { config } = await loadConfig(undefined, dir)
    expect(Object.keys(config.kinds)).toEqual([kind])
    const theKind = kinds.get(kind)!
    const params = theKind.parseParams(config.kinds[kind])
    expect(theKind.parseParams(params)).toEqual(params)
    for (const pool of qualifiedPools(theKind)) expect(config.pools[pool]).toBeGreaterThan(0)
    const [fleet, ...others] = kindFleets(config)
    expect(others).toEqual([])
    expect(fleet!.kind).toBe(kind)
    expect(Object.keys(fleet!.behaviours)).toContain('honest')
  })

  it("finds each kind's template in the kind's own folder", () => {
    expect(TEMPLATE_KINDS).toEqual(expect.arrayContaining(['uptime', 'wireless']))
    for (const kind of TEMPLATE_KINDS) expect(templatePath(kind)).toBe(join(import.meta.dirname, `../../../kinds/${kind}/template.config.ts`))
  })

  it('the uptime template is exactly the built-in default network', async () => {
    const dir = join(scratch, 'uptime-default')
    initNetwork('uptime', dir)
    const { config } = await loadConfig(undefined, dir)
    expect({ ...config, name: DEFAULT_NETWORK.name }).toEqual(DEFAULT_NETWORK)
  })

  it('never overwrites a config, refuses unknown kinds and a package.json that is not ES modules', () => {
    expect(codeOf(() => initNetwork('wireless', join(scratch, 'wireless')))).toBe('PINION_ERR_INIT_EXISTS')
    expect(codeOf(() => initNetwork('teleport', join(scratch, 'teleport')))).toBe('PINION_ERR_INIT_KIND')
    expect(messageOf(() => initNetwork('teleport', join(scratch, 'teleport')))).toBe(
      `There is no template for --kind teleport: "teleport" is not a kind Pinion knows; the kinds with one: ${TEMPLATE_KINDS.join(', ')}.`,
    )
    const commonJs = join(scratch, 'commonjs')
    initNetwork('uptime', join(commonJs, 'x')) // creates the folder tree
    writeFileSync(join(commonJs, 'package.json'), '{"name":"old"}')
    expect(codeOf(() => initNetwork('uptime', commonJs))).toBe('PINION_ERR_INIT_PACKAGE')
  })

  it('names the Pinion it was given as dependencies, keeps a package.json of ES modules it finds, and ignores what the network installs and runs', () => {
    const version = pinionVersion()
    const fresh = join(scratch, 'from-registry')
    const result = initNetwork('uptime', fresh, () => ({ from: 'registry', version }))
    expect(JSON.parse(readFileSync(result.packageJsonPath, 'utf8'))).toEqual({
      private: true,
      type: 'module',
      dependencies: { '@pinion/cli': version, '@pinion/kinds': version },
    })
    expect(readFileSync(join(fresh, '.gitignore'), 'utf8')).toBe('node_modules/\n.pinion/\n')

    const own = join(scratch, 'own-repository')
    initNetwork('uptime', join(own, 'x')) // creates the folder tree
    writeFileSync(join(own, 'package.json'), JSON.stringify({ name: 'my-network', type: 'module', dependencies: { zod: '4.6.7' } }))
    const tarballs = { '@pinion/cli': `pinion-cli-${version}.tgz`, '@pinion/kinds': `pinion-kinds-${version}.tgz` }
    const merged = initNetwork('uptime', own, (folder) => ({ from: 'tarballs', folder: join(folder, TARBALL_FOLDER), tarballs, packedFrom: 'test' }))
    expect(merged.wrotePackageJson).toBe(false)
    expect(JSON.parse(readFileSync(merged.packageJsonPath, 'utf8'))).toEqual({
      name: 'my-network',
      type: 'module',
      dependencies: { zod: '4.6.7', '@pinion/cli': `file:${TARBALL_FOLDER}/pinion-cli-${version}.tgz`, '@pinion/kinds': `file:${TARBALL_FOLDER}/pinion-kinds-${version}.tgz` },
    })
  })

  it('gives Pinion from tarballs as file: paths in the folder, and refuses a --packages folder without the CLI', () => {
    expect(pinionDependencies({ from: 'tarballs', folder: 'x', tarballs: { '@pinion/kinds': 'k.tgz', '@pinion/cli': 'c.tgz' }, packedFrom: 'test' })).toEqual({
      '@pinion/cli': `file:${TARBALL_FOLDER}/c.tgz`,
      '@pinion/kinds': `file:${TARBALL_FOLDER}/k.tgz`,
    })
    const empty = join(scratch, 'no-tarballs')
    writeFileSync(join(scratch, 'pinion-cli-0.0.1.tgz'), '')
    expect(codeOf(() => tarballsIn(empty, pinionVersion()))).toBe('PINION_ERR_INIT_PACK')
    expect(codeOf(() => tarballsIn(scratch, pinionVersion()))).toBe('PINION_ERR_INIT_PACK') // another version's tarball only
  })

  it('knows it runs from the checkout', () => {
    expect(findCheckout()).toBe(join(import.meta.dirname, '../../../..'))
  })
})
