import { type Hex, keccak256 } from 'viem'
import { describe, expect, it } from 'vitest'
import type { Challenge } from '../src/challenge.ts'
import { device, inputs, issued, pong, registry, verifyContext } from './fixtures.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'
import { decodePing, encodePing, pongAnswer } from './payload.ts'
import { PING_REASONS } from './reasons.ts'
import { verifyPong } from './verify.ts'

const MIN = DEFAULT_PING_PARAMS.minStake
const [one, two] = [device(1), device(2)]
const challengeStake = new Map<Hex, bigint>([
  [one.deviceId, MIN],
  [two.deviceId, MIN],
])
const challenges = issued(registry([one, two]), challengeStake)
const first = challenges.find((c) => c.deviceId === one.deviceId)!
const ofTwo = challenges.find((c) => c.deviceId === two.deviceId)!
const answerTo = (c: Challenge, as: Hex = c.deviceId) => ({ challengeId: c.challengeId, answer: pongAnswer(decodePing(c.payload), as) })
const ctx = (stake: bigint = MIN) => verifyContext(one, inputs({ challenges, stake: new Map([[one.deviceId, stake]]) }))
const verdict = (timestampMs: bigint, payload: ReturnType<typeof answerTo>, stake?: bigint) => verifyPong(pong(one.deviceId, timestampMs, payload), ctx(stake))

describe('ping verify', () => {
  it('publishes a sentence for every reason it gives', () => {
    expect(Object.keys(PING_REASONS)).toEqual(['UNKNOWN_CHALLENGE', 'NOT_YOUR_CHALLENGE', 'ANSWERED_EARLY', 'ANSWERED_LATE', 'WRONG_ANSWER', 'STAKE_TOO_LOW', 'DUPLICATE_ANSWER'])
    for (const words of Object.values(PING_REASONS)) expect(words.length).toBeGreaterThan(20)
  })

  it('accepts the right answer from the first to the last millisecond of the window, deadline included', () => {
    expect(verdict(first.issuedAtMs, answerTo(first))).toEqual({ valid: true })
    expect(verdict(first.deadlineMs, answerTo(first))).toEqual({ valid: true })
  })

  it('ANSWERED_EARLY a millisecond before the challenge is issued, ANSWERED_LATE a millisecond after its deadline', () => {
    expect(verdict(first.issuedAtMs - 1n, answerTo(first))).toEqual({ valid: false, reason: 'ANSWERED_EARLY' })
    expect(verdict(first.deadlineMs + 1n, answerTo(first))).toEqual({ valid: false, reason: 'ANSWERED_LATE' })
  })

  it('UNKNOWN_CHALLENGE for an id nobody issued, a challenge of another kind, or one whose question is not a Ping', () => {
    expect(verdict(first.issuedAtMs, { ...answerTo(first), challengeId: keccak256('0x01') })).toEqual({ valid: false, reason: 'UNKNOWN_CHALLENGE' })
    const foreign = [{ ...first, kind: 'storage' }]
    const broken = [{ ...first, payload: new Uint8Array([0xff]) }]
    for (const list of [foreign, broken]) {
      expect(verifyPong(pong(one.deviceId, first.issuedAtMs, answerTo(first)), verifyContext(one, inputs({ challenges: list, stake: new Map([[one.deviceId, MIN]]) })))).toEqual({
        valid: false,
        reason: 'UNKNOWN_CHALLENGE',
      })
    }
    expect(verifyPong(pong(one.deviceId, first.issuedAtMs, answerTo(first)), verifyContext(one, inputs()))).toEqual({ valid: false, reason: 'UNKNOWN_CHALLENGE' })
  })

  it("NOT_YOUR_CHALLENGE for another device's challenge, even answered right and on time", () => {
    expect(verdict(ofTwo.issuedAtMs, answerTo(ofTwo))).toEqual({ valid: false, reason: 'NOT_YOUR_CHALLENGE' })
    expect(verdict(ofTwo.issuedAtMs, answerTo(ofTwo, one.deviceId))).toEqual({ valid: false, reason: 'NOT_YOUR_CHALLENGE' })
  })

  it("WRONG_ANSWER for an answer computed with another device's id, another nonce, or none", () => {
    expect(verdict(first.issuedAtMs, answerTo(first, two.deviceId))).toEqual({ valid: false, reason: 'WRONG_ANSWER' })
    const otherNonce = { ...first, payload: encodePing(keccak256('0x02')) }
    expect(verdict(first.issuedAtMs, answerTo(otherNonce))).toEqual({ valid: false, reason: 'WRONG_ANSWER' })
    expect(verdict(first.issuedAtMs, { challengeId: first.challengeId, answer: keccak256(first.challengeId) })).toEqual({ valid: false, reason: 'WRONG_ANSWER' })
  })

  it("STAKE_TOO_LOW when the device's stake at the epoch's end is below minStake, by one unit or all of it", () => {
    expect(verdict(first.issuedAtMs, answerTo(first), MIN)).toEqual({ valid: true })
    expect(verdict(first.issuedAtMs, answerTo(first), MIN - 1n)).toEqual({ valid: false, reason: 'STAKE_TOO_LOW' })
    expect(verifyPong(pong(one.deviceId, first.issuedAtMs, answerTo(first)), verifyContext(one, inputs({ challenges })))).toEqual({
      valid: false,
      reason: 'STAKE_TOO_LOW',
    })
  })

  it('leaves a second answer to one challenge valid: verifyEpoch judges duplicates', () => {
    expect(verdict(first.issuedAtMs + 1n, answerTo(first))).toEqual({ valid: true })
  })
})
