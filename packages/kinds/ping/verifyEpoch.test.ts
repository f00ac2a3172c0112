import { keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import { deviceId, pong } from './fixtures.ts'
import { verifyPingEpoch } from './verifyEpoch.ts'

const [a, b] = [keccak256('0x0a'), keccak256('0x0b')]
const answer = keccak256('0xff')
const at = 1_767_225_600_000n

describe('ping verifyEpoch', () => {
  it('keeps the earliest answer to each challenge and drops every later one as DUPLICATE_ANSWER, whatever the order', () => {
    const reports = [
      pong(deviceId(1), at + 30n, { challengeId: a, answer }, 3n),
      pong(deviceId(1), at + 10n, { challengeId: a, answer }, 1n),
      pong(deviceId(1), at + 20n, { challengeId: a, answer }, 2n),
      pong(deviceId(2), at + 99n, { challengeId: b, answer }, 1n),
    ]
    const expected = new Map([
      [reports[0]!.reportId, 'DUPLICATE_ANSWER'],
      [reports[2]!.reportId, 'DUPLICATE_ANSWER'],
    ])
    expect(verifyPingEpoch(reports)).toEqual(expected)
    expect(verifyPingEpoch([...reports].reverse())).toEqual(expected)
  })

  it('breaks a tie in timestamp by sequence, then by report id', () => {
    const low = pong(deviceId(1), at, { challengeId: a, answer }, 1n)
    const high = pong(deviceId(1), at, { challengeId: a, answer }, 2n)
    expect(verifyPingEpoch([high, low])).toEqual(new Map([[high.reportId, 'DUPLICATE_ANSWER']]))
    const x = pong(deviceId(1), at, { challengeId: a, answer }, 5n)
    const y = pong(deviceId(1), at, { challengeId: a, answer: keccak256('0xfe') }, 5n)
    const [kept, dropped] = x.reportId < y.reportId ? [x, y] : [y, x]
    expect(verifyPingEpoch([kept, dropped])).toEqual(new Map([[dropped.reportId, 'DUPLICATE_ANSWER']]))
    expect(verifyPingEpoch([dropped, kept])).toEqual(new Map([[dropped.reportId, 'DUPLICATE_ANSWER']]))
  })

  it('judges nothing when every challenge is answered once', () => {
    expect(verifyPingEpoch([pong(deviceId(1), at, { challengeId: a, answer }), pong(deviceId(1), at, { challengeId: b, answer }, 2n)]).size).toBe(0)
    expect(verifyPingEpoch([]).size).toBe(0)
  })
})
