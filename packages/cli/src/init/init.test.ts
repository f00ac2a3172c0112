import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { kinds, qualifiedPools } from '@pinion/kinds'
import type { PinionError } from '@pinion/protocol'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/loadConfig.ts'
import { DEFAULT_NETWORK } from '../config/network.ts'
import { kindFleets } from '../config/fleetConfig.ts'
import { TEMPLATE_KINDS, initNetwork, templatePath } from './init.ts'

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
    expect(codeOf(() => initNetwork('storage', join(scratch, 'storage')))).toBe('PINION_ERR_INIT_KIND')
    expect(messageOf(() => initNetwork('storage', join(scratch, 'storage')))).toBe(
      `There is no template for --kind storage: "storage" is not a kind Pinion knows; the kinds with one: ${TEMPLATE_KINDS.join(', ')}.`,
    )
    const commonJs = join(scratch, 'commonjs')
    initNetwork('uptime', join(commonJs, 'x')) // creates the folder tree
    writeFileSync(join(commonJs, 'package.json'), '{"name":"old"}')
    expect(codeOf(() => initNetwork('uptime', commonJs))).toBe('PINION_ERR_INIT_PACKAGE')
  })
})
