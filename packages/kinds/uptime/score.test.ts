import { ONE } from '@pinion/protocol'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { DeviceRecord, KindReport } from '../src/kind.ts'
import { DEFAULT_UPTIME_PARAMS, type UptimeParams } from './params.ts'
import { DAY, HOUR, newDevice, signedHeartbeat } from '../../testkit/src/kinds/uptime.ts'
import type { Heartbeat } from './payload.ts'
import { scoreUptime } from './score.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'

function heartbeatsInHours(hours: number[]) {
  const { key, device } = newDevice()
  const reports = hours.map((h, i) => signedHeartbeat(key, BigInt(i + 1), DAY.startMs + BigInt(h) * HOUR + 17n))
  return { device, reports }
}

function score(fleet: Array<{ device: DeviceRecord; reports: KindReport<Heartbeat>[] }>, params: UptimeParams = DEFAULT_UPTIME_PARAMS) {
  const devices = new Map<Hex, DeviceRecord>(fleet.map(({ device }) => [device.deviceId, device]))
  return scoreUptime(
    fleet.flatMap(({ reports }) => reports),
    { epoch: DAY, devices, params, carried: null, inputs: NO_KIND_INPUTS },
  )
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('uptime score', () => {
  it('weighs a device by its distinct hours, and explains it', () => {
    const { device, reports } = heartbeatsInHours(range(20))
    const [share] = score([{ device, reports }])
    expect(share).toEqual({
      deviceId: device.deviceId,
      pool: 'uptime',
      base: 20n * ONE,
      multipliers: [
        { name: 'qualification', value: ONE, why: expect.stringMatching(/^Heartbeats in at least/) },
        { name: 'location', value: ONE, why: 'The device has an asserted location.' },
      ],
      weight: 20n * ONE,
      inputs: {
        subIntervalsCovered: 20,
        subIntervalsRequired: 12,
        subIntervalsInEpoch: 24,
        subIntervalMs: '3600000',
        heartbeats: 20,
        locationAsserted: true,
      },
    })
  })

  it('qualifies at exactly the required count and not one below (multiplier 1 or 0)', () => {
    const [at] = score([heartbeatsInHours(range(12))])
    const [below] = score([heartbeatsInHours(range(11))])
    expect([at!.multipliers[0]!.value, at!.weight]).toEqual([ONE, 12n * ONE])
    expect([below!.multipliers[0]!.value, below!.weight, below!.base]).toEqual([0n, 0n, 11n * ONE])
    expect(below!.multipliers[0]!.why).toMatch(/fewer distinct sub-intervals than required/)
  })

  it('counts many heartbeats in one hour once (a burst earns nothing extra)', () => {
    const [share] = score([heartbeatsInHours([...range(12), 3, 3, 3, 3, 3, 3])])
    expect(share!.inputs).toMatchObject({ subIntervalsCovered: 12, heartbeats: 18 })
    expect(share!.weight).toBe(12n * ONE)
    const [burst] = score([heartbeatsInHours(range(24).map(() => 5))])
    expect(burst!.inputs).toMatchObject({ subIntervalsCovered: 1, heartbeats: 24 })
    expect(burst!.weight).toBe(0n)
  })

  it('applies the unasserted-location multiplier from params, rounding toward zero', () => {
    const { device, reports } = heartbeatsInHours(range(13))
    const params = { ...DEFAULT_UPTIME_PARAMS, unassertedLocationBps: 3_333 }
    const [share] = score([{ device: { ...device, location: null }, reports }], params)
    expect(share!.multipliers[1]).toEqual({ name: 'location', value: (3_333n * ONE) / 10_000n, why: expect.stringMatching(/no asserted location/) })
    expect(share!.weight).toBe((13n * ONE * 3_333n) / 10_000n)
    expect(share!.inputs.locationAsserted).toBe(false)
  })

  it('returns shares ordered by device id whatever the report order, one per device', () => {
    const fleet = range(5).map(() => heartbeatsInHours([0, 1, 2]))
    const forward = score(fleet)
    const backward = score([...fleet].reverse().map(({ device, reports }) => ({ device, reports: [...reports].reverse() })))
    expect(backward).toEqual(forward)
    expect(forward.map((s) => s.deviceId)).toEqual(fleet.map(({ device }) => device.deviceId).sort())
  })

  it('uses sub-intervals in ms on a devnet epoch (60 s, 5 s sub-intervals)', () => {
    const epoch = { ...DAY, endMs: DAY.startMs + 60_000n }
    const { key, device } = newDevice()
    const reports = [0n, 4_999n, 5_000n, 10_000n, 59_999n].map((offset, i) => signedHeartbeat(key, BigInt(i + 1), epoch.startMs + offset))
    const params = { ...DEFAULT_UPTIME_PARAMS, subIntervalMs: 5_000n }
    const [share] = scoreUptime(reports, { epoch, devices: new Map([[device.deviceId, device]]), params, carried: null, inputs: NO_KIND_INPUTS })
    expect(share!.inputs).toMatchObject({ subIntervalsCovered: 4, subIntervalsRequired: 6, subIntervalsInEpoch: 12, heartbeats: 5 })
    expect(share!.weight).toBe(0n)
  })
})
