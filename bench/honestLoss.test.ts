import { describe, expect, it } from 'vitest'
import { parseWirelessParams } from '../packages/kinds/wireless/params.ts'
import { WITH_SECURE_CONCENTRATORS } from './fraud.ts'
import { PINION_DETECTORS, measureSeed } from './honestLoss.ts'

describe('bench:honest-loss', () => {
  it('measures, for each rule that rejected honest reports, the income it moved off honest hotspots, reproducibly', () => {
    const first = measureSeed(4, 120, 2)
    expect(measureSeed(4, 120, 2)).toEqual(first)
    expect(first.reports).toBeGreaterThan(1_000)
    expect(first.rules.reduce((sum, rule) => sum + rule.reports, 0)).toBeLessThanOrEqual(first.rejected)
    for (const rule of first.rules) {
      expect(rule.detector).toBe((PINION_DETECTORS as readonly string[]).includes(rule.reason))
      expect(rule.incomeMoved).toBeGreaterThanOrEqual(0)
      expect(rule.incomeMoved).toBeLessThanOrEqual(1)
    }
    // Helium's own too-close rule rejects honest neighbours by design, and moves their income.
    expect(first.rules.find((rule) => rule.reason === 'WITNESS_TOO_CLOSE')?.incomeMoved).toBeGreaterThan(0)
  })

  it('finds that secure concentrators leave honest links to the radio model nothing to reject', () => {
    const plain = measureSeed(4, 120, 2)
    const stamped = measureSeed(4, 120, 2, parseWirelessParams(WITH_SECURE_CONCENTRATORS))
    expect(plain.rules.find((rule) => rule.reason === 'RSSI_ABOVE_MODEL')?.reports).toBeGreaterThan(0)
    expect(stamped.rules.some((rule) => rule.reason === 'RSSI_ABOVE_MODEL')).toBe(false)
    expect(stamped.detectorsTogether).toBeLessThanOrEqual(plain.detectorsTogether)
  })
})
