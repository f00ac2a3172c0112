import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { uptimeParams } from '@pinion/kinds/uptime'
import { wirelessParams } from '@pinion/kinds/wireless'
import type { PinionError } from '@pinion/protocol'
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

  it("checks the economy: the revenue mode and its numbers, the credit price and cap, the slash's share of stake", () => {
    expect(defineNetwork({ economy: { slashing: { stakeBps: 2_500 } } }).economy).toEqual({ ...DEFAULT_NETWORK.economy, slashing: { stakeBps: 2_500 } })
    expect(defineNetwork({ economy: { revenue: { mode: 'net-emissions', capPerEpoch: 800n } } }).economy.revenue).toEqual({ mode: 'net-emissions', capPerEpoch: 800n })
    expect(messageOf(() => defineNetwork({ economy: { revenue: { mode: 'revenue-share', shareBps: 10_001, maxEmissionBps: 0 } } }))).toBe(
      'Invalid network config: economy.revenue.shareBps is 10001, expected whole basis points (0–10,000).',
    )
    expect(messageOf(() => defineNetwork({ economy: { revenue: { mode: 'burn' } as never } }))).toBe(
      'Invalid network config: economy.revenue.mode is "burn", expected "revenue-share" or "net-emissions".',
    )
    expect(messageOf(() => defineNetwork({ economy: { credits: { creditsPerToken: 0n } } }))).toBe(
      'Invalid network config: economy.credits.creditsPerToken is 0n, expected a positive bigint, e.g. 100_000n.',
    )
    expect(messageOf(() => defineNetwork({ economy: { revenue: { mode: 'net-emissions', capPerEpoch: -1n } } }))).toMatch(/economy\.revenue\.capPerEpoch is -1n/)
  })
})

describe("defineNetwork's kinds", () => {
  const errorOf = (f: () => unknown) => {
    try {
      f()
    } catch (error) {
      return `${(error as PinionError).code}: ${(error as Error).message}`
    }
    return 'no error'
  }

  it("take each kind's parameters as plain objects or through the kind's typed helper, and keep them as given", () => {
    const plain = defineNetwork({ kinds: { uptime: { subIntervalMs: 5_000 } } })
    const typed = defineNetwork({ kinds: { uptime: uptimeParams({ subIntervalMs: 5_000 }) } })
    expect(typed).toEqual(plain)
    expect(typed.kinds).toEqual({ uptime: { subIntervalMs: 5_000 } })
    const wireless = defineNetwork({
      pools: { 'wireless.coverage': 9_000, 'wireless.usage': 500, treasury: 500 },
      kinds: { wireless: wirelessParams({ beaconIntervalMs: 5_000n, ring: {} }) },
    })
    expect(wireless.kinds).toEqual({ wireless: { beaconIntervalMs: 5_000n, ring: {} } })
  })

  it("check them when the config loads, with the kind's expectations in the config's words, under the kind's path", () => {
    expect(errorOf(() => defineNetwork({ kinds: { uptime: { subIntervalMs: 0 } } }))).toBe(
      'PINION_ERR_CONFIG_VALUE: Invalid network config: kinds.uptime.subIntervalMs is 0, expected a positive integer number of milliseconds.',
    )
    expect(errorOf(() => defineNetwork({ kinds: { uptime: { subIntervalMs: 3_000, required: { fractionBps: 12_000 } } } }))).toBe(
      'PINION_ERR_CONFIG_VALUE: Invalid network config: kinds.uptime.required.fractionBps is 12000, expected an integer from 1 to 10000.',
    )
    expect(errorOf(() => defineNetwork({ kinds: { teleport: {} } }))).toMatch(
      /^PINION_ERR_CONFIG_UNKNOWN_KEY: Invalid network config: kinds.teleport is an unknown kind, expected one of the kinds Pinion knows: .*uptime/,
    )
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
    writeFileSync(join(dir, 'typo.config.ts'), `import { defineNetwork } from '${networkModule}'\nexport default defineNetwork({ kinds: { uptime: { subIntervalMS: 3000 } } })\n`)
    await expect(loadConfig('typo.config.ts', dir)).rejects.toThrow(
      'Invalid network config: kinds.uptime.subIntervalMS is an unknown key, expected one of subIntervalMs, required, requireLocation, unassertedLocationBps (did you mean `subIntervalMs`?).',
    )
  })
})
