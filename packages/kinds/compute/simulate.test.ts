import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { KindEvent } from '../src/chain.ts'
import type { ComputeCarried } from './carried.ts'
import { type JudgedEpoch, computeReport, device, deviceId, epochWindow, judge, leaseEvents, sha256Job } from './fixtures.ts'
import { DEFAULT_COMPUTE_PARAMS } from './params.ts'
import { COMPUTE_BEHAVIOURS, type ComputeBehaviour, holdJob, simulateCompute } from './simulate.ts'
import { FAULT_CODES } from './settlement.ts'
import { seededRandom } from '../src/seededRandom.ts'

// One provider per behaviour, and a second honest one for the copier to copy from, each with a lease
// of the same 8-task sha256 job, all started before epoch 10: four epochs judged by the kind alone,
// with every revealed task re-executed (sample rate 100 %), so each adversary is caught for sure.
const FLEET: readonly ComputeBehaviour[] = ['honest', 'honest', 'lazy', 'overclaimer', 'copier', 'no-show']
const devices = FLEET.map((_, i) => device(i + 1))
const job = sha256Job(8)
const specHash = holdJob(job)
const events: KindEvent[] = leaseEvents(FLEET.map((_, i) => ({ leaseId: BigInt(i + 1), device: i + 1, specHash, startedAtMs: epochWindow(10n).startMs - 5_000n })))
const ALL = { ...DEFAULT_COMPUTE_PARAMS, sampleRatePpm: 1_000_000 }

function run(epochs: number, params = ALL): JudgedEpoch[] {
  let carried: ComputeCarried | null = null
  const judged: JudgedEpoch[] = []
  for (let n = 10n; n < 10n + BigInt(epochs); n++) {
    const { challenges } = judge(n, devices, events, [], carried, params)
    const simulated = simulateCompute({
      epoch: epochWindow(n),
      devices: FLEET.map((behaviour, i) => ({ deviceId: deviceId(i + 1), behaviour, location: null })),
      params,
      challenges,
      random: seededRandom(Number(n)),
    })
    const epoch = judge(n, devices, events, simulated.map(computeReport), carried, params)
    judged.push(epoch)
    carried = epoch.carried
  }
  return judged
}

const reasonsOf = (epoch: JudgedEpoch, behaviour: ComputeBehaviour): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const [id, reason] of epoch.verdicts) {
    const report = [...epoch.accepted, ...epoch.rejected.map((r) => r.report)].find((r) => r.reportId === id)!
    if (FLEET[Number(BigInt(report.deviceId)) - 1] !== behaviour) continue
    const key = reason === null ? `valid ${report.payloadType}` : reason
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

const faultOf = (epoch: JudgedEpoch, lease: number) => epoch.settlement.find((r) => r.leaseId === String(lease))?.fault

describe('leases judged by the compute kind alone, every task re-executed', () => {
  const epochs = run(4)

  it('accepts every honest commitment, reveal and module chunk, and pays honest work by its fuel', () => {
    expect(COMPUTE_BEHAVIOURS).toEqual(expect.arrayContaining([...FLEET]))
    expect(reasonsOf(epochs[0]!, 'honest')).toEqual({ 'valid job': 2, 'valid task-commit': 8 })
    expect(reasonsOf(epochs[1]!, 'honest')).toMatchObject({ 'valid task-commit': 8, 'valid task-reveal': 8 })
    expect(Object.keys(reasonsOf(epochs[2]!, 'honest')).every((k) => k.startsWith('valid'))).toBe(true)
    const honestShares = epochs[1]!.shares.filter((s) => s.deviceId === deviceId(1) || s.deviceId === deviceId(2))
    expect(honestShares.map((s) => [s.inputs.tasksAccepted, s.inputs.tasksReexecuted])).toEqual([
      [4, 4],
      [4, 4],
    ])
    for (const share of honestShares) expect(share.weight).toBeGreaterThan(0n)
    for (const epoch of epochs) expect([faultOf(epoch, 1), faultOf(epoch, 2)]).toEqual(['0', '0'])
  })

  it('catches the lazy provider on its first re-executed task and faults its lease', () => {
    expect(reasonsOf(epochs[1]!, 'lazy')).toMatchObject({ RESULT_MISMATCH: 4 })
    expect(faultOf(epochs[0]!, 3)).toBe('0')
    expect(faultOf(epochs[1]!, 3)).toBe(String(FAULT_CODES.RESULT_MISMATCH))
    expect(epochs[1]!.shares.find((s) => s.deviceId === deviceId(3))?.weight ?? 0n).toBe(0n)
  })

  it('catches the over-claimer: its fuel is more than the re-execution used', () => {
    expect(reasonsOf(epochs[1]!, 'overclaimer')).toMatchObject({ USAGE_OVERCLAIMED: 4 })
    expect(faultOf(epochs[1]!, 4)).toBe(String(FAULT_CODES.USAGE_OVERCLAIMED))
  })

  it('pays the copier nothing for results it committed to after another provider revealed them, and does not fault it', () => {
    // Epoch 11 reveals the honest providers' first four tasks; the copier commits to them then and reveals in 12.
    expect(reasonsOf(epochs[2]!, 'copier')).toMatchObject({ COMMITTED_AFTER_REVEAL: 4 })
    expect(epochs[2]!.shares.find((s) => s.deviceId === deviceId(5))!.weight).toBe(0n)
    expect(epochs.map((e) => faultOf(e, 5))).toEqual(['0', '0', '0', '0'])
  })

  it("faults the no-show's lease once it went noShowEpochs epochs without a commitment", () => {
    expect(reasonsOf(epochs[0]!, 'no-show')).toEqual({})
    expect(epochs.map((e) => faultOf(e, 6))).toEqual(['0', '0', String(FAULT_CODES.NO_SHOW), String(FAULT_CODES.NO_SHOW)])
  })

  it('lowers the reputation of every provider caught, and only theirs', () => {
    const reputations = epochs[3]!.carried.reputations as Record<Hex, { alpha: bigint; beta: bigint }>
    for (const caught of [3, 4, 6]) expect(reputations[deviceId(caught)]!.beta).toBeGreaterThan(0n)
    for (const clean of [1, 2]) expect(reputations[deviceId(clean)]!.beta).toBe(0n)
  })

  it('carries what the next epoch needs and nothing more: commitments awaiting reveal, and leases', () => {
    const carried = epochs[3]!.carried
    expect(carried.leases.map((l) => l.leaseId)).toEqual([1n, 2n, 3n, 4n, 5n, 6n])
    expect(carried.leases[0]!.committed).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(carried.leases[0]!.revealed).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(carried.commitments.filter((c) => c.leaseId === 1n)).toEqual([])
  })
})
