import { describe, expect, it, vi } from 'vitest'
import { COMMON_REASONS } from '../src/reasons.ts'
import { qualifiedPools } from '../src/qualifiedName.ts'
import { ping } from './index.ts'
import { PING_BEHAVIOURS } from './simulate.ts'

// The template is what `pinion init --kind ping` writes; its `defineNetwork` is the CLI's, whose own
// tests check the network's shape. Here: that what the template says about ping is ping's.
vi.mock('@pinion/cli', () => ({ defineNetwork: (network: unknown) => network }))

describe('the ping kind', () => {
  it('keeps the rules every kind keeps: its folder name, a rules version, reasons and pools that qualify cleanly', () => {
    expect([ping.name, ping.rulesVersion, ping.payloadTypes, ping.pools]).toEqual(['ping', 1, ['pong'], ['availability', 'service']])
    expect(qualifiedPools(ping)).toEqual(['ping.availability', 'ping.service'])
    for (const [code, words] of Object.entries(ping.reasons)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/)
      expect(code in COMMON_REASONS).toBe(false)
      expect(words.length).toBeGreaterThan(20)
    }
    expect(ping.summary.length).toBeGreaterThan(20)
    expect(ping.parseParams(ping.defaultParams)).toEqual(ping.defaultParams)
  })

  it('has a template whose pools are its qualified pools and the treasury, whose params parse, and whose fleet it can simulate', async () => {
    const { default: network } = (await import('./template.config.ts')) as unknown as {
      default: { pools: Record<string, number>; kinds: Record<string, unknown>; fleet: { devices: number; behaviours: Record<string, number> } }
    }
    expect(Object.keys(network.pools)).toEqual([...qualifiedPools(ping), 'treasury'])
    expect(Object.values(network.pools).reduce((a, b) => a + b)).toBe(10_000)
    expect(Object.keys(network.kinds)).toEqual(['ping'])
    expect(ping.parseParams(network.kinds.ping)).toMatchObject({ challengesPerEpoch: 4, serviceFullRevenue: 500n * 10n ** 18n })
    for (const behaviour of Object.keys(network.fleet.behaviours)) expect(PING_BEHAVIOURS).toContain(behaviour)
    expect(Object.values(network.fleet.behaviours).reduce((a, b) => a + b)).toBe(network.fleet.devices)
  })
})
