import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { beaconerUnits, decayPower, witnessUnits } from './hip15.ts'
import { DEFAULT_WIRELESS_PARAMS } from './params.ts'

const p = DEFAULT_WIRELESS_PARAMS
/** A fixed-point value to `digits` decimals, truncated (the table in helium.md §2.4 is rounded to 2–3). */
const approx = (value: bigint, digits: number) => Number((value * 10n ** BigInt(digits)) / ONE) / 10 ** digits

describe('HIP-15 reward units', () => {
  it("match Helium's table (helium.md §2.4)", () => {
    const rows: [number, number, number][] = [
      [1, 0.25, 1.0],
      [4, 1.0, 1.0],
      [5, 1.2, 0.76],
      [8, 1.59, 0.426],
      [14, 1.89, 0.222],
    ]
    for (const [n, beaconer, witness] of rows) {
      expect(Math.abs(approx(beaconerUnits(p, n), 4) - beaconer), `beaconer n=${n}`).toBeLessThan(0.005)
      expect(Math.abs(approx(witnessUnits(p, n), 4) - witness), `witness n=${n}`).toBeLessThan(0.0005)
    }
  })

  it('are exact in fixed point where the decimal is exact, and round toward zero elsewhere', () => {
    expect(beaconerUnits(p, 0)).toBe(0n)
    expect(witnessUnits(p, 0)).toBe(0n)
    expect(beaconerUnits(p, 1)).toBe(ONE / 4n)
    expect(beaconerUnits(p, 3)).toBe((3n * ONE) / 4n)
    expect(beaconerUnits(p, 5)).toBe((12n * ONE) / 10n)
    expect(witnessUnits(p, 5)).toBe((76n * ONE) / 100n)
    expect(decayPower(p, 4)).toBe(4096n * 10n ** 14n) // 0.8^4 = 0.4096 exactly
    expect(beaconerUnits(p, 8)).toBe(2n * ONE - 4096n * 10n ** 14n)
    expect(witnessUnits(p, 8)).toBe((4n * ONE - (ONE - 4096n * 10n ** 14n)) / 8n) // 0.4262
    expect(witnessUnits(p, 3)).toBe(ONE)
  })

  it('never pay the beaconer more than the cap, and pay witnesses less each as they grow', () => {
    for (let n = 1; n <= 60; n++) expect(beaconerUnits(p, n)).toBeLessThanOrEqual(2n * ONE)
    for (let n = 5; n <= 60; n++) expect(witnessUnits(p, n)).toBeLessThan(witnessUnits(p, n - 1))
    expect(beaconerUnits({ ...p, unitCapBps: 15_000 }, 14)).toBe((15n * ONE) / 10n)
  })
})
