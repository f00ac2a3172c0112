import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import { DEFAULT_MOBILE_PARAMS } from './params.ts'
import type { Speedtest } from './payload.ts'
import { backhaulOf } from './speedtestTier.ts'

const mbps = (n: number) => BigInt(n) * 1_000_000n
const test = (at: number, download: number, upload: number, latencyMs: number): Speedtest => ({
  serverPublicKey: `0x${'00'.repeat(32)}`,
  testId: `0x${at.toString(16).padStart(4, '0')}`,
  uploadBps: mbps(upload),
  downloadBps: mbps(download),
  latencyMs,
  measuredAtMs: BigInt(at),
  serverSignature: `0x${'00'.repeat(64)}`,
})
const tierOf = (tests: Speedtest[]) => {
  const b = backhaulOf(tests, DEFAULT_MOBILE_PARAMS)
  return [b.tier, b.multiplier]
}

describe("Helium's speedtest multiplier", () => {
  it('needs at least 2 tests', () => {
    expect(tierOf([])).toEqual(['too-few-samples', 0n])
    expect(tierOf([test(1, 500, 50, 10)])).toEqual(['too-few-samples', 0n])
  })

  it('takes the lowest of the download, upload and latency tiers of the averages', () => {
    expect(tierOf([test(1, 100, 10, 49), test(2, 100, 10, 49)])).toEqual(['good', ONE])
    expect(tierOf([test(1, 100, 10, 50), test(2, 100, 10, 50)])).toEqual(['acceptable', (ONE * 3n) / 4n])
    expect(tierOf([test(1, 500, 9, 10), test(2, 500, 9, 10)])).toEqual(['acceptable', (ONE * 3n) / 4n])
    expect(tierOf([test(1, 60, 50, 10), test(2, 60, 50, 10)])).toEqual(['degraded', ONE / 2n])
    expect(tierOf([test(1, 500, 50, 99), test(2, 500, 50, 99)])).toEqual(['poor', ONE / 4n])
    expect(tierOf([test(1, 29, 50, 10), test(2, 29, 50, 10)])).toEqual(['fail', 0n])
    expect(tierOf([test(1, 500, 50, 100), test(2, 500, 50, 100)])).toEqual(['fail', 0n])
    // Averages, not each test: one 20 Mbps test beside one 200 Mbps test averages Good.
    expect(tierOf([test(1, 20, 20, 20), test(2, 200, 20, 20)])).toEqual(['good', ONE])
  })

  it('averages only the latest 6', () => {
    const old = [test(1, 1, 1, 500), test(2, 1, 1, 500)]
    const recent = [3, 4, 5, 6, 7, 8].map((at) => test(at, 150, 15, 20))
    const backhaul = backhaulOf([...old, ...recent], DEFAULT_MOBILE_PARAMS)
    expect([backhaul.samples, backhaul.tier, backhaul.downloadBps]).toEqual([6, 'good', mbps(150)])
    expect(backhaulOf([...recent.slice(0, 5), ...old], DEFAULT_MOBILE_PARAMS).tier).toBe('fail')
  })
})
