import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindReport } from '../src/kind.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { DAY_EPOCH, DEVNET_EPOCH, device, deviceId, inputs, issued, received, registry, scoreContext, verifyContext } from './fixtures.ts'
import { DEFAULT_PING_PARAMS } from './params.ts'
import type { Pong } from './payload.ts'
import { scorePing } from './score.ts'
import { PING_BEHAVIOURS, simulatePing } from './simulate.ts'
import { splitPingPools } from './splitPools.ts'
import { verifyPong } from './verify.ts'
import { verifyPingEpoch } from './verifyEpoch.ts'

const MIN = DEFAULT_PING_PARAMS.minStake
const TOKEN = 10n ** 18n
const fleet = PING_BEHAVIOURS.map((behaviour, i) => ({ deviceId: deviceId(i + 1), behaviour, location: null }))
const behaviourOf = new Map(fleet.map((d) => [d.deviceId, d.behaviour]))
const devices = registry(fleet.map((_, i) => device(i + 1)))

/**
 * One epoch of the fleet, judged by the kind alone: challenges from the stake as of the entropy block
 * (everyone bonded minStake), then stake at the epoch's end (the understaked device has unbonded to
 * half: it bonded to be challenged and left), simulated pongs, verify, verifyEpoch, score, splitPools.
 */
function runEpoch(seed: number, epoch = DEVNET_EPOCH) {
  const challenges = issued(devices, new Map(fleet.map((d) => [d.deviceId, MIN])), epoch)
  const stake = new Map(fleet.map((d) => [d.deviceId, d.behaviour === 'understaked' ? MIN / 2n : MIN]))
  const revenue = new Map<Hex, bigint>([
    [deviceId(1), 30n * TOKEN],
    [deviceId(3), 10n * TOKEN],
  ]) // honest, and silent
  const kindInputs = inputs({ challenges, stake, revenue })
  const simulated = simulatePing({ epoch, devices: fleet, params: DEFAULT_PING_PARAMS, challenges, random: seededRandom(seed) })
  const sequences = new Map<Hex, bigint>()
  const reports = simulated.map((r) => {
    const sequence = (sequences.get(r.deviceId) ?? 0n) + 1n
    sequences.set(r.deviceId, sequence)
    return received(r, sequence)
  })
  const verdicts = new Map<Hex, string>()
  const passed: KindReport<Pong>[] = []
  for (const report of reports) {
    const verdict = verifyPong(report, verifyContext(devices.get(report.deviceId)!, kindInputs, DEFAULT_PING_PARAMS, epoch))
    verdicts.set(report.reportId, verdict.valid ? 'valid' : verdict.reason)
    if (verdict.valid) passed.push(report)
  }
  const ctx = scoreContext(devices, kindInputs, DEFAULT_PING_PARAMS, epoch)
  for (const [id, reason] of verifyPingEpoch(passed)) verdicts.set(id, reason)
  const valid = passed.filter((r) => verdicts.get(r.reportId) === 'valid')
  const shares = scorePing(valid, ctx)
  /** Verdicts per behaviour, as "reason × count". */
  const byBehaviour: Record<string, Record<string, number>> = {}
  for (const report of reports) {
    const tally = (byBehaviour[behaviourOf.get(report.deviceId)!] ??= {})
    const verdict = verdicts.get(report.reportId)!
    tally[verdict] = (tally[verdict] ?? 0) + 1
  }
  return { challenges, simulated, reports, byBehaviour, shares, split: splitPingPools(shares, ctx) }
}

describe('ping simulate', () => {
  it('is deterministic given the random source', () => {
    expect(runEpoch(9).simulated).toEqual(runEpoch(9).simulated)
    expect(runEpoch(9).simulated).not.toEqual(runEpoch(10).simulated)
  })

  it('gives every behaviour its verdicts: honest all valid, each adversary its own reason', () => {
    for (const seed of [1, 2, 3]) {
      expect(runEpoch(seed).byBehaviour).toEqual({
        honest: { valid: 4 },
        late: { ANSWERED_LATE: 4 },
        understaked: { STAKE_TOO_LOW: 4 },
        impostor: { WRONG_ANSWER: 4, NOT_YOUR_CHALLENGE: 1, UNKNOWN_CHALLENGE: 1 },
        early: { ANSWERED_EARLY: 4 },
        repeater: { valid: 4, DUPLICATE_ANSWER: 4 },
      })
    }
  })

  it('pays the honest and the repeater for four challenges each, and service only to a staked device that answered', () => {
    const { shares, split } = runEpoch(1)
    const weights = shares.map((s) => `${s.pool} ${behaviourOf.get(s.deviceId)} ${s.weight / 10n ** 18n}`)
    expect(weights).toEqual(['availability honest 4', 'availability repeater 4', 'service honest 30', 'service silent 0'])
    expect(split).toEqual({ availability: 9_985, service: 15 }) // 30 of 10,000 tokens of revenue fills 30/10,000 of the 5,000 bps
  })

  it('answers honestly inside [issuedAt, deadline), and stays inside the epoch whatever the behaviour', () => {
    const { simulated, challenges } = runEpoch(4, DAY_EPOCH)
    const honest = simulated.filter((r) => r.deviceId === deviceId(1))
    const own = challenges.filter((c) => c.deviceId === deviceId(1))
    expect(honest).toHaveLength(own.length)
    for (const r of simulated) expect(r.timestampMs >= DAY_EPOCH.startMs && r.timestampMs < DAY_EPOCH.endMs).toBe(true)
    for (const r of honest) expect(own.some((c) => r.timestampMs >= c.issuedAtMs && r.timestampMs < c.deadlineMs)).toBe(true)
    for (const id of fleet.map((d) => d.deviceId)) {
      const times = simulated.filter((r) => r.deviceId === id).map((r) => r.timestampMs)
      expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) // each device's pongs in time order
    }
  })

  it('sends nothing without challenges, and refuses a behaviour it does not have', () => {
    expect(simulatePing({ epoch: DEVNET_EPOCH, devices: fleet, params: DEFAULT_PING_PARAMS, random: seededRandom(1) })).toEqual(
      // only the impostor, answering a challenge nobody issued
      [expect.objectContaining({ deviceId: deviceId(5), payloadType: 'pong' })],
    )
    expect(() =>
      simulatePing({ epoch: DEVNET_EPOCH, devices: [{ deviceId: deviceId(1), behaviour: 'sleepy', location: null }], params: DEFAULT_PING_PARAMS, random: seededRandom(1) }),
    ).toThrow('ping has no behaviour "sleepy"; expected one of honest, late, silent, understaked, impostor, early, repeater')
  })
})
