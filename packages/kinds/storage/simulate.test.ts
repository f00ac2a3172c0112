import { keccak256, numberToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { EpochWindow } from '../src/kind.ts'
import { qualifiedName } from '../src/qualifiedName.ts'
import { seededRandom } from '../src/seededRandom.ts'
import { EPOCH, PARAMS, dealEvents, device, deviceId, inputs, payloads, periods, proofReport, registry, scoreContext, verifyContext } from './fixtures.ts'
import { periodOutcomes } from './outcomes.ts'
import { STORAGE_BEHAVIOURS, simulateStorage } from './simulate.ts'
import { verifyPossessionProof } from './verify.ts'
import { verifyStorageEpoch } from './verifyEpoch.ts'

// One provider per behaviour, each with two deals of three seeded pieces (4 KiB, 8 KiB, 1 KiB), all
// accepted before the epoch: the whole proving period judged by the kind alone.
const devices = STORAGE_BEHAVIOURS.map((_, i) => device(i + 1))
const events = dealEvents(
  STORAGE_BEHAVIOURS.flatMap((_, i) => [
    { dealId: BigInt(2 * i + 1), device: i + 1, pieces: payloads(100 + i, 3, 4096), acceptedAtMs: EPOCH.startMs - 60_000n },
    { dealId: BigInt(2 * i + 2), device: i + 1, pieces: [...payloads(200 + i, 1, 8192), ...payloads(300 + i, 1, 1024)], acceptedAtMs: EPOCH.startMs - 1n },
  ]),
)

function runEpoch(seed: number, epoch: EpochWindow = EPOCH) {
  const challenges = periods(registry(devices), events, epoch)
  const kindInputs = inputs({ challenges })
  const simulated = simulateStorage({
    epoch,
    devices: STORAGE_BEHAVIOURS.map((behaviour, i) => ({ deviceId: deviceId(i + 1), behaviour, location: null })),
    params: PARAMS,
    challenges,
    random: seededRandom(seed),
  })
  const reports = simulated.map((r) => proofReport(r.deviceId, r.timestampMs, r.payload))
  const verdicts = new Map(reports.map((r) => [r.reportId, verifyPossessionProof(r, verifyContext(devices.find((d) => d.deviceId === r.deviceId)!, kindInputs))]))
  const passed = reports.filter((r) => verdicts.get(r.reportId)!.valid)
  for (const [id, reason] of verifyStorageEpoch(passed)) verdicts.set(id, { valid: false, reason })
  const byBehaviour: Record<string, Record<string, number>> = {}
  for (const r of reports) {
    const behaviour = STORAGE_BEHAVIOURS[Number(BigInt(r.deviceId)) - 1]!
    const verdict = verdicts.get(r.reportId)!
    const key = verdict.valid ? 'valid' : verdict.reason
    byBehaviour[behaviour] ??= {}
    byBehaviour[behaviour][key] = (byBehaviour[behaviour][key] ?? 0) + 1
  }
  const accepted = reports.filter((r) => verdicts.get(r.reportId)!.valid)
  const rejected = reports.flatMap((r) => {
    const v = verdicts.get(r.reportId)!
    return v.valid ? [] : [{ report: r, reason: v.reason }]
  })
  return { challenges, byBehaviour, outcomes: periodOutcomes(challenges, accepted, rejected), accepted, kindInputs }
}

describe('a proving period judged by the storage kind alone', () => {
  it('issues one period per active deal and judges every behaviour by its rule', () => {
    const { challenges, byBehaviour, outcomes } = runEpoch(7)
    expect(challenges).toHaveLength(2 * STORAGE_BEHAVIOURS.length)
    expect(byBehaviour.honest).toEqual({ valid: 2 })
    expect(byBehaviour.late).toEqual({ ANSWERED_LATE: 2 })
    expect(byBehaviour.corrupter).toEqual({ PROOF_INVALID: 2 })
    expect(byBehaviour.sybil).toEqual({ PROOF_INVALID: 2 })
    expect(byBehaviour.repeater).toEqual({ valid: 2, DUPLICATE_PROOF: 2 })
    // A dropper kept half of each piece: it escapes a 5-leaf period only when every leaf is in that half.
    expect((byBehaviour.dropper?.PROOF_INVALID ?? 0) + (byBehaviour.dropper?.valid ?? 0)).toBe(2)
    const byDevice = (n: number) => outcomes.filter((o) => o.deviceId === deviceId(n))
    expect(byDevice(1).every((o) => o.proven && o.reason === null)).toBe(true)
    expect(byDevice(STORAGE_BEHAVIOURS.indexOf('late') + 1).map((o) => o.reason)).toEqual(['ANSWERED_LATE', 'ANSWERED_LATE'])
    expect(byDevice(STORAGE_BEHAVIOURS.indexOf('repeater') + 1).every((o) => o.proven)).toBe(true)
  })

  it('a flaky provider is sometimes offline for the whole epoch: its periods are PERIOD_NOT_PROVEN, with no report', () => {
    const flaky = STORAGE_BEHAVIOURS.indexOf('flaky') + 1
    const seen = new Set<string>()
    for (let seed = 1; seed <= 12; seed++) {
      const { outcomes } = runEpoch(seed)
      for (const o of outcomes.filter((o) => o.deviceId === deviceId(flaky))) seen.add(o.reason ?? 'proven')
    }
    expect([...seen].sort()).toEqual(['PERIOD_NOT_PROVEN', 'proven'])
  })

  it('catches the dropper in about 1 − (1/2)^5 of its periods, over epochs of other entropy', () => {
    let caught = 0
    let escaped = 0
    // Each epoch's entropy draws other leaves: the dropper escapes only when all five land in the half it kept.
    for (let n = 0; n < 40; n++) {
      const entropy = keccak256(numberToHex(n, { size: 32 }))
      const { byBehaviour } = runEpoch(n, { ...EPOCH, entropy })
      caught += byBehaviour.dropper?.PROOF_INVALID ?? 0
      escaped += byBehaviour.dropper?.valid ?? 0
    }
    expect(caught + escaped).toBe(80)
    // Expected 80 × 31/32 = 77.5 caught; 70 is more than three standard deviations below.
    expect(caught).toBeGreaterThanOrEqual(70)
  })

  it('is deterministic for a seed', () => {
    expect(runEpoch(3).byBehaviour).toEqual(runEpoch(3).byBehaviour)
  })

  it('qualifies its reasons under its name', () => {
    expect(qualifiedName('storage', 'PROOF_INVALID')).toBe('storage.PROOF_INVALID')
  })

  it('scores proven bytes; failed periods add nothing', () => {
    const { accepted, kindInputs } = runEpoch(7)
    const shares = scoreStorageOf(accepted, kindInputs)
    const honest = shares.find((s) => s.deviceId === deviceId(1))!
    const late = shares.find((s) => s.deviceId === deviceId(STORAGE_BEHAVIOURS.indexOf('late') + 1))!
    expect(honest.weight).toBeGreaterThan(0n)
    expect(late.weight).toBe(0n)
    expect(late.inputs).toMatchObject({ periodsOwed: 2, periodsProven: 0, bytesProven: '0' })
  })
})

import { scoreStorage } from './score.ts'
const scoreStorageOf = (accepted: ReturnType<typeof runEpoch>['accepted'], kindInputs: ReturnType<typeof runEpoch>['kindInputs']) =>
  scoreStorage(accepted, scoreContext(registry(devices), kindInputs))
