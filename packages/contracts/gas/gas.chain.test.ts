import { describe, expect, it } from 'vitest'
import { GAS_BARS } from './bars.ts'
import { measureGas } from './scenarios.ts'
import { readSnapshots } from './snapshots.ts'

/**
 * The committed gas snapshots must equal a fresh measurement (gas is deterministic here: fixed
 * keys, RFC 6979 signatures, seeded trees), and every barred operation must stay at or below its
 * bar. After a deliberate change, run `npm run gas` and commit the new snapshots.
 */
describe('gas snapshots', () => {
  it('match a fresh measurement and meet every bar', { timeout: 300_000 }, async () => {
    const measured = await measureGas()
    expect(measured, 'gas drifted from gas-snapshots/*.json: run `npm run gas` and commit').toEqual(readSnapshots())
    for (const [contract, bars] of Object.entries(GAS_BARS)) {
      for (const [operation, bar] of Object.entries(bars)) {
        const gas = measured[contract]?.[operation]
        expect(gas, `${contract}: ${operation} was not measured`).toBeTypeOf('number')
        expect(gas!, `${contract}: ${operation} costs ${gas}, above its bar of ${bar}`).toBeLessThanOrEqual(bar)
      }
    }
  })
})
