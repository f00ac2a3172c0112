import { ONE } from '@pinion/protocol'
import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { CELL, CELL_2KM, DAY_EPOCH, DEVNET_EPOCH, HOUR, device, registry, report, scoreContext } from './fixtures.ts'
import { DEVNET_CARRIER_KEY, DEVNET_LOCATION_VALIDATOR_KEY, DEVNET_SPEEDTEST_SERVER_KEY } from './infrastructure.ts'
import { DEFAULT_MOBILE_PARAMS, parseMobileParams } from './params.ts'
import { encodeDataSession, encodeHeartbeat, encodeSpeedtest, signDataSession, signLocationFix, signSpeedtest } from './payload.ts'
import type { RadioType } from './radioType.ts'
import { scoreMobile } from './score.ts'

type Radio = { n: number; hours?: number; fixAt?: bigint; downloadMbps?: number; subscribers?: number; radioType?: RadioType; tests?: number }

/** A day of one radio's reports: a heartbeat in each of its first `hours` hours, `tests` speedtests, sessions of `subscribers` subscribers. */
function day({ n, hours = 24, fixAt = CELL, downloadMbps = 150, subscribers = 3, radioType = 'wifi-indoor', tests = 6 }: Radio) {
  const id = device(n).deviceId
  let sequence = 0n
  const out = []
  for (let h = 0; h < hours; h++) {
    const at = DAY_EPOCH.startMs + BigInt(h) * HOUR + 60_000n
    const locationFix = signLocationFix(DEVNET_LOCATION_VALIDATOR_KEY, id, { cell: fixAt, validatedAtMs: at })
    out.push(report(id, at, 'heartbeat', encodeHeartbeat({ radioType, locationFix }), ++sequence))
  }
  for (let k = 0; k < tests; k++) {
    const at = DAY_EPOCH.startMs + BigInt(k) * 4n * HOUR
    const test = signSpeedtest(DEVNET_SPEEDTEST_SERVER_KEY, id, {
      testId: `0x0${k}`,
      uploadBps: 20_000_000n,
      downloadBps: BigInt(downloadMbps) * 1_000_000n,
      latencyMs: 20,
      measuredAtMs: at,
    })
    out.push(report(id, at, 'speedtest', encodeSpeedtest(test), ++sequence))
  }
  for (let k = 0; k < subscribers; k++) {
    const at = DAY_EPOCH.startMs + HOUR
    const session = signDataSession(DEVNET_CARRIER_KEY, id, {
      sessionId: `0x1${k}`,
      subscriberId: `0x${(k + 1).toString(16).padStart(64, '0')}`,
      uploadBytes: 1_000_000n,
      downloadBytes: 9_000_000n,
      startedAtMs: at,
      endedAtMs: at + 1n,
    })
    out.push(report(id, at + 1n, 'data_session', encodeDataSession(session), ++sequence))
  }
  return out
}

const multipliers = (shares: ReturnType<typeof scoreMobile>, n: number) =>
  Object.fromEntries(shares.find((s) => s.deviceId === device(n).deviceId && s.pool === 'coverage')!.multipliers.map((m) => [m.name, m.value]))
const weight = (shares: ReturnType<typeof scoreMobile>, n: number, pool = 'coverage') => shares.find((s) => s.deviceId === (device(n).deviceId as Hex) && s.pool === pool)?.weight

describe('scoreMobile', () => {
  const devices = registry([1, 2, 3, 4, 5, 6, 7].map((n) => device(n, n === 7 ? CELL : CELL_2KM)))

  it("pays an honest indoor radio its template's points, every multiplier ×1, and its bytes in the data pool", () => {
    const shares = scoreMobile(day({ n: 1, fixAt: CELL_2KM }), scoreContext(devices))
    expect(multipliers(shares, 1)).toEqual({ heartbeat: ONE, speedtest: ONE, locationTrust: ONE, served: ONE, rank: ONE })
    expect(weight(shares, 1)).toBe(1_000n * ONE)
    expect(weight(shares, 1, 'data')).toBe(30_000_000n * ONE)
    expect(shares.find((s) => s.pool === 'coverage')!.inputs).toMatchObject({
      radioType: 'wifi-indoor',
      heartbeatPeriods: 24,
      speedtestTier: 'good',
      uniqueSubscribers: 3,
      hexes: 7,
    })
  })

  it('zeroes a radio with too few heartbeat periods, failing backhaul, a location far from its fix, or too few subscribers', () => {
    const reports = [
      ...day({ n: 1, hours: 11, fixAt: CELL_2KM }),
      ...day({ n: 2, downloadMbps: 20, fixAt: CELL_2KM }),
      ...day({ n: 3, fixAt: CELL }),
      ...day({ n: 4, subscribers: 2, fixAt: CELL_2KM }),
      ...day({ n: 5, tests: 1, fixAt: CELL_2KM }),
    ]
    const shares = scoreMobile(reports, scoreContext(devices))
    expect(multipliers(shares, 1).heartbeat).toBe(0n)
    expect(multipliers(shares, 2).speedtest).toBe(0n)
    expect(multipliers(shares, 3).locationTrust).toBe(0n)
    expect(multipliers(shares, 4).served).toBe(0n)
    expect(multipliers(shares, 5).speedtest).toBe(0n)
    for (const n of [1, 2, 3, 4, 5]) expect(weight(shares, n)).toBe(0n)
    // A radio unpaid for one reason takes no place in the ranking: all five sat in one hex, none outranked another.
    for (const n of [1, 2, 3, 4, 5]) expect(multipliers(shares, n).rank).toBe(ONE)
    // Each still earns for the bytes it carried.
    expect(weight(shares, 3, 'data')).toBe(30_000_000n * ONE)
  })

  it('pays a served radio partly when the network keeps something for coverage nobody used (unservedCoverageBps)', () => {
    const params = parseMobileParams({ unservedCoverageBps: 300 })
    const shares = scoreMobile(day({ n: 4, subscribers: 0, fixAt: CELL_2KM }), scoreContext(devices, params))
    expect(weight(shares, 4)).toBe(30n * ONE)
    expect(shares.filter((s) => s.pool === 'data')).toEqual([])
  })

  it('ranks crowded radios: the junior indoor radio in a senior one’s hex keeps nothing (rank ×0)', () => {
    const shares = scoreMobile([...day({ n: 1, fixAt: CELL_2KM }), ...day({ n: 2, fixAt: CELL_2KM })], scoreContext(devices))
    expect([multipliers(shares, 1).rank, multipliers(shares, 2).rank]).toEqual([ONE, 0n])
  })

  it('gives the same shares whatever order the reports come in', () => {
    const reports = [...day({ n: 1, fixAt: CELL_2KM }), ...day({ n: 2, fixAt: CELL_2KM, radioType: 'cbrs-outdoor' }), ...day({ n: 3, hours: 5 })]
    const shuffled = reports
      .map((r, i) => ({ r, key: (i * 7919) % reports.length }))
      .sort((a, b) => a.key - b.key)
      .map(({ r }) => r)
    expect(scoreMobile(shuffled, scoreContext(devices))).toEqual(scoreMobile(reports, scoreContext(devices)))
  })

  it('stops the epoch on a heartbeat minimum the epoch cannot hold, rather than pay nobody', () => {
    expect(() => scoreMobile([], scoreContext(devices, DEFAULT_MOBILE_PARAMS, DEVNET_EPOCH))).toThrow(/minHeartbeatPeriods is 12, expected at most 1/)
  })

  it("under Pollen's rule, pays one point per unique hex", () => {
    const params = parseMobileParams({ coverageRule: 'pollen' })
    const shares = scoreMobile([...day({ n: 7, radioType: 'wifi-outdoor' })], scoreContext(devices, params))
    expect(weight(shares, 7)).toBe(61n * ONE)
  })

  it('scores nothing for a radio the registry has no location for', () => {
    const unplaced = registry([device(1, null)])
    expect(
      scoreMobile(
        day({ n: 1 }).filter((r) => r.payloadType === 'heartbeat'),
        scoreContext(unplaced, DEFAULT_MOBILE_PARAMS),
      ),
    ).toEqual([])
  })
})
