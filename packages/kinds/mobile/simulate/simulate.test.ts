import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { KindReport, Share } from '../../src/kind.ts'
import { seededRandom } from '../../src/seededRandom.ts'
import { DEVNET_EPOCH, device, received, registry, scoreContext } from '../fixtures.ts'
import { mobile } from '../index.ts'
import { parseMobileParams } from '../params.ts'
import type { MobilePayload } from '../payload.ts'
import { placeMobileFleet } from './place.ts'
import { simulateMobile, simulateMobileLabelled } from './simulate.ts'

// The template's heartbeat rule on a 30 s epoch: 12 periods of 2.5 s, 6 required.
const params = parseMobileParams({ heartbeatPeriodMs: 2_500n, minHeartbeatPeriods: 6 })
const behaviours = [...Array<string>(10).fill('honest'), ...['location-spoofer', 'speedtest-faker', 'no-service', 'crowder'].flatMap((b) => [b, b, b])]
const placements = placeMobileFleet({ behaviours, params, random: seededRandom(3) })
const devices = behaviours.map((behaviour, i) => ({
  deviceId: device(i + 1).deviceId,
  behaviour,
  location: placements[i]!.asserted,
  actualLocation: placements[i]!.actual,
  antennaGain: placements[i]!.antennaGain,
}))
// The registry: honest radios asserted first (senior), every other after them, in fleet order.
const records = registry(devices.map((d, i) => device(i + 1, d.location)))
const simulate = (seed: number) => simulateMobile({ epoch: DEVNET_EPOCH, devices, params, random: seededRandom(seed) })

/** Runs the kind's rules over one epoch of the fleet: verdict reasons per behaviour, and shares. */
function judge(reports: readonly KindReport<MobilePayload>[]) {
  const ctx = scoreContext(records, params, DEVNET_EPOCH)
  const reasons = new Map<string, Set<string>>()
  const note = (id: string, reason: string) => {
    const behaviour = devices.find((d) => d.deviceId === id)!.behaviour
    if (!reasons.has(behaviour)) reasons.set(behaviour, new Set())
    reasons.get(behaviour)!.add(reason)
  }
  const passed = reports.filter((r) => {
    const verdict = mobile.verify(r, { ...ctx, device: records.get(r.deviceId)! })
    if (!verdict.valid) note(r.deviceId, verdict.reason)
    return verdict.valid
  })
  const epochWide = mobile.verifyEpoch!(passed, ctx, [])
  for (const r of passed) if (epochWide.has(r.reportId)) note(r.deviceId, epochWide.get(r.reportId)!)
  const shares = mobile.score(
    passed.filter((r) => !epochWide.has(r.reportId)),
    ctx,
  )
  return { reasons, shares }
}

const coverageOf = (shares: readonly Share[], behaviour: string) =>
  devices.filter((d) => d.behaviour === behaviour).map((d) => shares.find((s) => s.deviceId === d.deviceId && s.pool === 'coverage'))
const multiplier = (share: Share | undefined, name: string) => share?.multipliers.find((m) => m.name === name)?.value

describe('simulateMobile', () => {
  it('is reproducible from its seed, and sends each radio its reports in time order', () => {
    expect(simulate(1)).toEqual(simulate(1))
    expect(simulate(1)).not.toEqual(simulate(2))
    const reports = simulate(1)
    for (let i = 1; i < reports.length; i++) if (reports[i]!.deviceId === reports[i - 1]!.deviceId) expect(reports[i]!.timestampMs >= reports[i - 1]!.timestampMs).toBe(true)
    const labelled = simulateMobileLabelled({ epoch: DEVNET_EPOCH, devices, params, random: seededRandom(1) })
    expect(labelled.map(({ truth: _, ...r }) => r)).toEqual(reports)
  })

  it('makes honest radios the kind pays, every multiplier ×1 or Acceptable backhaul', () => {
    const { reasons, shares } = judge(received(simulate(1)))
    expect(reasons.get('honest')).toBeUndefined()
    for (const share of coverageOf(shares, 'honest')) {
      expect(share!.weight).toBeGreaterThan(0n)
      for (const name of ['heartbeat', 'locationTrust', 'served', 'rank']) expect([name, multiplier(share, name)]).toEqual([name, ONE])
    }
  })

  it('makes each adversary one the kind catches, with a reason or a multiplier of 0', () => {
    const { reasons, shares } = judge(received(simulate(1)))
    // Spoofers: the validator's fix is far from what they assert (trust 0), or they forge one.
    for (const share of coverageOf(shares, 'location-spoofer')) expect(share === undefined || multiplier(share, 'locationTrust') === 0n).toBe(true)
    for (const reason of reasons.get('location-spoofer') ?? []) expect(['UNTRUSTED_LOCATION_VALIDATOR', 'BAD_LOCATION_SIGNATURE']).toContain(reason)
    // Speedtest fakers: none of their tests counts.
    expect([...reasons.get('speedtest-faker')!].every((r) => ['UNTRUSTED_SPEEDTEST_SERVER', 'BAD_SPEEDTEST_SIGNATURE', 'OUTSIDE_EPOCH'].includes(r))).toBe(true)
    for (const share of coverageOf(shares, 'speedtest-faker')) expect(multiplier(share, 'speedtest')).toBe(0n)
    // Radios nobody uses: served ×0, and their made-up sessions are UNTRUSTED_CARRIER.
    for (const share of coverageOf(shares, 'no-service')) expect(multiplier(share, 'served')).toBe(0n)
    // Crowders: ranked behind the senior honest radio in their hex.
    for (const share of coverageOf(shares, 'crowder')) expect(multiplier(share, 'rank')).toBe(0n)
    for (const behaviour of ['location-spoofer', 'speedtest-faker', 'no-service', 'crowder']) {
      for (const share of coverageOf(shares, behaviour)) expect([behaviour, share?.weight ?? 0n]).toEqual([behaviour, 0n])
    }
  })

  it("shows each forging variant this fleet's device ids pick as its reason (a radio's variant follows its id)", () => {
    const seen = new Set<string>()
    for (const set of judge(received(simulate(1))).reasons.values()) for (const r of set) seen.add(r)
    for (const reason of ['UNTRUSTED_SPEEDTEST_SERVER', 'BAD_SPEEDTEST_SIGNATURE', 'UNTRUSTED_LOCATION_VALIDATOR', 'BAD_LOCATION_SIGNATURE', 'UNTRUSTED_CARRIER']) {
      expect(seen).toContain(reason)
    }
  })
})
