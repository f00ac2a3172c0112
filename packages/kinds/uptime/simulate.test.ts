import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { seededRandom } from '../src/seededRandom.ts'
import { DEFAULT_UPTIME_PARAMS } from './params.ts'
import { DAY, HOUR } from '../../testkit/src/kinds/uptime.ts'
import { decodeUptimePayload } from './payload.ts'
import { UPTIME_BEHAVIOURS, simulateUptime } from './simulate.ts'

const id = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
const devices = UPTIME_BEHAVIOURS.map((behaviour, i) => ({ deviceId: id(i + 1), behaviour, location: null }))
const simulate = (seed: number) => simulateUptime({ epoch: DAY, devices, params: DEFAULT_UPTIME_PARAMS, random: seededRandom(seed) })
const hourOf = (t: bigint) => Number((t - DAY.startMs) / HOUR)

describe('uptime simulate', () => {
  it('is deterministic given the random source', () => {
    expect(simulate(9)).toEqual(simulate(9))
    expect(simulate(9)).not.toEqual(simulate(10))
  })

  it('gives each behaviour its heartbeats, as real encoded payloads', () => {
    const reports = simulate(1)
    const of = (n: number) => reports.filter((r) => r.deviceId === id(n))
    const [honest, flaky, offline, burst, skew] = [1, 2, 3, 4, 5].map(of)
    for (const report of reports) {
      expect(report.payloadType).toBe('heartbeat')
      expect(decodeUptimePayload('heartbeat', report.payload).firmwareVersion).toBe('pinion-sim/1')
    }
    expect(honest!.map((r) => hourOf(r.timestampMs))).toEqual(Array.from({ length: 24 }, (_, h) => h))
    for (const r of honest!) expect((r.timestampMs - DAY.startMs) % HOUR < HOUR / 10n).toBe(true) // small jitter
    expect(flaky!.length).toBeGreaterThan(0)
    expect(flaky!.length).toBeLessThan(24)
    expect(offline).toEqual([])
    expect(burst!).toHaveLength(24)
    expect(new Set(burst!.map((r) => hourOf(r.timestampMs))).size).toBe(1)
    expect(skew!).toHaveLength(24)
    for (const r of skew!) expect(r.timestampMs < DAY.startMs || r.timestampMs >= DAY.endMs).toBe(true)
  })

  it('spreads flaky devices around the qualification line', () => {
    const flaky = Array.from({ length: 200 }, (_, i) => ({ deviceId: id(i + 1), behaviour: 'flaky', location: null }))
    const reports = simulateUptime({ epoch: DAY, devices: flaky, params: DEFAULT_UPTIME_PARAMS, random: seededRandom(3) })
    const counts = new Map<Hex, number>()
    for (const r of reports) counts.set(r.deviceId, (counts.get(r.deviceId) ?? 0) + 1)
    const qualifying = flaky.filter((d) => (counts.get(d.deviceId) ?? 0) >= 12).length
    expect(qualifying).toBeGreaterThan(40)
    expect(qualifying).toBeLessThan(160)
  })

  it('keeps jitter inside a short last sub-interval, and refuses unknown behaviours and absurd sizes', () => {
    const epoch = { ...DAY, endMs: DAY.startMs + 61_000n }
    const params = { ...DEFAULT_UPTIME_PARAMS, subIntervalMs: 5_000n }
    const reports = simulateUptime({ epoch, devices: [devices[0]!], params, random: seededRandom(5) })
    expect(reports).toHaveLength(13)
    for (const r of reports) expect(r.timestampMs < epoch.endMs).toBe(true)
    expect(() =>
      simulateUptime({ epoch: DAY, devices: [{ deviceId: id(1), behaviour: 'sleepy', location: null }], params: DEFAULT_UPTIME_PARAMS, random: seededRandom(1) }),
    ).toThrow('uptime has no behaviour "sleepy"; expected one of honest, flaky, offline, burst, clock-skew')
    expect(() => simulateUptime({ epoch: DAY, devices: [devices[0]!], params: { ...params, subIntervalMs: 1n }, random: seededRandom(1) })).toThrow(/86400000 sub-intervals/)
  })
})
