import { describe, expect, it } from 'vitest'
import { uptime } from '../uptime/index.ts'
import { challengeFromJson, challengeId, challengeToJson, issueChallenges } from './challenge.ts'
import type { DeviceRecord, EpochWindow, Kind } from './kind.ts'

const EPOCH: EpochWindow = { epoch: 3n, startMs: 1_000n, endMs: 2_000n, entropy: `0x${'11'.repeat(32)}` }
const DEVICE = `0x${'aa'.repeat(32)}` as const
const devices = new Map([[DEVICE, { deviceId: DEVICE } as DeviceRecord]])
const question = { deviceId: DEVICE, challengeType: 'ping', payload: new Uint8Array([1, 2, 3]), issuedAtMs: 1_200n, deadlineMs: 1_500n }
const asking = (...issued: (typeof question)[]): Kind => ({ ...(uptime as Kind), challenges: () => issued })
const input = { epoch: EPOCH, devices, stake: new Map(), params: undefined }

describe('issueChallenges', () => {
  it('gives each challenge the id of its kind, epoch and fields, in ascending id order, once', () => {
    const later = { ...question, issuedAtMs: 1_300n }
    const issued = issueChallenges(asking(later, question, question), input)
    expect(issued.map((c) => c.challengeId)).toEqual([challengeId('uptime', 3n, question), challengeId('uptime', 3n, later)].sort())
    expect(issued[0]).toMatchObject({ kind: 'uptime', epoch: 3n })
    expect(challengeId('uptime', 4n, question)).not.toBe(challengeId('uptime', 3n, question))
    expect(challengeId('wireless', 3n, question)).not.toBe(challengeId('uptime', 3n, question))
  })

  it('is empty for a kind that issues none', () => {
    expect(issueChallenges(uptime as Kind, input)).toEqual([])
  })

  it('refuses a challenge to an unknown device, outside the epoch, or due before it is issued or after the epoch', () => {
    expect(() => issueChallenges(asking({ ...question, deviceId: `0x${'bb'.repeat(32)}` }), input)).toThrow(/a device the registry does not know/)
    expect(() => issueChallenges(asking({ ...question, issuedAtMs: 999n }), input)).toThrow(/outside the epoch \[1000, 2000\)/)
    expect(() => issueChallenges(asking({ ...question, issuedAtMs: 2_000n, deadlineMs: 2_000n }), input)).toThrow(/outside the epoch/)
    expect(() => issueChallenges(asking({ ...question, deadlineMs: 1_200n }), input)).toThrow(/deadline 1200; expected after 1200/)
    expect(() => issueChallenges(asking({ ...question, deadlineMs: 2_001n }), input)).toThrow(/at most the epoch's end 2000/)
  })
})

describe('challenge JSON', () => {
  it('round-trips, and refuses a challenge whose fields do not hash to its id', () => {
    const [challenge] = issueChallenges(asking(question), input)
    const json = challengeToJson(challenge!)
    expect(json).toMatchObject({ epoch: '3', payload: '0x010203', issuedAtMs: '1200', deadlineMs: '1500' })
    expect(challengeFromJson(json)).toEqual(challenge)
    expect(() => challengeFromJson({ ...json, deadlineMs: '1600' })).toThrow(/does not hash to its id/)
  })
})
