import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { device, deviceId, issued, registry } from './fixtures.ts'
import { pingIndex } from './issued.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'
import { decodePing, pongAnswer } from './payload.ts'

const devices = registry([device(1), device(2)])
const stake = new Map<Hex, bigint>([
  [deviceId(1), DEFAULT_PING_PARAMS.minStake],
  [deviceId(2), DEFAULT_PING_PARAMS.minStake],
])

describe('ping challenge index', () => {
  it("holds every ping challenge by id with its one right answer, and counts each device's", () => {
    const challenges = issued(devices, stake)
    const index = pingIndex(challenges)
    expect(index.byId.size).toBe(8)
    for (const c of challenges) expect(index.byId.get(c.challengeId)).toEqual({ challenge: c, answer: pongAnswer(decodePing(c.payload), c.deviceId) })
    expect(index.issuedTo).toEqual(
      new Map([
        [deviceId(1), 4],
        [deviceId(2), 4],
      ]),
    )
  })

  it("leaves out other kinds' challenges and questions that are not a Ping", () => {
    const [a, b, c] = issued(devices, stake)
    const index = pingIndex([
      { ...a!, kind: 'storage' },
      { ...b!, challengeType: 'prove-leaves' },
      { ...c!, payload: new Uint8Array([0xff]) },
    ])
    expect([index.byId.size, index.issuedTo.size]).toEqual([0, 0])
  })

  it('is built once per epoch’s inputs: the same list gives the same index, a new list a new one', () => {
    const challenges = issued(devices, stake)
    expect(pingIndex(challenges)).toBe(pingIndex(challenges))
    expect(pingIndex([...challenges])).not.toBe(pingIndex(challenges))
  })
})
