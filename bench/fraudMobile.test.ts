import { describe, expect, it } from 'vitest'
import { MOBILE_ADVERSARIES } from '../packages/kinds/mobile/simulate/index.ts'
import { MOBILE_TARGET_PRECISION, MOBILE_TARGET_RECALL, type MobileScenario, formatMobileSummary, runMobileSeed, summariseMobile } from './fraudMobile.ts'

/**
 * A neighbourhood: 20 honest radios and two of each adversary class, one 24 h epoch, in a second or
 * two. Its data pool fills at 1 GB (Helium's 97,000 GB is a whole network's day), so it pays.
 */
const SCENARIO: MobileScenario = {
  seeds: [4],
  epochs: 1,
  honest: 20,
  perClass: { 'location-spoofer': 2, 'speedtest-faker': 2, 'no-service': 2, crowder: 2 },
  params: { dataFullBytes: 1_000_000_000n },
}

describe('bench:fraud, the mobile section', () => {
  it('runs a small seed through the real pipeline, reproducibly, and catches every class without touching honest radios', async () => {
    const first = await runMobileSeed(4, SCENARIO)
    expect(await runMobileSeed(4, SCENARIO)).toEqual(first)
    expect(first.radios).toHaveLength(28)
    expect(first.reports).toBeGreaterThan(28 * 24)
    // Data sessions went through the usage receipts: the carrier's escrow was charged for them.
    expect(first.creditsCharged).toBeGreaterThan(0n)
    for (const r of first.radios.filter((r) => r.behaviour === 'honest')) {
      expect(r.coverage).toBeGreaterThan(0n)
      expect(r.rejections).toEqual({})
    }

    const summary = summariseMobile(SCENARIO, [first])
    expect(summary.classes.map((c) => c.behaviour)).toEqual([...MOBILE_ADVERSARIES])
    for (const c of summary.classes) {
      expect([c.behaviour, c.radios, c.recall, c.precision]).toEqual([c.behaviour, 2, 1, 1])
      expect(c.coverageShare).toBe(0)
    }
    expect(summary.missed).toEqual([])
    // Spoofers, speedtest fakers and crowders really carry subscribers: their data is paid; radios nobody uses earn nothing.
    expect(summary.classes.find((c) => c.behaviour === 'no-service')!.dataShare).toBe(0)
    expect(summary.classes.find((c) => c.behaviour === 'crowder')!.dataShare).toBeGreaterThan(0)
    const text = formatMobileSummary(summary)
    for (const behaviour of MOBILE_ADVERSARIES) expect(text).toContain(behaviour)
    expect(text).toContain('every mobile target met')
  })

  it('names the target a weakened rule misses: paying unserved radios in full lets no-service radios through', async () => {
    const lax = { ...SCENARIO, params: { dataFullBytes: 1_000_000_000n, unservedCoverageBps: 10_000 } }
    const summary = summariseMobile(lax, [await runMobileSeed(4, lax)])
    const noService = summary.classes.find((c) => c.behaviour === 'no-service')!
    expect(noService.recall).toBeLessThan(MOBILE_TARGET_RECALL)
    expect(summary.missed).toContain(`mobile no-service: recall ${noService.recall.toFixed(3)} < ${MOBILE_TARGET_RECALL}`)
    for (const c of summary.classes) expect(c.precision >= MOBILE_TARGET_PRECISION || c.caught === 0).toBe(true)
  })
})
