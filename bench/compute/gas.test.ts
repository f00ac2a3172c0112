import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { marginal, readComputeGas } from './gas.ts'

describe('bench:compute gas', () => {
  it('reads the committed ComputeMarket snapshot: per bid, settlement, verdict and losing bid', () => {
    const gas = readComputeGas()!
    expect(gas.missing).toEqual([])
    expect(gas.bid).toEqual({ first: 203_290, twentieth: 186_202 })
    expect(gas.settle).toEqual({ released: 76_159, finalized: 49_641 })
    // (256,395 − 80,684) / 19 = 9,248 a verdict; 71,436 is the call's own.
    expect(gas.verdicts).toEqual({ one: 80_684, twenty: 256_395, fault: 133_210, perItem: 9_248, fixed: 71_436 })
    expect(gas.acceptLowest).toEqual({ one: 201_853, twenty: 526_245, perItem: 17_073, fixed: 184_780 })
  })

  it('names the scenarios it cannot find, and gives null for a snapshot that is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinion-compute-gas-'))
    try {
      const path = join(dir, 'ComputeMarket.json')
      expect(readComputeGas(path)).toBeNull()
      writeFileSync(path, JSON.stringify({ 'bid: first on its order': 100, 'bid: 20th on its order': 90, note: 'not gas' }))
      const gas = readComputeGas(path)!
      expect(gas.bid).toEqual({ first: 100, twentieth: 90 })
      expect([gas.settle, gas.verdicts, gas.acceptLowest]).toEqual([null, null, null])
      expect(gas.scenarios).toHaveLength(2)
      expect(gas.missing).toHaveLength(7)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('shares out the difference between two counts, and refuses one count', () => {
    expect(marginal({ items: 1, gas: 100 }, { items: 5, gas: 500 })).toEqual({ perItem: 100, fixed: 0 })
    expect(() => marginal({ items: 2, gas: 1 }, { items: 2, gas: 3 })).toThrow(RangeError)
  })
})
