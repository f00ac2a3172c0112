import { describe, expect, it } from 'vitest'
import { CELL, DAY_EPOCH, HOUR, device, report } from './fixtures.ts'
import { DEVNET_CARRIER_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import { encodeDataSession, encodeHeartbeat, encodeSpeedtest, signDataSession, signSpeedtest } from './payload.ts'
import { verifyMobileEpoch } from './verifyEpoch.ts'

const radio = device(1, CELL).deviceId
const at = (hours: bigint) => DAY_EPOCH.startMs + hours * HOUR
const heartbeat = (hours: bigint, radioType: 'wifi-indoor' | 'wifi-outdoor', sequence: bigint) => report(radio, at(hours), 'heartbeat', encodeHeartbeat({ radioType }), sequence)
const test = signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, radio, { testId: '0x01', uploadBps: 1n, downloadBps: 1n, latencyMs: 1, measuredAtMs: at(1n) })
const session = signDataSession(DEVNET_CARRIER_KEY, radio, {
  sessionId: '0x02',
  subscriberId: `0x${'03'.repeat(32)}`,
  uploadBytes: 1n,
  downloadBytes: 1n,
  startedAtMs: at(1n),
  endedAtMs: at(1n),
})

describe('verifyMobileEpoch', () => {
  it("keeps a radio's first radio type and refuses heartbeats naming another, whatever order they come in", () => {
    const first = heartbeat(1n, 'wifi-indoor', 1n)
    const switched = heartbeat(2n, 'wifi-outdoor', 2n)
    const back = heartbeat(3n, 'wifi-indoor', 3n)
    for (const order of [
      [first, switched, back],
      [back, switched, first],
    ]) {
      expect([...verifyMobileEpoch(order)]).toEqual([[switched.reportId, 'RADIO_TYPE_CHANGED']])
    }
  })

  it('counts one speedtest and one data session once: the earliest claim stays, every other is a duplicate', () => {
    const tests = [report(radio, at(2n), 'speedtest', encodeSpeedtest(test), 2n), report(radio, at(1n), 'speedtest', encodeSpeedtest(test), 1n)]
    const sessions = [report(radio, at(1n), 'data_session', encodeDataSession(session), 3n), report(radio, at(4n), 'data_session', encodeDataSession(session), 4n)]
    const verdicts = verifyMobileEpoch([...tests, ...sessions])
    expect([...verdicts].sort()).toEqual(
      [
        [tests[0]!.reportId, 'DUPLICATE_SPEEDTEST'],
        [sessions[1]!.reportId, 'DUPLICATE_DATA_SESSION'],
      ].sort(),
    )
  })
})
