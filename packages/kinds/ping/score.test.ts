import { ONE } from '@pinion/protocol'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { Challenge } from '../src/challenge.ts'
import { device, deviceId, inputs, issued, pong, registry, scoreContext } from './fixtures.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'
import { decodePing, pongAnswer } from './payload.ts'
import { scorePing } from './score.ts'

const MIN = DEFAULT_PING_PARAMS.minStake
const TOKEN = 10n ** 18n
const devices = registry([1, 2, 3, 4].map((n) => device(n)))
const everyoneStaked = new Map<Hex, bigint>([1, 2, 3, 4].map((n) => [deviceId(n), MIN]))
const challenges = issued(devices, everyoneStaked)
const of = (n: number) => challenges.filter((c) => c.deviceId === deviceId(n))
const answer = (c: Challenge, from: Hex = c.deviceId, sequence = 1n) =>
  pong(from, c.issuedAtMs, { challengeId: c.challengeId, answer: pongAnswer(decodePing(c.payload), c.deviceId) }, sequence)

describe('ping score', () => {
  it('weighs availability by distinct challenges answered, and service by revenue in whole tokens, and explains both', () => {
    const reports = of(1)
      .slice(0, 3)
      .map((c, i) => answer(c, c.deviceId, BigInt(i + 1)))
    const shares = scorePing(reports, scoreContext(devices, inputs({ challenges, stake: everyoneStaked, revenue: new Map([[deviceId(1), 5n * TOKEN + 1n]]) })))
    const staked = { name: 'stake', value: ONE, why: "At least minStake bonded for the device at the epoch's end." }
    const facts = { challengesAnswered: 3, challengesIssued: 4, stake: MIN.toString(), minStake: MIN.toString() }
    expect(shares).toEqual([
      { deviceId: deviceId(1), pool: 'availability', base: 3n * ONE, multipliers: [staked], weight: 3n * ONE, inputs: facts },
      {
        deviceId: deviceId(1),
        pool: 'service',
        base: 5n * ONE + 1n, // 5 tokens and one smallest unit: ONE and the token both have 18 decimals
        multipliers: [staked, { name: 'answered', value: ONE, why: expect.stringMatching(/^The device answered at least one/) }],
        weight: 5n * ONE + 1n,
        inputs: { revenue: (5n * TOKEN + 1n).toString(), ...facts },
      },
    ])
  })

  it('counts a challenge answered twice once, and ignores pongs to challenges not issued to their sender', () => {
    const [c] = of(1)
    const reports = [answer(c!), answer(c!, c!.deviceId, 2n), answer(of(2)[0]!, deviceId(1), 3n)]
    const [share, ...rest] = scorePing(reports, scoreContext(devices, inputs({ challenges, stake: everyoneStaked })))
    expect(rest).toEqual([])
    expect(share).toMatchObject({ deviceId: deviceId(1), base: ONE, weight: ONE, inputs: { challengesAnswered: 1 } })
  })

  it("pays a device nothing (×0, explained) in either pool when its stake at the epoch's end is below minStake", () => {
    const stake = new Map([[deviceId(1), MIN - 1n]])
    const shares = scorePing([answer(of(1)[0]!)], scoreContext(devices, inputs({ challenges, stake, revenue: new Map([[deviceId(1), TOKEN]]) })))
    expect(shares.map((s) => [s.pool, s.weight, s.multipliers[0]!.value])).toEqual([
      ['availability', 0n, 0n],
      ['service', 0n, 0n],
    ])
    expect(shares[0]!.multipliers[0]!.why).toMatch(/Less than minStake/)
    expect(shares[0]!.inputs.stake).toBe((MIN - 1n).toString())
  })

  it('gives revenue to a device that answered no challenge a service share of weight 0, and none to an unregistered device', () => {
    const revenue = new Map([
      [deviceId(2), 7n * TOKEN],
      [deviceId(9), 7n * TOKEN],
      [deviceId(3), 0n],
    ])
    const shares = scorePing([], scoreContext(devices, inputs({ challenges, stake: everyoneStaked, revenue })))
    expect(shares).toHaveLength(1)
    expect(shares[0]).toMatchObject({ deviceId: deviceId(2), pool: 'service', base: 7n * ONE, weight: 0n, inputs: { challengesAnswered: 0, challengesIssued: 4 } })
    expect(shares[0]!.multipliers[1]).toMatchObject({ name: 'answered', value: 0n })
  })

  it('orders shares by pool (availability, service), then device id, whatever the order of reports', () => {
    const reports = [4, 2, 3, 1].flatMap((n) => of(n).map((c, i) => answer(c, c.deviceId, BigInt(i + 1))))
    const revenue = new Map([3, 1].map((n) => [deviceId(n), TOKEN]))
    const ctx = scoreContext(devices, inputs({ challenges, stake: everyoneStaked, revenue }))
    const shares = scorePing(reports, ctx)
    expect(shares.map((s) => `${s.pool} ${s.deviceId.slice(-1)}`)).toEqual(['availability 1', 'availability 2', 'availability 3', 'availability 4', 'service 1', 'service 3'])
    expect(scorePing([...reports].reverse(), ctx)).toEqual(shares)
  })
})
