// Order properties of the wireless kind. The pipeline hands verifyEpoch and score the epoch's
// reports in canonical order (device id, sequence, report id); these check what that order decides
// and what it must not:
//  - verifyEpoch's "first one counts" rules (beacon windows, duplicate witnesses, router sessions)
//    are per device, so any interleaving of the devices' reports that keeps each device's own
//    order gives the same verdicts as canonical order;
//  - score is a function of the set of valid reports: any order gives the same shares, bit for bit;
//  - both are deterministic: the same input twice gives the same output.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DeviceRecord, KindReport } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { DAY, HOUR, beacon, canonical, contextOf, device, transfer, witness } from '../../testkit/src/kinds/wireless.ts'
import type { WirelessPayload } from './payload.ts'
import { scoreWireless } from './score.ts'
import { verifyWirelessEpoch } from './verifyEpoch.ts'

const SEED = 0x5749_5245 // "WIRE"

/** A random small world: hotspots within 25 km, beacons in a few windows, witnesses (some made up, late or repeated), transfers. */
function randomWorld(seed: number): { devices: DeviceRecord[]; reports: KindReport<WirelessPayload>[] } {
  const random = seededRandom(seed)
  const count = 5 + Math.floor(random() * 8)
  const devices = Array.from({ length: count }, () => device(random() * 25 - 12.5, random() * 25 - 12.5))
  const reports: KindReport<WirelessPayload>[] = []
  devices.forEach((d, i) => {
    for (let window = 0; window < 4; window++) {
      if (random() < 0.2) continue
      const at = DAY.startMs + BigInt(window) * 6n * HOUR + BigInt(Math.floor(random() * 5 * 3_600_000))
      const own = beacon(d, at, { nonce: seed * 100 + i * 10 + window })
      reports.push(own)
      if (random() < 0.1) reports.push(beacon(d, at + 1_000n, { nonce: seed * 100 + i * 10 + window + 5 })) // a second in the window
      for (const w of devices) {
        if (w === d || random() < 0.3) continue
        const offsetDeciDb = random() < 0.15 ? Math.round(random() * 300 - 150) : Math.round(random() * 40 - 20)
        const lagMs = random() < 0.05 ? 5_000n : BigInt(50 + Math.floor(random() * 400))
        reports.push(witness(w, own, d, { offsetDeciDb, lagMs }))
        if (random() < 0.05) reports.push(witness(w, own, d, { offsetDeciDb: offsetDeciDb + 10, lagMs: lagMs + 1n }))
      }
    }
    if (random() < 0.3) reports.push(transfer(d, { sessionId: `0x${(i % 3).toString(16).padStart(2, '0')}` }))
  })
  return { devices, reports }
}

/** Interleaves the devices' reports at random, each device's in canonical order. */
function interleave(reports: readonly KindReport<WirelessPayload>[], seed: number): KindReport<WirelessPayload>[] {
  const random = seededRandom(seed)
  const queues = new Map<string, KindReport<WirelessPayload>[]>()
  for (const r of canonical(reports)) {
    const queue = queues.get(r.deviceId)
    if (queue === undefined) queues.set(r.deviceId, [r])
    else queue.push(r)
  }
  const live = [...queues.values()]
  const out: KindReport<WirelessPayload>[] = []
  while (live.length > 0) {
    const k = Math.floor(random() * live.length)
    out.push(live[k]!.shift()!)
    if (live[k]!.length === 0) live.splice(k, 1)
  }
  return out
}

function shuffle<item>(items: readonly item[], seed: number): item[] {
  const random = seededRandom(seed)
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

const sorted = (map: ReadonlyMap<string, string>) => [...map].sort(([a], [b]) => (a < b ? -1 : 1))

describe('wireless kind order properties', () => {
  it('verifyEpoch gives the same verdicts for any interleaving that keeps each device’s order, and is deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 0xffff_ffff }), (worldSeed, orderSeed) => {
        const { devices, reports } = randomWorld(worldSeed)
        const ctx = contextOf(devices)
        const reference = verifyWirelessEpoch(canonical(reports), ctx)
        expect(sorted(verifyWirelessEpoch(canonical(reports), ctx))).toEqual(sorted(reference))
        expect(sorted(verifyWirelessEpoch(interleave(reports, orderSeed), ctx))).toEqual(sorted(reference))
      }),
      { seed: SEED, numRuns: 40 },
    )
  })

  it('score gives the same shares, bit for bit, for the valid reports in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 0xffff_ffff }), (worldSeed, orderSeed) => {
        const { devices, reports } = randomWorld(worldSeed)
        const ctx = contextOf(devices)
        const invalid = verifyWirelessEpoch(canonical(reports), ctx)
        const valid = canonical(reports).filter((r) => !invalid.has(r.reportId))
        const reference = scoreWireless(valid, ctx)
        expect(scoreWireless(shuffle(valid, orderSeed), ctx)).toEqual(reference)
        expect(scoreWireless(valid, ctx)).toEqual(reference)
      }),
      { seed: SEED, numRuns: 40 },
    )
  })
})
