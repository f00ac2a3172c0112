import { describe, expect, it, vi } from 'vitest'
import { checkKind } from '../src/registry.ts'
import { qualifiedPools } from '../src/qualifiedName.ts'
import { COMMON_REASONS } from '../src/reasons.ts'
import { mobile } from './index.ts'
import { MOBILE_BEHAVIOURS } from './simulate/index.ts'

// The template is what `pinion init --kind mobile` writes; its `defineNetwork` is the CLI's, whose
// own tests check the network's shape. Here: that what the template says about mobile is mobile's.
vi.mock('@pinion/cli', () => ({ defineNetwork: (network: unknown) => network }))

describe('the mobile kind', () => {
  it('keeps the rules every kind keeps: its folder name, a rules version, reasons and pools that qualify cleanly', () => {
    expect(checkKind(mobile, 'mobile')).toBe(mobile)
    expect([mobile.name, mobile.rulesVersion, mobile.payloadTypes, mobile.pools]).toEqual(['mobile', 1, ['heartbeat', 'speedtest', 'data_session'], ['coverage', 'data']])
    expect(qualifiedPools(mobile)).toEqual(['mobile.coverage', 'mobile.data'])
    for (const [code, words] of Object.entries(mobile.reasons)) {
      expect(code in COMMON_REASONS).toBe(false)
      expect(words.length).toBeGreaterThan(20)
    }
    expect(mobile.parseParams(mobile.defaultParams)).toEqual(mobile.defaultParams)
  })

  it('has a template of 30 s epochs whose pools are its qualified pools and the treasury, whose params parse, and whose fleet of 20 it can simulate', async () => {
    const { default: network } = (await import('./template.config.ts')) as unknown as {
      default: {
        epochs: { durationSeconds: number }
        pools: Record<string, number>
        kinds: Record<string, unknown>
        fleet: { devices: number; behaviours: Record<string, number> }
      }
    }
    expect(network.epochs.durationSeconds).toBe(30)
    expect(Object.keys(network.pools)).toEqual([...qualifiedPools(mobile), 'treasury'])
    expect(Object.values(network.pools).reduce((a, b) => a + b)).toBe(10_000)
    expect(Object.keys(network.kinds)).toEqual(['mobile'])
    const params = mobile.parseParams(network.kinds.mobile)
    // Its heartbeat rule keeps Helium's ratio on a 30 s epoch: 12 periods, half of them required.
    expect(30_000n / params.heartbeatPeriodMs).toBe(12n)
    expect(params.minHeartbeatPeriods).toBe(6)
    expect(Object.keys(network.fleet.behaviours).sort()).toEqual([...MOBILE_BEHAVIOURS].sort())
    expect(network.fleet.devices).toBe(20)
    expect(Object.values(network.fleet.behaviours).reduce((a, b) => a + b)).toBe(network.fleet.devices)
  })
})
