import { describe, expect, it, vi } from 'vitest'
import { qualifiedPools } from '../src/qualifiedName.ts'
import { COMMON_REASONS } from '../src/reasons.ts'
import { checkKind } from '../src/registry.ts'
import { storage } from './index.ts'
import { STORAGE_BEHAVIOURS } from './simulate.ts'

// The template is what `pinion init --kind storage` writes; its `defineNetwork` is the CLI's.
vi.mock('@pinion/cli', () => ({ defineNetwork: (network: unknown) => network }))

describe('the storage kind', () => {
  it('keeps the rules every kind keeps: its folder name, a rules version, reasons and pools that qualify cleanly', () => {
    expect(checkKind(storage, 'storage')).toBe(storage)
    expect([storage.name, storage.rulesVersion, storage.payloadTypes, storage.pools]).toEqual(['storage', 1, ['possession-proof'], ['proven']])
    expect(qualifiedPools(storage)).toEqual(['storage.proven'])
    for (const [code, words] of Object.entries(storage.reasons)) {
      expect(code in COMMON_REASONS).toBe(false)
      expect(words.length).toBeGreaterThan(20)
    }
    expect(storage.parseParams(storage.defaultParams)).toEqual(storage.defaultParams)
  })

  it('has a template whose pools are its qualified pools and the treasury, whose params parse within its epoch, and whose fleet it can simulate', async () => {
    const { default: network } = (await import('./template.config.ts')) as unknown as {
      default: {
        epochs: { durationSeconds: number }
        pools: Record<string, number>
        kinds: Record<string, unknown>
        fleet: { devices: number; behaviours: Record<string, number> }
      }
    }
    expect(Object.keys(network.pools)).toEqual([...qualifiedPools(storage), 'treasury'])
    expect(Object.values(network.pools).reduce((a, b) => a + b)).toBe(10_000)
    expect(storage.parseParams(network.kinds.storage, { epochMs: BigInt(network.epochs.durationSeconds) * 1000n })).toMatchObject({
      challengesPerProof: 5,
      maxConsecutiveFaults: 3,
    })
    for (const behaviour of Object.keys(network.fleet.behaviours)) expect(STORAGE_BEHAVIOURS).toContain(behaviour)
    expect(Object.values(network.fleet.behaviours).reduce((a, b) => a + b)).toBe(network.fleet.devices)
  })
})
