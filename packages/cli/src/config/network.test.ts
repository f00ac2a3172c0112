import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './loadConfig.ts'
import { DEFAULT_NETWORK, defineNetwork } from './network.ts'

const messageOf = (f: () => unknown) => {
  try {
    f()
  } catch (error) {
    return (error as Error).message
  }
  return 'no error'
}

describe('defineNetwork', () => {
  it('fills every field it is not given with the devnet default', () => {
    const network = defineNetwork({ name: 'Meters', epochs: { durationSeconds: 60 } })
    expect(network.name).toBe('Meters')
    expect(network.epochs).toEqual({ ...DEFAULT_NETWORK.epochs, durationSeconds: 60 })
    expect(network.pools).toEqual(DEFAULT_NETWORK.pools)
  })

  it('names the field, what was given and what was expected', () => {
    expect(messageOf(() => defineNetwork({ pools: { uptime: 9_000, treasury: 500 } }))).toBe(
      'Invalid network config: pools is {"uptime":9000,"treasury":500}, expected basis points adding up to 10,000 (they add up to 9500).',
    )
    expect(messageOf(() => defineNetwork({ oracles: { count: 3, quorum: 4 } }))).toBe(
      'Invalid network config: oracles.quorum is 4, expected an integer from 2 to 3 (a strict majority of the 3 oracles).',
    )
    expect(messageOf(() => defineNetwork({ oracles: { count: 4, quorum: 2 } }))).toBe(
      'Invalid network config: oracles.quorum is 2, expected an integer from 3 to 4 (a strict majority of the 4 oracles).',
    )
    expect(messageOf(() => defineNetwork({ residualPool: 'dao' }))).toBe('Invalid network config: residualPool is "dao", expected one of the pools: uptime.uptime, treasury.')
    expect(messageOf(() => defineNetwork({ token: { cap: 0n } }))).toBe('Invalid network config: token.cap is 0n, expected a positive bigint of whole tokens, e.g. 1_000_000_000n.')
    expect(messageOf(() => defineNetwork({ chain: { rpcUrl: 'ws://x' } }))).toMatch(/chain\.rpcUrl is "ws:\/\/x", expected an http\(s\) URL/)
  })
})

describe('loadConfig', () => {
  it('uses the default network when there is no config file', async () => {
    const { config, source } = await loadConfig(undefined, mkdtempSync(join(tmpdir(), 'pinion-config-')))
    expect(config).toEqual(DEFAULT_NETWORK)
    expect(source).toBe('built-in default network')
  })

  it('loads pinion.config.ts and rejects a file without a default export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-config-'))
    const networkModule = join(import.meta.dirname, 'network.ts')
    writeFileSync(join(dir, 'pinion.config.ts'), `import { defineNetwork } from '${networkModule}'\nexport default defineNetwork({ name: 'Weather' })\n`)
    expect((await loadConfig(undefined, dir)).config.name).toBe('Weather')
    writeFileSync(join(dir, 'bad.config.ts'), 'export const x = 1\n')
    await expect(loadConfig('bad.config.ts', dir)).rejects.toThrow(/must `export default defineNetwork/)
    await expect(loadConfig('missing.config.ts', dir)).rejects.toThrow(/does not exist/)
  })
})
