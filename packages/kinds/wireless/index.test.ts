import { describe, expect, it } from 'vitest'
import { keccak256, toBytes } from 'viem'
import { DAY, HOUR, beacon, contextOf, device, witness } from '../../testkit/src/kinds/wireless.ts'
import { NO_KIND_INPUTS } from '../src/inputs.ts'
import type { KindReport } from '../src/kind.ts'
import { wireless } from './index.ts'
import type { WirelessPayload } from './payload.ts'

describe('the wireless kind across rules versions', () => {
  const a = device(0, 0)
  const b = device(3, 0)
  const current = wireless
  const v1 = wireless.earlierRules!.get(1)!
  const v2 = wireless.earlierRules!.get(2)!

  it('runs rules v3 and keeps v1 and v2 for replays, each deciding as its rules say', () => {
    expect([current.rulesVersion, v2.rulesVersion, v1.rulesVersion]).toEqual([3, 2, 1])
    const heard = beacon(a, DAY.startMs + HOUR)
    const offChannel = witness(b, heard, a, { frequencyHz: heard.payload.frequencyHz + 30 })
    const ctx = { epoch: DAY, device: b, params: current.defaultParams, carried: null, inputs: NO_KIND_INPUTS }
    expect([current.verify(offChannel, ctx), v1.verify(offChannel, ctx)]).toEqual([{ valid: true }, { valid: false, reason: 'INVALID_FREQUENCY' }])
  })

  it("hands verifyEpoch the beacons verify rejected under v2 only: a retry in a failed beacon's window counts under v1", () => {
    const failed = beacon(a, DAY.startMs + HOUR, { nonce: 1, data: keccak256(toBytes('made up')) })
    const retry = beacon(a, DAY.startMs + 2n * HOUR, { nonce: 2 })
    const ctx = contextOf([a], { carried: { devices: { [a.deviceId]: { lastBeaconMs: null, lastWitnessMs: DAY.startMs - 1n, lastBeaconWithWitnessMs: null } } } })
    const rejected: KindReport<WirelessPayload>[] = [failed]
    expect(current.verifyEpoch!([retry], ctx, rejected).get(retry.reportId)).toBe('IRREGULAR_INTERVAL')
    expect(v1.verifyEpoch!([retry], ctx, rejected).get(retry.reportId)).toBeUndefined()
  })
})
